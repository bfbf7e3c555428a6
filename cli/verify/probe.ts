/**
 * The verify probe: one uniquely tagged trace (a server span and an internal child), a log record
 * carrying that trace's id, and a counter point, as OTLP/JSON request bodies. Pure data.
 */
import { randomBytes } from 'node:crypto';
import { PROMOTED_RESOURCE_ATTRIBUTES } from '../../config/prometheus';

/** The attribute every probe signal carries; its value is unique per probe. */
export const PROBE_ATTRIBUTE = 'verify.probe.id';
/** `service.name` of the probe. */
export const PROBE_SERVICE = 'otel-lgtm-verify';
/** The probe counter's OTLP name; Prometheus stores it as `otel_lgtm_verify_probes_total`. */
export const PROBE_METRIC = 'otel_lgtm.verify.probes';

/** What identifies one probe in every backend. */
export interface Probe {
  /** Value of PROBE_ATTRIBUTE. */
  readonly id: string;
  /** 32 hex digits. */
  readonly traceId: string;
  /** The server span's id, 16 hex digits (the log record refers to it). */
  readonly serverSpanId: string;
  /** The internal span's id. */
  readonly internalSpanId: string;
  /** When the probe was made (ms since the epoch). */
  readonly startedMs: number;
  /** Resource attributes, the promoted ones included. */
  readonly resource: Readonly<Record<string, string>>;
  /** Span attributes that make tail sampling keep the trace (ProbeOrigin.keep). */
  readonly keep: Readonly<Record<string, string>>;
}

/** Where the probe claims to come from; each promoted resource attribute gets a value, so its label can be checked. */
export interface ProbeOrigin {
  /** `deployment.environment.name`. */
  readonly environment: string;
  /** `service.namespace` and `k8s.namespace.name`. */
  readonly namespace: string;
  /**
   * Span attributes a tail-sampling policy keeps (the environment's `sampling.keepAttributes`, e.g.
   * `priority=high`), so a probe is never sampled out and a check does not fail by chance.
   * @default - none
   */
  readonly keep?: Readonly<Record<string, string>>;
}

/** A fresh probe with random ids. */
export function newProbe(origin: ProbeOrigin, now = Date.now()): Probe {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  const values: Record<(typeof PROMOTED_RESOURCE_ATTRIBUTES)[number], string> = {
    'service.namespace': origin.namespace,
    'service.version': '1',
    'deployment.environment.name': origin.environment,
    'k8s.namespace.name': origin.namespace,
  };
  return {
    id: `probe-${hex(8)}`,
    traceId: hex(16),
    serverSpanId: hex(8),
    internalSpanId: hex(8),
    startedMs: now,
    resource: { 'service.name': PROBE_SERVICE, ...values },
    keep: origin.keep ?? {},
  };
}

type KeyValue = { key: string; value: { stringValue: string } };

function attributes(values: Readonly<Record<string, string>>): KeyValue[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: { stringValue: value } }));
}

function nanos(ms: number): string {
  return `${BigInt(Math.round(ms)) * 1_000_000n}`;
}

const SCOPE = { name: 'otel-lgtm-cdk8s/verify' };
const SPAN_KIND = { internal: 1, server: 2 } as const;

/** ExportTraceServiceRequest: `GET /verify` (server) with a child `verify.internal` (internal). */
export function traceRequest(p: Probe): object {
  const tag = attributes({ ...p.keep, [PROBE_ATTRIBUTE]: p.id });
  const span = (spanId: string, name: string, kind: number, offsetMs: number, extra: object) => ({
    traceId: p.traceId, spanId, name, kind,
    startTimeUnixNano: nanos(p.startedMs + offsetMs), endTimeUnixNano: nanos(p.startedMs + offsetMs + 5),
    attributes: tag, status: { code: 1 }, ...extra,
  });
  return {
    resourceSpans: [{
      resource: { attributes: attributes(p.resource) },
      scopeSpans: [{
        scope: SCOPE,
        spans: [
          span(p.serverSpanId, 'GET /verify', SPAN_KIND.server, 0, {}),
          span(p.internalSpanId, 'verify.internal', SPAN_KIND.internal, 1, { parentSpanId: p.serverSpanId }),
        ],
      }],
    }],
  };
}

/** ExportLogsServiceRequest: one INFO record in the server span's context. */
export function logsRequest(p: Probe): object {
  return {
    resourceLogs: [{
      resource: { attributes: attributes(p.resource) },
      scopeLogs: [{
        scope: SCOPE,
        logRecords: [{
          timeUnixNano: nanos(p.startedMs), observedTimeUnixNano: nanos(p.startedMs),
          severityNumber: 9, severityText: 'INFO',
          body: { stringValue: `verify probe ${p.id}` },
          attributes: attributes({ [PROBE_ATTRIBUTE]: p.id }),
          traceId: p.traceId, spanId: p.serverSpanId,
        }],
      }],
    }],
  };
}

/** ExportMetricsServiceRequest: a cumulative monotonic sum of 1, tagged with the probe id. */
export function metricsRequest(p: Probe): object {
  return {
    resourceMetrics: [{
      resource: { attributes: attributes(p.resource) },
      scopeMetrics: [{
        scope: SCOPE,
        metrics: [{
          name: PROBE_METRIC, unit: '{probe}', description: 'Probes sent by otel-lgtm verify',
          sum: {
            aggregationTemporality: 2, isMonotonic: true,
            dataPoints: [{ asInt: '1', startTimeUnixNano: nanos(p.startedMs - 1000), timeUnixNano: nanos(p.startedMs), attributes: attributes({ [PROBE_ATTRIBUTE]: p.id }) }],
          },
        }],
      }],
    }],
  };
}

/** A dotted OTLP name as Prometheus stores it (UnderscoreEscapingWithSuffixes): `a.b-c` → `a_b_c`. */
export function promName(otlpName: string): string {
  return otlpName.replace(/[^a-zA-Z0-9_]/g, '_');
}
