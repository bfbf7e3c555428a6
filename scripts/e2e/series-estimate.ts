/**
 * The estimate `otel-lgtm cardinality` makes for dev, made to match what runs here: the sources the
 * local run lacks are dropped (with why), and the e2e's own senders added (the zero-code service and
 * the probes). Compared with the head series the local Prometheus holds after the load: the issue's
 * bar is a factor of 2 either way.
 */
import { SeriesEstimate, SeriesRow, serviceRow, withoutSources } from '../../config/cardinality';
import { REQUEST_DURATION_BOUNDS } from '../../config/demo-app-series';
import { MEASURED_RUNTIME_SERIES_PER_INSTANCE } from '../../settings/measured';

/** How far the estimate may be from the real head series, either way. */
export const ESTIMATE_FACTOR = 2;

/** What differs between dev in a cluster and dev as this run starts it. */
export interface LocalRun {
  /** Workloads running as local processes. */
  readonly running: readonly string[];
  /** Collector components the local build lacks (`connector/span_metrics`…), from the rewrite. */
  readonly removed: readonly string[];
  /** Probe counters pushed by verify and the probe rounds (one series each, one resource). */
  readonly probes: number;
  /** Plain services started with the zero-code SDK, each one instance answering one route. */
  readonly zeroCodeServices: readonly string[];
}

/** The sources of the estimate that do not run here, each with the reason. */
export function missingSources(estimate: SeriesEstimate, run: LocalRun): Map<string, string> {
  const missing = new Map<string, string>();
  for (const row of estimate.rows) {
    const job = row.source.startsWith('scrape:') ? row.source.slice('scrape:'.length) : undefined;
    if (job && !run.running.includes(job)) missing.set(row.source, `${job} is not run here`);
  }
  if (run.removed.includes('connector/span_metrics')) missing.set('span-metrics', 'the local collector build lacks span_metrics');
  if (run.removed.includes('connector/servicegraph')) missing.set('service-graph', 'the local collector build lacks servicegraph');
  return missing;
}

/** Dev's estimate as run here: missing sources dropped, the run's own senders added as rows. */
export function estimateAsRun(estimate: SeriesEstimate, run: LocalRun): SeriesEstimate {
  const kept = withoutSources(estimate, new Set(missingSources(estimate, run).keys()));
  const extra: SeriesRow[] = run.zeroCodeServices.map((name) => serviceRow({
    name, instances: 1, operations: 1, requestHistograms: 1, otherSeriesPerInstance: MEASURED_RUNTIME_SERIES_PER_INSTANCE,
  }, REQUEST_DURATION_BOUNDS));
  if (run.probes > 0) extra.push({ source: 'e2e:probes', series: run.probes + 1, how: `${run.probes} probe counters + target_info` });
  const rows = [...kept.rows, ...extra].sort((a, b) => b.series - a.series);
  return { rows, total: rows.reduce((n, r) => n + r.series, 0) };
}

/** Whether `real` is within the factor of `estimate`, and the ratio. */
export function withinFactor(estimate: number, real: number): { ratio: number; ok: boolean } {
  const ratio = real / estimate;
  return { ratio, ok: ratio >= 1 / ESTIMATE_FACTOR && ratio <= ESTIMATE_FACTOR };
}
