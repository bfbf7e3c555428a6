/**
 * What the HA run sends and asks: verify's probes (a trace, a log line and a counter point each),
 * traces of four spans sent in two requests seconds apart (so their spans may cross both gateways and
 * must meet in one sampler), and queries to a backend while one of its replicas is down. Each request
 * opens its own connection, so the Service proxies spread them over the replicas as a client fleet would.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Probe, ProbeOrigin, logsRequest, metricsRequest, newProbe, traceRequest } from '../../cli/verify/probe';

/** An HTTP status, or `error` when there was no answer. */
export type Status = number | 'error';

/** One request on a connection of its own; resolves with the status and body. */
export function httpRequest(url: string, body?: unknown, timeoutMs = 5000): Promise<{ status: Status; text: string }> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, {
      method: payload ? 'POST' : 'GET', agent: false, timeout: timeoutMs,
      headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 'error', text }));
      res.on('error', () => resolve({ status: 'error', text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 'error', text: '' }));
    req.end(payload);
  });
}

const ok = (s: Status) => typeof s === 'number' && s >= 200 && s < 300;

/** A probe and which of its signals the collector acknowledged. */
export interface SentProbe {
  readonly probe: Probe;
  readonly phase: string;
  readonly acked: { traces: boolean; logs: boolean; metrics: boolean };
}

/** Sends one probe through the collector's OTLP/HTTP receiver. */
export async function sendProbe(collector: string, origin: ProbeOrigin, phase: string): Promise<SentProbe> {
  const probe = newProbe(origin);
  const [traces, logs, metrics] = await Promise.all([
    httpRequest(`${collector}/v1/traces`, traceRequest(probe)), httpRequest(`${collector}/v1/logs`, logsRequest(probe)), httpRequest(`${collector}/v1/metrics`, metricsRequest(probe)),
  ]);
  return { probe, phase, acked: { traces: ok(traces.status), logs: ok(logs.status), metrics: ok(metrics.status) } };
}

/** A four-span trace sent in two parts. */
export interface SplitTrace {
  readonly traceId: string;
  readonly phase: string;
  /** When each part was sent (ms since the epoch). */
  readonly sentMs: [number, number];
  readonly acked: [boolean, boolean];
}

/** Spans per SplitTrace. */
export const SPANS_PER_TRACE = 4;

/** Sends a trace's root and first child now and two more children `gapMs` later, each part in its own request. */
export async function sendSplitTrace(collector: string, keep: Record<string, string>, phase: () => string, gapMs: number): Promise<SplitTrace> {
  const traceId = randomBytes(16).toString('hex');
  const ids = Array.from({ length: SPANS_PER_TRACE }, () => randomBytes(8).toString('hex'));
  const startedMs = Date.now();
  const label = phase();
  const part = async (from: number, to: number) => {
    const spans = ids.slice(from, to).map((spanId, i) => ({
      traceId, spanId, name: from + i === 0 ? 'GET /ha' : `ha.step.${from + i}`, kind: from + i === 0 ? 2 : 1,
      ...(from + i === 0 ? {} : { parentSpanId: ids[0] }),
      startTimeUnixNano: `${BigInt(startedMs + (from + i) * 10) * 1000000n}`, endTimeUnixNano: `${BigInt(startedMs + gapMs + 50) * 1000000n}`,
      attributes: Object.entries(keep).map(([key, value]) => ({ key, value: { stringValue: value } })), status: { code: 1 },
    }));
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otel-lgtm-e2e-ha' } }] }, scopeSpans: [{ scope: { name: 'e2e-ha' }, spans }] }] };
    return { sent: Date.now(), ok: ok((await httpRequest(`${collector}/v1/traces`, body)).status) };
  };
  const first = await part(0, 2);
  await new Promise((resolve) => setTimeout(resolve, gapMs));
  const second = await part(2, SPANS_PER_TRACE);
  return { traceId, phase: label, sentMs: [first.sent, second.sent], acked: [first.ok, second.ok] };
}

/** Span ids of a trace in Tempo (`undefined`: not found; `error`: no answer). */
export async function tempoSpans(tempo: string, traceId: string): Promise<string[] | undefined | 'error'> {
  const { status, text } = await httpRequest(`${tempo}/api/traces/${traceId}`);
  if (status === 404) return undefined;
  if (status !== 200) return 'error';
  const body = JSON.parse(text);
  const resources = body?.batches ?? body?.resourceSpans ?? body?.trace?.resourceSpans ?? [];
  return resources.flatMap((r: any) => (r.scopeSpans ?? []).flatMap((s: any) => (s.spans ?? []).map((span: any) => span.spanId)));
}

/** One query during an outage: answered means HTTP 200 (and, for Prometheus and Loki, `status: success`). */
export async function answered(url: string): Promise<boolean> {
  const { status, text } = await httpRequest(url);
  if (status !== 200) return false;
  try {
    const body = JSON.parse(text);
    return body?.status === undefined || body.status === 'success';
  } catch {
    return false;
  }
}
