/**
 * The pipeline check, run at synthesis: every metric any alert, recording rule or dashboard query
 * reads must be produced by a component this environment runs and, when it is pushed over OTLP,
 * survive every filter on its way through the collector tiers' actual configs (which receiver
 * feeds which pipeline, which processors a pipeline runs, which exporter hands it to the next tier)
 * to an exporter that leaves for the metrics backend. Otherwise synthesis stops with one line per
 * query naming it, the metric, and the filter that drops it (or that nothing produces it).
 */
import type { CollectorConfig, FilterConfig } from '../settings/otelcol-types';
import { COLLECTOR_TIERS, type CollectorTier } from '../settings/collector-tiers';
import { MetricOrigin, PipelineEntry, PushedMetric, metricOrigin } from './metric-sources';
import { dashboardQueries, metricNamesIn } from './promql';
import type { RuleFile } from './alerts/tuning';
import type { ScrapeJobs } from './scrape-jobs';

/** One collector tier's generated config, and where its exporters hand data on to another tier. */
export interface TierPipeline {
  readonly config: CollectorConfig;
  /**
   * Exporter id → the tier and receiver it sends to (e.g. the node agent's `otlp_grpc/gateway` →
   * the gateway's `otlp/cluster`). Any other exporter but `debug` leaves for a backend.
   * @default {}
   */
  readonly forwards?: Readonly<Record<string, PipelineEntry>>;
}

/** Everything the check reads for one environment. */
export interface PipelineCheckInput {
  /** The tiers that run, with their configs. */
  readonly tiers: Readonly<Partial<Record<CollectorTier, TierPipeline>>>;
  /** The scrape jobs (which components are scraped). */
  readonly jobs: ScrapeJobs;
  /** The rule file Prometheus (or the external ruler) loads. */
  readonly rules: RuleFile;
  /** Dashboard file → model. */
  readonly dashboards: Readonly<Record<string, object>>;
  /**
   * Processor id → the setting that configures it, for the message (`filter/allowlist` → `clusterTelemetry.metricAllowlist`).
   * @default {}
   */
  readonly settingOf?: Readonly<Record<string, string>>;
}

/** A query and who asks it. */
interface Query {
  readonly who: string;
  readonly expr: string;
}

/** How the tiers are called in messages. */
const TIER_LABEL: Record<CollectorTier, string> = {
  gateway: `the gateway (${COLLECTOR_TIERS.gateway})`,
  sampler: `the sampler tier (${COLLECTOR_TIERS.sampler})`,
  nodeAgent: `the node agent (${COLLECTOR_TIERS.nodeAgent})`,
  clusterReceiver: `the cluster receiver (${COLLECTOR_TIERS.clusterReceiver})`,
};

function namesMatch(m: { match_type: 'strict' | 'regexp'; metric_names: string[] }, name: string): boolean {
  return m.match_type === 'strict' ? m.metric_names.includes(name) : m.metric_names.some((re) => new RegExp(re).test(name));
}

const NAME_PATH = String.raw`(?:metric\.)?name`;
const NAME_EQUALS = new RegExp(String.raw`^\s*${NAME_PATH}\s*==\s*"([^"]*)"\s*$`);
const NAME_MATCHES = new RegExp(String.raw`^\s*IsMatch\(\s*${NAME_PATH}\s*,\s*"([^"]*)"\s*\)\s*$`);

/**
 * Whether an OTTL condition of `metrics.metric` drops every series of `name`: only a condition on
 * the name alone does (`name == "x"`, `IsMatch(metric.name, "re")`); one that also reads the resource
 * or data points drops some series at most, which the check does not judge.
 */
function conditionDropsAll(condition: string, name: string): boolean {
  const equals = NAME_EQUALS.exec(condition);
  if (equals) return equals[1] === name;
  const matches = NAME_MATCHES.exec(condition);
  return matches ? new RegExp(matches[1]).test(name) : false;
}

/** Whether a filter processor drops the whole metric `name` (include list, exclude list, name conditions). */
export function filterDrops(f: FilterConfig, name: string): boolean {
  const m = f.metrics;
  if (!m) return false;
  if (m.include && !namesMatch(m.include, name)) return true;
  if (m.exclude && namesMatch(m.exclude, name)) return true;
  return (m.metric ?? []).some((c) => conditionDropsAll(c, name));
}

const isFilter = (id: string) => id === 'filter' || id.startsWith('filter/');
const isMetricsPipeline = (id: string) => id === 'metrics' || id.startsWith('metrics/');
const isDebug = (id: string) => id === 'debug' || id.startsWith('debug/');

/** Follows one pushed metric from `entry` through the tiers: delivered to a backend exporter, or the filters that dropped it on every path. */
function follow(input: PipelineCheckInput, metric: PushedMetric, entry: PipelineEntry): { delivered: boolean; drops: string[] } {
  const drops: string[] = [];
  const seen = new Set<string>();
  const queue: PipelineEntry[] = [entry];
  let delivered = false;
  while (queue.length > 0) {
    const at = queue.shift()!;
    const key = `${at.tier}:${at.component}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tier = input.tiers[at.tier];
    if (!tier) continue;
    const { config } = tier;
    for (const [id, pipeline] of Object.entries(config.service.pipelines)) {
      if (!isMetricsPipeline(id) || !pipeline.receivers.includes(at.component)) continue;
      const filter = pipeline.processors.find((p) => isFilter(p) && filterDrops((config.processors as unknown as Record<string, FilterConfig>)[p] ?? {}, metric.otel[0]));
      if (filter) {
        const setting = input.settingOf?.[filter];
        drops.push(`processor ${filter} of ${TIER_LABEL[at.tier]}, pipeline ${id}${setting ? ` (${setting})` : ''}`);
        continue;
      }
      for (const exporter of pipeline.exporters) {
        const next = tier.forwards?.[exporter];
        if (next) queue.push(next);
        else if (exporter in (config.connectors ?? {})) queue.push({ tier: at.tier, component: exporter });
        else if (!isDebug(exporter)) delivered = true;
      }
    }
  }
  return { delivered, drops };
}

/** Why `origin` does not reach Prometheus here, or undefined when it does. */
function originProblem(input: PipelineCheckInput, origin: MetricOrigin): string | undefined {
  if (origin.kind === 'none') return origin.why;
  if (origin.kind === 'scraped') return undefined;
  const { metric } = origin;
  const present = metric.entries.filter((e) => {
    const tier = input.tiers[e.tier];
    return tier && Object.values(tier.config.service.pipelines).some((p) => p.receivers.includes(e.component));
  });
  if (present.length === 0) return `no component produces it here (${metric.producer}: not running in this environment)`;
  const results = present.map((e) => follow(input, metric, e));
  if (results.some((r) => r.delivered)) return undefined;
  const drops = [...new Set(results.flatMap((r) => r.drops))];
  return drops.length > 0
    ? `${metric.otel[0]} from ${metric.producer} is dropped by ${drops.join(' and by ')}`
    : `${metric.otel[0]} from ${metric.producer} reaches no exporter to the metrics backend`;
}

/** Every query of the rules and dashboards, with who asks it. */
function queriesOf(input: PipelineCheckInput): Query[] {
  const rules = input.rules.groups.flatMap((g) => g.rules.map((r): Query => ({
    who: 'record' in r ? `recording rule ${r.record}` : `alert ${r.alert}`,
    expr: r.expr,
  })));
  const dashboards = Object.entries(input.dashboards).flatMap(([file, model]) => dashboardQueries(model)
    .filter((q) => q.language === 'promql')
    .map((q): Query => ({ who: `dashboard ${file} ${q.where}`, expr: q.text })));
  return [...rules, ...dashboards];
}

/** One line per query that reads a metric this environment does not deliver to Prometheus, naming the query, the metric and why. */
export function metricPipelineProblems(input: PipelineCheckInput): string[] {
  const recorded = new Set(input.rules.groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));
  const verdicts = new Map<string, string | undefined>();
  const problems: string[] = [];
  for (const q of queriesOf(input)) {
    for (const name of [...metricNamesIn(q.expr)].sort()) {
      if (recorded.has(name)) continue;
      if (!verdicts.has(name)) verdicts.set(name, originProblem(input, metricOrigin(name, input.jobs)));
      const why = verdicts.get(name);
      if (why) problems.push(`${q.who} needs ${name}: ${why}`);
    }
  }
  return [...new Set(problems)];
}
