/**
 * What the series estimate (config/cardinality.ts) reads from an assembled stack: each scraped
 * workload with its program and pod count, the connectors' histograms as the collector configs set
 * them, the cluster metric allowlist, the recording rules, and the services that send telemetry.
 */
import { ScrapeTarget, SendingService, SeriesSources } from '../config/cardinality';
import { REQUEST_DURATION_BOUNDS } from '../config/demo-app-series';
import type { RuleFile } from '../config/rules';
import type { StackSettings } from '../settings';
import type { ScrapedProgram } from '../settings/measured';
import type { CollectorConfig } from '../settings/otelcol-types';
import type { Workload } from './workload';

/** The parts of a stack the estimate reads. */
export interface EstimatedParts {
  /** Scraped workloads and the program each runs; absent ones are left out. */
  readonly scraped: ReadonlyArray<readonly [Workload | undefined, ScrapedProgram]>;
  /** Jobs of node agents (one pod per node). */
  readonly agentJobs: readonly string[];
  /** Every collector tier's config. */
  readonly collectorConfigs: ReadonlyArray<CollectorConfig | undefined>;
  readonly rules: RuleFile;
}

/** One target per scraped workload: its minimum replicas (autoscaled ones at their floor). */
function targets(env: StackSettings, parts: EstimatedParts): ScrapeTarget[] {
  return [
    ...parts.scraped.flatMap(([w, program]) => (w?.scraped ? [{ job: w.name, program, replicas: w.minReplicas }] : [])),
    ...parts.agentJobs.map((job): ScrapeTarget => ({ job, program: 'collector', replicas: env.cardinality.nodes })),
  ];
}

/** The sources of one environment's stack, with the services known to send to it. */
export function seriesSources(env: StackSettings, parts: EstimatedParts, services: readonly SendingService[]): SeriesSources {
  const connectors = parts.collectorConfigs.flatMap((c) => (c ? [c.connectors] : []));
  const spanMetrics = connectors.find((c) => c.span_metrics)?.span_metrics;
  const serviceGraph = connectors.find((c) => c.servicegraph)?.servicegraph;
  const records = parts.rules.groups.flatMap((g) => g.rules).flatMap((r) => ('record' in r ? [r.record] : []));
  const perService = records.filter((name) => name.startsWith('service_name:')).length;
  return {
    scrapes: targets(env, parts),
    spanMetricsBuckets: spanMetrics?.histogram.explicit.buckets.length,
    serviceGraphBuckets: serviceGraph?.latency_histogram_buckets.length,
    clusterMetrics: env.clusterTelemetry.enabled ? env.clusterTelemetry.metricAllowlist : undefined,
    services,
    recordingRules: { perService, single: records.length - perService },
    requestDurationBuckets: REQUEST_DURATION_BOUNDS,
  };
}
