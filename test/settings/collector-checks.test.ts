/**
 * The collector's settings checks run in validation, before any config or construct exists: the
 * user's additions against the gateway's own ids and pipelines, and every component of every running
 * tier against the chosen distribution, one line per problem naming the field.
 */
import { presets } from '../../overlays';
import { mergeProps, type LgtmStackProps } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { collectorProblems } from '../../settings/collector-checks';
import { COLLECTOR_TIERS, CollectorTier, TIER_COMPONENTS, destinationIds } from '../../settings/collector-tiers';
import type { CollectorAdditions } from '../../settings/schema';

const problemsOf = (props: LgtmStackProps) => settingsFrom(props, 'x').problems();
const problemsWithAdditions = (additions: CollectorAdditions, more: LgtmStackProps = {}) => problemsOf(mergeProps(more, { collector: { additions } }));
const ALL_TIERS = Object.keys(COLLECTOR_TIERS) as CollectorTier[];
const vendor = { protocol: 'otlp_http' as const, endpoint: 'https://otlp.vendor.example/otlp' };

describe('collector.additions in validation', () => {
  it('accepts processors and exporters placed into the traces, metrics and logs pipelines', () => {
    expect(problemsWithAdditions({
      processors: { 'attributes/team': { actions: [{ key: 'team', value: 'shop', action: 'insert' }] } },
      exporters: { 'otlp_http/vendor': { endpoint: 'https://otlp.vendor.example' } } as never,
      pipelines: { traces: { processors: ['attributes/team'], exporters: ['otlp_http/vendor'] }, logs: { exporters: ['otlp_http/vendor'] } },
    })).toEqual([]);
  });

  it('names a pipeline additions cannot go into, with the ones they can', () => {
    expect(problemsWithAdditions({ pipelines: { profiles: { exporters: ['x'] } } } as never)).toEqual([
      'collector.additions.pipelines.profiles: no such pipeline (one of traces, metrics, logs)',
    ]);
    // The gateway's other pipelines are the stack's own, and exist only in some environments.
    expect(problemsOf(mergeProps(presets.prod, { collector: { additions: { pipelines: { 'logs/cluster': {} } } as never } }))).toEqual([
      'collector.additions.pipelines.logs/cluster: no such pipeline (one of traces, metrics, logs)',
    ]);
  });

  it('names a placed id that is not among the added components', () => {
    expect(problemsWithAdditions({
      processors: { 'attributes/team': { actions: [] } },
      pipelines: { metrics: { processors: ['attributes/team', 'filter/x'], exporters: ['otlp_http/vendor'] } },
    })).toEqual([
      "collector.additions.pipelines.metrics.processors[1]: 'filter/x' is not among the added processors",
      "collector.additions.pipelines.metrics.exporters[0]: 'otlp_http/vendor' is not among the added exporters",
    ]);
  });

  it("refuses an id the stack keeps for its own components, in every environment (the destinations' exporters too)", () => {
    expect(problemsWithAdditions(
      { processors: { batch: {}, tail_sampling: {} }, exporters: { 'otlp_http/loki': { endpoint: 'https://l.example' }, 'otlp_http/traces-0': { endpoint: 'https://t.example' } } } as never,
      { destinations: { traces: [vendor] } },
    )).toEqual([
      "collector.additions.processors.batch: the stack reserves 'batch' for its own processor (choose another name, e.g. batch/mine)",
      "collector.additions.processors.tail_sampling: the stack reserves 'tail_sampling' for its own processor (choose another name, e.g. tail_sampling/mine)",
      "collector.additions.exporters.otlp_http/loki: the stack reserves 'otlp_http/loki' for its own exporter (choose another name, e.g. otlp_http/mine)",
      "collector.additions.exporters.otlp_http/traces-0: the stack reserves 'otlp_http/traces-0' for its own exporter (choose another name, e.g. otlp_http/mine)",
    ]);
  });
});

describe('collector.distribution in validation', () => {
  const alloy = (additions: CollectorAdditions) => problemsOf(mergeProps(presets.staging, { collector: { distribution: 'alloy', additions } }));

  it('names each added component Alloy lacks and the gateway pipelines that use it', () => {
    expect(alloy({
      processors: { 'groupbytrace/mine': {} } as never,
      exporters: { clickhouse: {} } as never,
      pipelines: { logs: { exporters: ['clickhouse'] }, traces: { processors: ['groupbytrace/mine'], exporters: ['clickhouse'] } },
    })).toEqual([
      "collector.distribution: 'alloy' lacks processor 'groupbytrace' (used by the traces pipeline of otel-collector)",
      "collector.distribution: 'alloy' lacks exporter 'clickhouse' (used by the traces, logs pipelines of otel-collector)",
    ]);
  });

  it('counts an added component no pipeline uses (the collector refuses an unknown type anywhere in the file)', () => {
    expect(alloy({ processors: { 'groupbytrace/mine': {} } as never })).toEqual([
      "collector.distribution: 'alloy' lacks processor 'groupbytrace' (defined in otel-collector's config)",
    ]);
  });

  it("accepts Alloy for every environment: every component of the stack's own tiers, and the destinations' exporters, are bundled", () => {
    for (const name of ['dev', 'staging', 'prod'] as const) {
      expect(problemsOf(mergeProps(presets[name], { collector: { distribution: 'alloy' } }))).toEqual([]);
    }
    const destinations = { traces: [vendor], logs: [{ protocol: 'otlp_grpc' as const, endpoint: 'l.vendor.example:443' }], metrics: [] };
    expect(collectorProblems({ distribution: 'alloy', destinations, tiers: ALL_TIERS })).toEqual([]);
  });

  it('leaves contrib, which every config is written for, to the component contract test', () => {
    expect(problemsOf({ collector: { additions: { processors: { 'groupbytrace/mine': {} } as never } } })).toEqual([]);
  });
});

describe('the facts validation reads', () => {
  it('name the destinations\' exporters as the configs do', () => {
    expect(destinationIds({ traces: [vendor, { protocol: 'otlp_grpc', endpoint: 't:443' }], logs: [], metrics: [vendor] }))
      .toEqual(['otlp_http/traces-0', 'otlp_grpc/traces-1', 'otlp_http/metrics-0']);
  });

  it('list each tier\'s own components once', () => {
    for (const tier of ALL_TIERS) {
      for (const ids of Object.values(TIER_COMPONENTS[tier])) expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
