/**
 * What verify asks each backend about a probe. A check's `attempt` answers true (found as expected),
 * false (not there yet: ask again) or throws a CheckFailure (found, but wrong; or the backend is unusable).
 */
import { DATASOURCE_UIDS } from '../../config/grafana';
import { PROMOTED_RESOURCE_ATTRIBUTES } from '../../config/prometheus';
import { HttpFailure, fetchJson, oneLine } from './http';
import { PROBE_ATTRIBUTE, PROBE_METRIC, PROBE_SERVICE, Probe, promName } from './probe';

/** Base URLs of the stack's HTTP APIs. */
export interface Targets {
  /** OTLP/HTTP base URL of the collector (`/v1/traces` etc. are appended). */
  readonly collector: string;
  readonly tempo: string;
  readonly loki: string;
  readonly prometheus: string;
  readonly grafana: string;
  /** Grafana basic-auth credentials. @default - anonymous */
  readonly grafanaAuth?: { readonly user: string; readonly password: string };
}

/** The backends verify knows. */
export const BACKENDS = ['collector', 'tempo', 'loki', 'prometheus', 'grafana'] as const;
/** One of BACKENDS. */
export type Backend = (typeof BACKENDS)[number];

/** The signal a check proves queryable, for time-to-queryable figures. */
export type Signal = 'traces' | 'logs' | 'metrics';

/** One question to one backend. */
export interface Check {
  readonly name: string;
  readonly backend: Backend;
  /** The URL asked (reported on failure). */
  readonly url: string;
  /** What a pass means, for the failure line. */
  readonly expectation: string;
  /** The signal whose arrival this check times. @default - none (health checks) */
  readonly signal?: Signal;
  attempt(): Promise<boolean>;
}

/** The backend answered, but not as expected; asking again will not help. */
export class CheckFailure extends Error {}

const hexId = (id: string) => id.replace(/^0+/, '').toLowerCase();
/** Tempo's JSON carries ids in base64; search results drop leading zeros. Compare as hex without them. */
const fromBase64 = (id: string) => (/^[0-9a-f]+$/i.test(id) ? id : Buffer.from(id, 'base64').toString('hex'));

/** Every span of a Tempo trace response (`batches` in v1, `trace.resourceSpans` in v2). */
function spansOf(body: any): Array<{ name?: string; kind?: string | number; traceId?: string }> {
  const resources = body?.batches ?? body?.resourceSpans ?? body?.trace?.resourceSpans;
  if (!Array.isArray(resources)) throw new CheckFailure(`answered JSON without batches or resourceSpans: ${oneLine(JSON.stringify(body))}`);
  return resources.flatMap((r: any) => (r.scopeSpans ?? r.instrumentationLibrarySpans ?? []).flatMap((s: any) => s.spans ?? []));
}

const isKind = (kind: unknown, name: 'SERVER' | 'INTERNAL', code: number) => kind === code || kind === `SPAN_KIND_${name}`;

/** Seconds since the epoch, a minute either side of the probe (query ranges). */
function window(p: Probe): { start: number; end: number } {
  return { start: Math.floor(p.startedMs / 1000) - 60, end: Math.ceil(p.startedMs / 1000) + 600 };
}

function tempoChecks(base: string, p: Probe): Check[] {
  const byId = `${base}/api/traces/${p.traceId}`;
  const { start, end } = window(p);
  const traceql = `{ span.${PROBE_ATTRIBUTE} = "${p.id}" }`;
  const search = `${base}/api/search?${new URLSearchParams({ q: traceql, start: String(start), end: String(end), limit: '20' })}`;
  return [
    {
      name: 'trace by id', backend: 'tempo', signal: 'traces', url: byId,
      expectation: `trace ${p.traceId} with a server span and an internal span`,
      async attempt() {
        const body = await fetchJson(byId);
        if (body === undefined) return false;
        const spans = spansOf(body);
        return spans.some((s) => isKind(s.kind, 'SERVER', 2)) && spans.some((s) => isKind(s.kind, 'INTERNAL', 1));
      },
    },
    {
      name: 'TraceQL search', backend: 'tempo', signal: 'traces', url: search,
      expectation: `${traceql} finds trace ${p.traceId}`,
      async attempt() {
        const body = (await fetchJson(search)) as { traces?: Array<{ traceID?: string }> } | undefined;
        if (body === undefined) return false;
        if (!Array.isArray(body.traces)) throw new CheckFailure(`answered JSON without traces: ${oneLine(JSON.stringify(body))}`);
        return body.traces.some((t) => hexId(fromBase64(t.traceID ?? '')) === hexId(p.traceId));
      },
    },
  ];
}

function lokiCheck(base: string, p: Probe): Check {
  const { start, end } = window(p);
  const query = `{service_name="${PROBE_SERVICE}"} | ${promName(PROBE_ATTRIBUTE)}="${p.id}"`;
  const url = `${base}/loki/api/v1/query_range?${new URLSearchParams({ query, start: `${start}000000000`, end: `${end}000000000`, limit: '10' })}`;
  return {
    name: 'log by probe attribute', backend: 'loki', signal: 'logs', url,
    expectation: `${query} returns the probe's line with structured metadata trace_id=${p.traceId}`,
    async attempt() {
      const body = (await fetchJson(url)) as { data?: { result?: Array<{ stream?: Record<string, string> }> } } | undefined;
      if (body === undefined) return false;
      const result = body.data?.result;
      if (!Array.isArray(result)) throw new CheckFailure(`answered JSON without data.result: ${oneLine(JSON.stringify(body))}`);
      if (result.length === 0) return false;
      const traceIds = result.map((r) => r.stream?.trace_id);
      if (!traceIds.includes(p.traceId)) throw new CheckFailure(`the line is there, but its trace_id is ${traceIds.join(', ') || 'absent'}`);
      return true;
    },
  };
}

function prometheusCheck(base: string, p: Probe): Check {
  const metric = `${promName(PROBE_METRIC)}_total`;
  const query = `${metric}{${promName(PROBE_ATTRIBUTE)}="${p.id}"}`;
  const url = `${base}/api/v1/query?${new URLSearchParams({ query })}`;
  const expected = Object.fromEntries(PROMOTED_RESOURCE_ATTRIBUTES.map((a) => [promName(a), p.resource[a]]));
  return {
    name: 'probe metric', backend: 'prometheus', signal: 'metrics', url,
    expectation: `${query} with promoted labels ${Object.keys(expected).join(', ')}`,
    async attempt() {
      const body = (await fetchJson(url)) as { data?: { result?: Array<{ metric: Record<string, string> }> } } | undefined;
      const result = body?.data?.result;
      if (!Array.isArray(result)) throw new CheckFailure(`answered JSON without data.result: ${oneLine(JSON.stringify(body))}`);
      if (result.length === 0) return false;
      const wrong = Object.entries(expected).filter(([label, value]) => result[0].metric[label] !== value);
      if (wrong.length > 0) throw new CheckFailure(`series found, but labels ${wrong.map(([l, v]) => `${l}="${v}"`).join(', ')} are missing or differ`);
      return true;
    },
  };
}

function grafanaChecks(t: Targets): Check[] {
  const health = `${t.grafana}/api/health`;
  const healthCheck: Check = {
    name: 'health', backend: 'grafana', url: health, expectation: 'database "ok"',
    async attempt() {
      const body = (await fetchJson(health)) as { database?: string } | undefined;
      if (body?.database === undefined) throw new CheckFailure(`answered without a database status: ${oneLine(JSON.stringify(body))}`);
      return body.database === 'ok';
    },
  };
  const datasources = Object.values(DATASOURCE_UIDS).map((uid): Check => {
    const url = `${t.grafana}/api/datasources/uid/${uid}/health`;
    return {
      name: `datasource ${uid}`, backend: 'grafana', url, expectation: `datasource '${uid}' is provisioned and its health is OK`,
      async attempt() {
        const body = (await fetchJson(url, { basicAuth: t.grafanaAuth })) as { status?: string; message?: string } | undefined;
        if (body === undefined) throw new CheckFailure(`datasource '${uid}' is not provisioned`);
        if (body.status !== 'OK') throw new CheckFailure(`health ${body.status ?? 'unknown'}: ${oneLine(body.message ?? '')}`);
        return true;
      },
    };
  });
  return [healthCheck, ...datasources];
}

/** Every polled check of a probe, for the backends not skipped. */
export function checksFor(t: Targets, p: Probe, skip: ReadonlySet<Backend> = new Set()): Check[] {
  const all = [...tempoChecks(t.tempo, p), lokiCheck(t.loki, p), prometheusCheck(t.prometheus, p), ...grafanaChecks(t)];
  return all.filter((c) => !skip.has(c.backend));
}

/** A failure that asking again cannot fix: credentials refused, or an answer that is not JSON. */
export function isFinal(error: unknown): boolean {
  return error instanceof CheckFailure || (error instanceof HttpFailure && (error.status === 401 || error.status === 403 || error.reason.includes('not JSON')));
}
