import { StackSettings } from '../../settings';
import type { LgtmStackProps } from '../../settings/props';
import { parseQuantity } from '../../settings/units';
import { JobMemoryLimit } from './memory-limits';
import { PrometheusApi, Sample } from './prometheus';

/** One recommendation, with the query that shows why. */
export interface Advice {
  /** The check that produced it (stable, for machines). */
  readonly check: string;
  /** The environment setting to change (settings/stack-settings.ts), or the component to look at where no setting exists. */
  readonly setting: string;
  /** What to do and why, in one sentence. */
  readonly recommendation: string;
  /** The PromQL query and the sample it returned. */
  readonly evidence: { readonly query: string; readonly value: string };
  /**
   * The change as props, ready for `mergeProps(presets.<env>, props)`, where one setting carries it.
   * @default - none: the advice names a backend or a metric to look at, not a setting
   */
  readonly props?: LgtmStackProps;
}

/** A memory limit with the peak at 70 % of it (below the 85 % advice threshold and GOMEMLIMIT), in whole Mi. */
export function memoryLimitFor(peakBytes: number): string {
  return `${Math.ceil(peakBytes / 0.7 / 2 ** 20)}Mi`;
}

/** A workload's memory limit (`resources.<workload>.limits.memory`) as props. */
function memoryLimitProps(workload: string, quantity: string): LgtmStackProps {
  return { resources: { [workload]: { limits: { memory: quantity } } } };
}

/** What the checks read. */
export interface AdvisorContext {
  readonly prometheus: PrometheusApi;
  readonly env: StackSettings;
  /** Memory limits by job, from the environment's workloads. */
  readonly memoryLimits: ReadonlyMap<string, JobMemoryLimit>;
  /** Spans per second Tempo should receive after sampling; undefined skips the sampler check. */
  readonly targetSpansPerSecond?: number;
  /** A metric name with more series than this is reported. */
  readonly maxSeriesPerMetric: number;
}

/** One check: queries Prometheus, returns its advice (none when healthy). */
export type Check = (ctx: AdvisorContext) => Promise<Advice[]>;

/** Peak memory above this share of the limit is close to an OOM kill (GOMEMLIMIT sits at 85 %). */
export const MEMORY_NEAR_LIMIT = 0.85;
/** A sending queue fuller than this is falling behind; the alert fires at 80 %, advice comes earlier. */
export const QUEUE_FILL = 0.5;
/** The sampler is off target when Tempo receives more than this factor above or below the target. */
export const SAMPLER_TOLERANCE = 2;

/** The collector's own metrics carry no `_total` suffix (see REFERENCE.md); one selector per counter kind, all signals. */
const collectorCounter = (kind: string) => `{__name__=~"otelcol_${kind}_(spans|metric_points|log_records)"}`;

const round = (n: number) => Number(n.toPrecision(3));
const mebibytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)}Mi`;
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

/** `{a="1", b="2"} 3.14`, as the evidence's value. */
function shown(sample: Sample): string {
  const labels = Object.entries(sample.labels).map(([k, v]) => `${k}="${v}"`).join(', ');
  return `{${labels}} ${round(sample.value)}`;
}

/** Runs `query` and maps every returned sample to advice. */
async function each(ctx: AdvisorContext, query: string, advise: (s: Sample) => Omit<Advice, 'evidence'> | undefined): Promise<Advice[]> {
  return (await ctx.prometheus.query(query)).flatMap((s) => {
    const advice = advise(s);
    return advice ? [{ ...advice, evidence: { query, value: shown(s) } }] : [];
  });
}

function collectorScale(env: StackSettings): string {
  return env.collectorAutoscaling
    ? `collectorAutoscaling.maxReplicas (now ${env.collectorAutoscaling.maxReplicas})`
    : `collectorReplicas (now ${env.collectorReplicas})`;
}

/** The collector's memory_limiter refuses data: more memory or more replicas. */
const collectorRefusing: Check = (ctx) => each(ctx,
  `sum by (job, receiver) (rate(${collectorCounter('receiver_refused')}[5m])) > 0`,
  (s) => ({
    check: 'collector-refusing',
    setting: ctx.memoryLimits.get(s.labels.job)?.setting ?? 'resources.collector.limits.memory',
    // A quarter more memory for the memory_limiter to work with (its limit is 80 % of the container's).
    props: memoryLimitProps('collector', `${Math.ceil((parseQuantity(ctx.env.resources.collector.limits.memory) * 1.25) / 2 ** 20)}Mi`),
    recommendation: `${s.labels.job} refuses ${round(s.value)} items/s at receiver ${s.labels.receiver} (memory_limiter back-pressure; `
      + `senders retry, then drop): raise resources.collector.limits.memory (now ${ctx.env.resources.collector.limits.memory}) `
      + `or add replicas with ${collectorScale(ctx.env)}.`,
  }));

/** An exporter fails to send: its backend is down, slow or rejecting. */
const exporterFailing: Check = (ctx) => each(ctx,
  `sum by (job, exporter) (rate(${collectorCounter('exporter_send_failed')}[5m])) > 0`,
  (s) => ({
    check: 'exporter-failing',
    setting: `backend of ${s.labels.exporter}`,
    recommendation: `${s.labels.job} exporter ${s.labels.exporter} fails to send ${round(s.value)} items/s: its backend is down, `
      + 'slow or rejecting (see the backend\'s own advice: rate limits, memory); data is retried from the queue, then dropped.',
  }));

/** A full sending queue drops new data. */
const queueFullDrops: Check = (ctx) => each(ctx,
  `sum by (job, exporter) (rate(${collectorCounter('exporter_enqueue_failed')}[5m])) > 0`,
  (s) => ({
    check: 'queue-full-drops',
    setting: ctx.env.persistence.enabled ? `backend of ${s.labels.exporter}` : 'persistence.enabled',
    props: ctx.env.persistence.enabled ? undefined : { persistence: { enabled: true } },
    recommendation: `${s.labels.job} drops ${round(s.value)} items/s because the sending queue of ${s.labels.exporter} is full: `
      + 'the backend takes less than the collector receives; '
      + (ctx.env.persistence.enabled ? 'fix the backend\'s throughput.' : 'set persistence.enabled (now false) for a persistent queue that survives bursts and restarts, and fix the backend\'s throughput.'),
  }));

/** A sending queue filling up: the backend falls behind. */
const queueFill: Check = (ctx) => each(ctx,
  `max by (job, exporter) (otelcol_exporter_queue_size) / max by (job, exporter) (otelcol_exporter_queue_capacity) > ${QUEUE_FILL}`,
  (s) => ({
    check: 'queue-fill',
    setting: `backend of ${s.labels.exporter}`,
    recommendation: `the sending queue of ${s.labels.job} exporter ${s.labels.exporter} is ${percent(s.value)} full (over ${percent(QUEUE_FILL)}): `
      + 'its backend falls behind; once full, new data is dropped.',
  }));

/** Components whose peak memory is close to their limit. */
const memoryNearLimit: Check = async (ctx) => {
  const queries = [
    'max by (job) (max_over_time(process_resident_memory_bytes[15m]))',
    'max by (job) (max_over_time(otelcol_process_memory_rss[15m]))',
  ];
  const advice = await Promise.all(queries.map((query) => each(ctx, query, (s) => {
    const limit = ctx.memoryLimits.get(s.labels.job);
    if (!limit || s.value / limit.bytes <= MEMORY_NEAR_LIMIT) return undefined;
    const raised = memoryLimitFor(s.value);
    return {
      check: 'memory-near-limit',
      setting: limit.setting,
      recommendation: `${s.labels.job} peaked at ${mebibytes(s.value)}, ${percent(s.value / limit.bytes)} of its ${limit.quantity} limit `
        + `(over ${percent(MEMORY_NEAR_LIMIT)}): raise ${limit.setting} (to about ${raised}) before the OOM killer restarts it.`,
      props: memoryLimitProps(limit.workload, raised),
    };
  })));
  return advice.flat();
};

/** Loki discarding lines for its ingestion rate limits. */
const lokiRateLimited: Check = (ctx) => each(ctx,
  'sum by (reason) (rate(loki_discarded_samples_total{reason=~"rate_limited|per_stream_rate_limit"}[5m])) > 0',
  (s) => ({
    check: 'loki-rate-limited',
    setting: 'logIngestion.rateMb',
    recommendation: `Loki discards ${round(s.value)} log lines/s (${s.labels.reason}): raise logIngestion.rateMb (now ${ctx.env.logIngestion.rateMb}) `
      + `and logIngestion.burstMb (now ${ctx.env.logIngestion.burstMb}), or log less.`,
    // Double both: the discard rate alone does not say by how much the limit is exceeded.
    props: { logIngestion: { rateMb: ctx.env.logIngestion.rateMb * 2, burstMb: Math.max(ctx.env.logIngestion.burstMb, ctx.env.logIngestion.rateMb) * 2 } },
  }));

/** Tempo discarding spans for its ingestion limits. */
const tempoRateLimited: Check = (ctx) => each(ctx,
  'sum by (reason) (rate(tempo_discarded_spans_total{reason=~"rate_limited|live_traces_exceeded|trace_too_large"}[5m])) > 0',
  (s) => ({
    check: 'tempo-rate-limited',
    setting: 'sampling.percentOfRest',
    recommendation: `Tempo discards ${round(s.value)} spans/s (${s.labels.reason}): keep fewer traces (sampling.enabled now ${ctx.env.sampling.enabled}, `
      + `sampling.percentOfRest now ${ctx.env.sampling.percentOfRest}) or raise Tempo's ingestion limits (config/tempo.ts; no environment setting yet).`,
    // Half the rest (errors and slow traces are kept regardless), with sampling on.
    props: { sampling: { enabled: true, percentOfRest: Math.max(1, Math.floor(ctx.env.sampling.percentOfRest / 2)) } },
  }));

/** Metric names with the most series. */
const highCardinality: Check = (ctx) => each(ctx,
  `topk(5, count by (__name__) ({__name__=~".+"})) > ${ctx.maxSeriesPerMetric}`,
  (s) => ({
    check: 'high-cardinality',
    setting: `metric ${s.labels.__name__}`,
    recommendation: `${s.labels.__name__} has ${s.value} series (over ${ctx.maxSeriesPerMetric}): drop or aggregate its unbounded labels `
      + '(span-metric dimensions, promoted resource attributes, or the instrumentation that emits it).',
  }));

/** Tempo receiving far more or far fewer spans than the target volume after sampling. */
const samplerVolume: Check = async (ctx) => {
  const target = ctx.targetSpansPerSecond;
  if (target === undefined) return [];
  const { sampling } = ctx.env;
  return each(ctx, 'sum(rate(tempo_distributor_spans_received_total[5m]))', (s) => {
    const factor = target / s.value;
    const tooMany = s.value > target * SAMPLER_TOLERANCE;
    const tooFew = s.value < target / SAMPLER_TOLERANCE && sampling.enabled && sampling.percentOfRest < 100;
    if (!tooMany && !tooFew) return undefined;
    const kept = `Tempo receives ${round(s.value)} spans/s, ${round(1 / factor)}x the target of ${target}`;
    if (!sampling.enabled) {
      const percentOfRest = Math.max(1, Math.min(100, Math.round(100 * factor)));
      return {
        check: 'sampler-volume',
        setting: 'sampling.enabled',
        recommendation: `${kept}: set sampling.enabled (now false) with sampling.percentOfRest near ${percentOfRest}.`,
        props: { sampling: { enabled: true, percentOfRest } },
      };
    }
    const suggested = Math.min(100, Math.max(1, Math.round(sampling.percentOfRest * factor)));
    return {
      check: 'sampler-volume',
      setting: 'sampling.percentOfRest',
      recommendation: `${kept}: set sampling.percentOfRest to about ${suggested} (now ${sampling.percentOfRest}; errors and slow traces are kept regardless).`,
      props: { sampling: { percentOfRest: suggested } },
    };
  });
};

/** Every check, in the order their advice is printed. */
export const CHECKS: readonly Check[] = [
  collectorRefusing, exporterFailing, queueFullDrops, queueFill, memoryNearLimit, lokiRateLimited, tempoRateLimited, highCardinality, samplerVolume,
];
