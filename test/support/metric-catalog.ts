/**
 * The catalog of Prometheus series names the stack can actually produce: the app's own
 * instruments (obtained by running them), the collector connectors' outputs, and the stack
 * components' self-metrics. Dashboards and rules may only query names from this catalog.
 */
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { REQUEST_DURATION_METRIC } from '../../app/src/request-telemetry';
import { createAppMetrics } from '../../app/src/metrics';
import captured from '../fixtures/real-programs/metric-names.json';
import { CLUSTER_METRICS } from '../../settings/cluster-metrics';
import { DEFAULT_METRIC_ALLOWLIST } from '../../settings/cluster-telemetry';
import { OtelMetricType, seriesNames } from '../../config/otlp-names';
import { CONNECTOR_METRICS } from '../../config/metric-sources';

export type { OtelMetricType } from '../../config/otlp-names';
export { prometheusName, seriesNames } from '../../config/otlp-names';

function typeOf(m: MetricData): OtelMetricType {
  switch (m.dataPointType) {
    case DataPointType.HISTOGRAM:
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return 'histogram';
    case DataPointType.SUM:
      return m.isMonotonic ? 'counter' : 'updowncounter';
    default:
      return 'gauge';
  }
}

/** A reader that only collects on demand: no timers, nothing exported. */
export class OnDemandReader extends MetricReader {
  constructor() { super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE }); }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * The app's series names, from its real instruments: registers an SDK meter provider globally
 * (createAppMetrics uses the global API), records once on each instrument, collects, translates.
 * Only the SDK output counts: a renamed or re-united instrument changes the catalog by itself.
 */
export async function appMetricNames(): Promise<Set<string>> {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  try {
    const app = createAppMetrics('catalog');
    app.requests.add(1, { 'http.route': '/', outcome: 'success' });
    app.workDuration.record(0.01, { 'work.size': 'small' });
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) throw new AggregateError(errors, 'collecting app metrics failed');
    const names = new Set<string>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const m of scope.metrics) seriesNames(m.descriptor.name, m.descriptor.unit, typeOf(m)).forEach((n) => names.add(n));
    }
    // The request hooks (app/src/request-telemetry.ts) record the stable semconv histogram (unit s).
    seriesNames(REQUEST_DURATION_METRIC, 's', 'histogram').forEach((n) => names.add(n));
    return names;
  } finally {
    await provider.shutdown();
    metrics.disable();
  }
}

/** OTel-side description of a metric another component emits, translated like the app's. */
type Emitted = readonly [name: string, unit: string, type: OtelMetricType];

/** Collector connector outputs, pushed to Prometheus over OTLP (so translated like the app's): the library's list. */
export { CONNECTOR_METRICS } from '../../config/metric-sources';

/**
 * Cluster telemetry pushed over OTLP: the kubelet_stats and k8s_cluster metrics the default
 * allowlist passes, with name, unit and instrument from each receiver's metadata.yaml (cited in
 * config/cluster-metrics.ts). No build on this machine has these receivers, so they are not captured.
 */
export const CLUSTER_TELEMETRY_METRICS: readonly Emitted[] = DEFAULT_METRIC_ALLOWLIST.map((name) => {
  const metric = CLUSTER_METRICS.get(name);
  if (!metric) throw new Error(`allowlisted metric ${name} is not one the receivers emit`);
  return metric;
});

const SIGNALS = ['spans', 'metric_points', 'log_records'] as const;

/**
 * Labels of the span-metric series (span_metrics connector's default dimensions, README of
 * connector/spanmetricsconnector): `service.name`, `span.name`, `span.kind`, `status.code`,
 * translated to underscores; plus what Prometheus adds to every OTLP series (`job`, `instance`)
 * and the promoted resource attributes (config/prometheus.ts).
 */
export const SPAN_METRIC_LABELS = ['service_name', 'span_name', 'span_kind', 'status_code', 'le', 'job', 'instance'] as const;

/**
 * Series names the stack's components expose on their scraped /metrics, as captured from the real
 * programs under load by `npm run capture-fixtures` (test/fixtures/real-programs/metric-names.json,
 * with each program's version).
 */
export const CAPTURED_METRICS: Readonly<Record<string, { version: string; names: readonly string[] }>> = Object.fromEntries(
  Object.entries(captured).filter(([, v]) => typeof v === 'object'),
) as Record<string, { version: string; names: readonly string[] }>;

/**
 * Names a healthy capture run cannot show, because the program creates them only on an event,
 * each with that event: the collector's failure counters appear at the first failure
 * (exporterhelper/receiverhelper documentation.md); Tempo's blocklist gauge after its first poll of
 * the backend, Loki's stored-chunk counter after its first chunk flush (both minutes in).
 */
export const CREATED_ON_EVENT: Readonly<Record<string, readonly string[]>> = {
  collector: SIGNALS.flatMap((s) => [`otelcol_exporter_send_failed_${s}`, `otelcol_exporter_enqueue_failed_${s}`]),
  // tempo_discarded_spans_total{reason}: at the first discarded span (seen with tempo-3 3.0.3 from
  // ../shared/bin after a push over a 10-byte rate limit: reason="rate_limited").
  tempo: ['tempodb_blocklist_length', 'tempo_discarded_spans_total'],
  // loki_discarded_samples_total{reason}: at the first discarded line (seen with Loki 3.7.6 after a
  // too-old and a rate-limited push: reason="greater_than_max_sample_age", "rate_limited").
  loki: ['loki_ingester_chunk_stored_bytes_total', 'loki_discarded_samples_total'],
};

/**
 * Names of a program the capture does not run, checked against the running program by a test
 * instead: Alertmanager's, in test/contracts/alertmanager.programs.test.ts (Debian's Alertmanager on 127.0.0.1).
 */
export const CHECKED_LIVE: Readonly<Record<string, readonly string[]>> = {
  alertmanager: ['alertmanager_notifications_total', 'alertmanager_notifications_failed_total'],
};

/**
 * Exposed only when Alertmanager gossips (more than one replica; the stack's alert on it exists only
 * then): seen as `alertmanager_cluster_members 1` on Debian's Alertmanager 0.33.1 started with
 * `--cluster.listen-address=127.0.0.1:<port>`, absent with `--cluster.listen-address=` (as the running-Alertmanager test starts it).
 */
export const GOSSIP_ONLY: Readonly<Record<string, readonly string[]>> = {
  alertmanager: ['alertmanager_cluster_members'],
};

/** Series Prometheus itself creates, not a component. */
export const PROMETHEUS_GENERATED: readonly string[] = [
  /** Every scrape target: https://prometheus.io/docs/concepts/jobs_instances/#automatically-generated-labels-and-time-series */
  'up', 'scrape_duration_seconds', 'scrape_samples_scraped',
  /** One per resource pushing over OTLP: https://prometheus.io/docs/guides/opentelemetry/ */
  'target_info',
];

/** Every series name the stack emits: app (run), connectors (translated), components (captured from the real programs). */
export async function emittedMetricNames(): Promise<Set<string>> {
  const names = await appMetricNames();
  for (const [name, unit, type] of [...CONNECTOR_METRICS, ...CLUSTER_TELEMETRY_METRICS]) seriesNames(name, unit, type).forEach((n) => names.add(n));
  for (const { names: exposed } of Object.values(CAPTURED_METRICS)) exposed.forEach((n) => names.add(n));
  for (const group of [...Object.values(CREATED_ON_EVENT), ...Object.values(CHECKED_LIVE), ...Object.values(GOSSIP_ONLY)]) group.forEach((n) => names.add(n));
  PROMETHEUS_GENERATED.forEach((n) => names.add(n));
  return names;
}
