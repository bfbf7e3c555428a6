/**
 * The active series an environment adds to Prometheus, estimated per source from what the stack
 * configures (scrape targets, the connectors' histograms, the cluster metric allowlist, the
 * recording rules) and from assumptions about the cluster and its services (`cardinality` settings).
 * `otel-lgtm cardinality` prints it; `budget.activeSeries` fails synthesis above it; `npm run e2e`
 * compares it with the real `prometheus_tsdb_head_series`.
 */
import type { CardinalityAssumptions } from '../settings/schema';
import { MEASURED_RUNTIME_SERIES_PER_INSTANCE, SERIES_PER_TARGET, ScrapedProgram } from '../settings/measured';
import { VOLUME_METRIC_PREFIX } from '../settings/cluster-metrics';

/** Series Prometheus writes for every scrape target besides what it exposes: `up` and the four `scrape_*`. */
export const SERIES_PER_TARGET_SYNTHETIC = 5;

/** One scraped workload: its job, which program it runs, how many pods. */
export interface ScrapeTarget {
  readonly job: string;
  readonly program: ScrapedProgram;
  /** Pods scraped (replicas; autoscaled: the minimum; a DaemonSet: one per node). */
  readonly replicas: number;
}

/** A service that sends its own telemetry to the stack. */
export interface SendingService {
  readonly name: string;
  readonly instances: number;
  /** Its span names (server, client and internal operations). */
  readonly operations: number;
  /** Its (route, status code) pairs: the `http.server.request.duration` histograms each instance has. */
  readonly requestHistograms: number;
  /** Series of its other metrics per instance (runtime, business metrics), as declared or measured. */
  readonly otherSeriesPerInstance: number;
}

/** What an environment's stack makes, as the estimate reads it. */
export interface SeriesSources {
  readonly scrapes: readonly ScrapeTarget[];
  /** The span_metrics connector's histogram bucket bounds, when a collector tier runs it. */
  readonly spanMetricsBuckets?: number;
  /** The servicegraph connector's latency bucket bounds, when a collector tier runs it. */
  readonly serviceGraphBuckets?: number;
  /** The cluster metric allowlist (OTel names), when cluster telemetry is on. */
  readonly clusterMetrics?: readonly string[];
  /** Services the stack knows of that send telemetry (the demo service, instrumented workloads). */
  readonly services: readonly SendingService[];
  /** Recording rules: how many record one series per service, how many one series in all. */
  readonly recordingRules: { readonly perService: number; readonly single: number };
  /** Bucket bounds of `http.server.request.duration` (the semantic conventions' advice). */
  readonly requestDurationBuckets: number;
}

/** One row of the estimate. */
export interface SeriesRow {
  /** Stable key (`scrape:tempo`, `span-metrics`, `cluster:k8s.pod.phase`…), for filtering. */
  readonly source: string;
  readonly series: number;
  /** How the figure was reached, with the inputs it used. */
  readonly how: string;
  /** Sources this one needs (recording rules read span metrics); dropping those drops it. */
  readonly needs?: readonly string[];
}

/** The estimate: rows, largest first, and their sum. */
export interface SeriesEstimate {
  readonly rows: readonly SeriesRow[];
  readonly total: number;
}

/** Series of one histogram: a bucket per bound, `+Inf`, `_sum` and `_count`. */
const histogram = (bounds: number) => bounds + 3;

/** Status codes a span or request takes per operation of an assumed service (success, and an error now and then). */
const OUTCOMES_PER_OPERATION = 2;

/** The kubelet_stats network metrics carry `direction` (receive, transmit) on one interface. */
const PER_ENTITY: ReadonlyArray<readonly [RegExp, number]> = [[/\.network\./, 2]];

/** How many objects a cluster metric is reported for, from the metric's name. */
function entities(metric: string, a: CardinalityAssumptions): [count: number, what: string] {
  const pods = a.nodes * a.podsPerNode;
  if (metric.startsWith('k8s.node.')) return [a.nodes, 'nodes'];
  if (metric.startsWith('k8s.pod.')) return [pods, 'pods'];
  if (metric.startsWith('container.') || metric.startsWith('k8s.container.')) return [pods * a.containersPerPod, 'containers'];
  if (metric.startsWith(VOLUME_METRIC_PREFIX)) return [a.persistentVolumeClaims, 'claims'];
  if (metric.startsWith('k8s.deployment.')) return [a.deployments, 'deployments'];
  if (metric.startsWith('k8s.statefulset.')) return [a.statefulSets, 'statefulsets'];
  if (metric.startsWith('k8s.daemonset.')) return [a.daemonSets, 'daemonsets'];
  if (metric.startsWith('k8s.job.')) return [a.jobs, 'jobs'];
  if (metric.startsWith('k8s.namespace.')) return [a.namespaces, 'namespaces'];
  return [1, 'cluster'];
}

/** Every service: those the stack knows, and the `services` the assumptions add. */
function allServices(sources: SeriesSources, a: CardinalityAssumptions): SendingService[] {
  const assumed = Array.from({ length: a.services }, (_, i): SendingService => assumedService(`service-${i + 1}`, a.instancesPerService, a));
  return [...sources.services, ...assumed];
}

/** A service the stack knows nothing of but its replicas: the assumptions' operations, the measured runtime metrics. */
export function assumedService(name: string, instances: number, a: CardinalityAssumptions): SendingService {
  return { name, instances, operations: a.operationsPerService, requestHistograms: a.operationsPerService * OUTCOMES_PER_OPERATION, otherSeriesPerInstance: MEASURED_RUNTIME_SERIES_PER_INSTANCE };
}

/** A service's own series: its request histograms, its other metrics and target_info, per instance. */
export function serviceRow(s: SendingService, requestDurationBuckets: number): SeriesRow {
  const request = histogram(requestDurationBuckets);
  return {
    source: `service:${s.name}`,
    series: s.instances * (s.requestHistograms * request + s.otherSeriesPerInstance + 1),
    how: `${s.instances} instance(s) × (${s.requestHistograms} http.server.request.duration histograms × ${request} + ${s.otherSeriesPerInstance} other + target_info)`,
  };
}

/** The estimate for one environment. */
export function estimateSeries(sources: SeriesSources, a: CardinalityAssumptions): SeriesEstimate {
  const rows: SeriesRow[] = [];
  for (const t of sources.scrapes) {
    const exposed = SERIES_PER_TARGET[t.program];
    const each = exposed.series + SERIES_PER_TARGET_SYNTHETIC;
    rows.push({ source: `scrape:${t.job}`, series: t.replicas * each, how: `${t.replicas} pod(s) × ${each} (${t.program}'s /metrics, ${exposed.measured ? 'measured' : 'assumed, not measured'}, + up and scrape_*)` });
  }
  const services = allServices(sources, a);
  rows.push(...services.map((s) => serviceRow(s, sources.requestDurationBuckets)));
  // Span metrics are grouped by the span's resource: one set per instance, span name and status code.
  const operations = services.reduce((n, s) => n + s.instances * s.operations, 0);
  if (sources.spanMetricsBuckets !== undefined) {
    // Grouped by the span's resource: one set per instance, per span name and status code.
    const per = 1 + histogram(sources.spanMetricsBuckets);
    rows.push({ source: 'span-metrics', series: operations * OUTCOMES_PER_OPERATION * per, how: `${operations} instance-operations × ${OUTCOMES_PER_OPERATION} status codes × ${per} (calls + duration histogram)` });
  }
  if (sources.serviceGraphBuckets !== undefined) {
    const edges = services.length * a.peersPerService;
    const per = 2 + 2 * histogram(sources.serviceGraphBuckets);
    rows.push({ source: 'service-graph', series: edges * per, how: `${edges} edges (${services.length} services × ${a.peersPerService} peers) × ${per} (requests, failures, server and client latency)` });
  }
  if (sources.recordingRules.perService + sources.recordingRules.single > 0) {
    const series = sources.recordingRules.perService * services.length + sources.recordingRules.single;
    rows.push({ source: 'recording-rules', series, how: `${sources.recordingRules.perService} rules × ${services.length} services + ${sources.recordingRules.single}`, needs: ['span-metrics'] });
  }
  for (const metric of sources.clusterMetrics ?? []) {
    const [count, what] = entities(metric, a);
    const factor = PER_ENTITY.find(([pattern]) => pattern.test(metric))?.[1] ?? 1;
    rows.push({ source: `cluster:${metric}`, series: count * factor, how: `${count} ${what}${factor > 1 ? ` × ${factor}` : ''}` });
  }
  // No target_info for these: their resources have no service.name or service.instance.id, so no job or
  // instance, and Prometheus writes target_info only with one (otlptranslator's addResourceTargetInfo).
  rows.sort((x, y) => y.series - x.series);
  return { rows, total: rows.reduce((n, r) => n + r.series, 0) };
}

/** The estimate without the named sources and those that need them, with the reason for each. */
export function withoutSources(estimate: SeriesEstimate, drop: ReadonlySet<string>): SeriesEstimate {
  const dropped = (r: SeriesRow) => drop.has(r.source) || (r.needs ?? []).some((n) => drop.has(n));
  const rows = estimate.rows.filter((r) => !dropped(r));
  return { rows, total: rows.reduce((n, r) => n + r.series, 0) };
}

/** Sources grouped for the summary table: `cluster:*` rows summed into `cluster`, the others as they are. */
export function groupedRows(estimate: SeriesEstimate): SeriesRow[] {
  const cluster = estimate.rows.filter((r) => r.source.startsWith('cluster:'));
  const rest = estimate.rows.filter((r) => !r.source.startsWith('cluster:'));
  const grouped = cluster.length === 0 ? rest : [...rest, {
    source: 'cluster', series: cluster.reduce((n, r) => n + r.series, 0), how: `${cluster.length} allowlisted metrics (${cluster.slice(0, 3).map((r) => `${r.source.slice(8)} ${r.series}`).join(', ')}, …)`,
  }];
  return grouped.sort((x, y) => y.series - x.series);
}

/** The one-line problem when the estimate exceeds the budget, naming its top sources. */
export function budgetProblem(estimate: SeriesEstimate, activeSeries: number | undefined): string | undefined {
  if (activeSeries === undefined || estimate.total <= activeSeries) return undefined;
  const top = groupedRows(estimate).slice(0, 3).map((r) => `${r.source} ${r.series}`).join(', ');
  return `budget.activeSeries: the estimate is ${estimate.total} series, over the budget of ${activeSeries} (top sources: ${top}; see otel-lgtm cardinality)`;
}
