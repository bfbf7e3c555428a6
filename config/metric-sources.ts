/**
 * Which component produces each metric a rule or dashboard may read, as Prometheus names it: the
 * stack's scraped components (their own /metrics, names as the real programs expose them), and
 * what is pushed over OTLP through the collector tiers (the receivers' and connectors' metrics,
 * translated by config/otlp-names.ts). The pipeline check (config/pipeline-check.ts) follows each
 * OTLP one through the tiers' actual configs.
 */
import { K8S_CLUSTER_METRICS, KUBELET_STATS_METRICS } from '../settings/cluster-metrics';
import type { CollectorTier } from '../settings/collector-tiers';
import { OtelMetricType, seriesNames } from './otlp-names';
import { ScrapeJobs, StackBackend, backendJobs } from './scrape-jobs';

/** An OTel metric: name, unit, instrument. */
export type OtelMetric = readonly [name: string, unit: string, type: OtelMetricType];

/** Where a pushed metric enters the collector tiers: a receiver or connector (as receiver) of one tier. */
export interface PipelineEntry {
  readonly tier: CollectorTier;
  readonly component: string;
}

/** A metric pushed over OTLP: what it is called in OTel, who makes it, where it enters. */
export interface PushedMetric {
  readonly otel: OtelMetric;
  /** Who produces it, for messages (`k8s_cluster`, `the span_metrics connector`). */
  readonly producer: string;
  /** Any one of these entries reaching Prometheus is enough (a connector runs on one tier or another). */
  readonly entries: readonly PipelineEntry[];
}

/**
 * Outputs of the collector's connectors (span_metrics with namespace `traces.span.metrics` and unit
 * s, config/collector.ts; servicegraph's names are already Prometheus-style):
 * connector/spanmetricsconnector and connector/servicegraphconnector READMEs.
 */
export const CONNECTOR_METRICS: readonly OtelMetric[] = [
  ['traces.span.metrics.calls', '', 'counter'],
  ['traces.span.metrics.duration', 's', 'histogram'],
  ['traces_service_graph_request_total', '', 'counter'],
  ['traces_service_graph_request_failed_total', '', 'counter'],
  ['traces_service_graph_request_server_seconds', 's', 'histogram'],
  ['traces_service_graph_request_client_seconds', 's', 'histogram'],
  ['traces_service_graph_unpaired_spans_total', '', 'counter'],
  ['traces_service_graph_dropped_spans_total', '', 'counter'],
];

/**
 * Metrics of instrumented services, pushed to the gateway's OTLP receiver: the stable HTTP server
 * duration of the semantic conventions (any instrumented service), and the demo service's own
 * (app/src/metrics.ts; test/contracts/metric-names.test.ts checks these against its real instruments).
 */
export const SERVICE_METRICS: readonly OtelMetric[] = [
  ['http.server.request.duration', 's', 'histogram'],
  ['demo.requests', '{request}', 'counter'],
  ['demo.work.duration', 's', 'histogram'],
];

const pushed = (metrics: readonly OtelMetric[], producer: string, entries: PipelineEntry[]): PushedMetric[] =>
  metrics.map((otel) => ({ otel, producer, entries }));

/** Every metric pushed through the collector tiers that the stack knows of. */
export const PUSHED_METRICS: readonly PushedMetric[] = [
  ...pushed(KUBELET_STATS_METRICS, 'kubelet_stats', [{ tier: 'nodeAgent', component: 'kubelet_stats' }]),
  ...pushed(K8S_CLUSTER_METRICS, 'k8s_cluster', [{ tier: 'clusterReceiver', component: 'k8s_cluster' }]),
  ...pushed(CONNECTOR_METRICS.slice(0, 2), 'the span_metrics connector', [{ tier: 'gateway', component: 'span_metrics' }]),
  ...pushed(CONNECTOR_METRICS.slice(2), 'the servicegraph connector', [{ tier: 'gateway', component: 'servicegraph' }, { tier: 'sampler', component: 'servicegraph' }]),
  ...pushed(SERVICE_METRICS, 'instrumented services', [{ tier: 'gateway', component: 'otlp' }]),
];

/** Prometheus series name → the pushed metric it comes from. */
export const PUSHED_BY_SERIES: ReadonlyMap<string, PushedMetric> = new Map(
  PUSHED_METRICS.flatMap((m) => seriesNames(...m.otel).map((series) => [series, m] as const)),
);

/** Prefixes of the self-metrics of each scraped backend (what its /metrics exposes). */
const BACKEND_PREFIXES: ReadonlyArray<readonly [prefix: string, backend: StackBackend]> = [
  ['loki_', 'loki'], ['tempo_', 'tempo'], ['tempodb_', 'tempo'], ['prometheus_', 'prometheus'], ['alertmanager_', 'alertmanager'],
];

/** Series Prometheus makes itself for every scrape target (`up`, `scrape_*`), and `target_info` for every OTLP resource. */
const PER_TARGET = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']);

/** How a series is produced in an environment: pushed through the tiers, or scraped from a job there is. */
export type MetricOrigin =
  | { readonly kind: 'pushed'; readonly metric: PushedMetric }
  | { readonly kind: 'scraped'; readonly what: string }
  | { readonly kind: 'none'; readonly why: string };

/** Where the series `name` comes from in an environment whose scrape jobs are `jobs`. */
export function metricOrigin(name: string, jobs: ScrapeJobs): MetricOrigin {
  const metric = PUSHED_BY_SERIES.get(name);
  if (metric) return { kind: 'pushed', metric };
  if (name === 'target_info') return { kind: 'pushed', metric: { otel: ['target_info', '', 'gauge'], producer: 'every OTLP resource', entries: [{ tier: 'gateway', component: 'otlp' }] } };
  if (PER_TARGET.has(name)) return jobs.scraped.length > 0 ? { kind: 'scraped', what: 'every scrape target' } : { kind: 'none', why: 'no component is scraped' };
  // Every scraped component is a Go program with the client library's runtime and process metrics.
  if (name.startsWith('go_') || name.startsWith('process_')) return jobs.scraped.length > 0 ? { kind: 'scraped', what: 'every scraped component' } : { kind: 'none', why: 'no component is scraped' };
  if (name.startsWith('otelcol_')) {
    return jobs.collectors.length > 0 ? { kind: 'scraped', what: 'the collector tiers' } : { kind: 'none', why: 'no collector tier is scraped' };
  }
  const backend = BACKEND_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
  if (backend) {
    const of = backendJobs(jobs, backend);
    return of.length > 0 ? { kind: 'scraped', what: `job ${of.join(', ')}` } : { kind: 'none', why: `${backend} is not running or not scraped here` };
  }
  return { kind: 'none', why: 'no component produces it' };
}
