import { metrics } from '@opentelemetry/api';
import { DataPointType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { App, Chart, Testing } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { SERIES_PER_TARGET_SYNTHETIC, withoutSources } from '../../config/cardinality';
import { DEMO_BUSINESS_SERIES, DEMO_ROUTES, DEMO_WORK_BOUNDS, REQUEST_DURATION_BOUNDS } from '../../config/demo-app-series';
import { LgtmStack } from '../../infra/lgtm-stack';
import { validateApp } from '../../infra/unique-objects';
import { presets } from '../../overlays';
import { LgtmStackProps, mergeProps } from '../../settings';
import { SERIES_PER_TARGET } from '../../settings/measured';
import { DEFAULT_METRIC_ALLOWLIST } from '../../settings/cluster-telemetry';
import { WORK_DURATION_BUCKETS, createAppMetrics, type Outcome, type WorkSize } from '../../app/src/metrics';
import { REQUEST_DURATION_BUCKETS } from '../../app/src/request-telemetry';
import { OnDemandReader } from '../support/metric-catalog';

const stackOf = (props: LgtmStackProps) => new LgtmStack(new App(), 'obs', props);
const estimateOf = (props: LgtmStackProps) => stackOf(props).seriesEstimate();
const row = (props: LgtmStackProps, source: string) => estimateOf(props).rows.find((r) => r.source === source);

describe('the demo service as the estimate declares it', () => {
  it("declares as many business series as its instruments produce over every declared attribute value", async () => {
    const reader = new OnDemandReader();
    const provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    try {
      const app = createAppMetrics('estimate');
      const outcomes: Outcome[] = ['success', 'client_error', 'server_error'];
      for (const route of [...DEMO_ROUTES, 'unmatched']) for (const outcome of outcomes) app.requests.add(1, { 'http.route': route, outcome });
      for (const size of ['small', 'medium', 'large'] as WorkSize[]) app.workDuration.record(0.2, { 'work.size': size });
      const { resourceMetrics } = await reader.collect();
      const produced = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).reduce((n, m) => n + m.dataPoints.length
        * (m.dataPointType === DataPointType.HISTOGRAM ? (m.dataPoints[0].value as { buckets: { boundaries: number[] } }).buckets.boundaries.length + 3 : 1), 0);
      expect(produced).toBe(DEMO_BUSINESS_SERIES);
    } finally {
      await provider.shutdown();
      metrics.disable();
    }
  });

  it("counts the app's own histogram bounds", () => {
    expect([REQUEST_DURATION_BOUNDS, DEMO_WORK_BOUNDS]).toEqual([REQUEST_DURATION_BUCKETS.length, WORK_DURATION_BUCKETS.length]);
  });
});

describe('the series estimate', () => {
  it('counts each scraped workload per pod: prod runs 3 Loki, 2 Prometheus, 3 Alertmanagers, a node agent per node', () => {
    const per = (program: keyof typeof SERIES_PER_TARGET) => SERIES_PER_TARGET[program].series + SERIES_PER_TARGET_SYNTHETIC;
    const prod = estimateOf(presets.prod);
    const scrape = (job: string) => prod.rows.find((r) => r.source === `scrape:${job}`)?.series;
    expect([scrape('loki'), scrape('prometheus'), scrape('alertmanager'), scrape('tempo')]).toEqual([3 * per('loki'), 2 * per('prometheus'), 3 * per('alertmanager'), per('tempo')]);
    expect(scrape('otel-node-agent')).toBe(3 * per('collector'));
    // The gateway autoscales: counted at its floor.
    expect(scrape('otel-collector')).toBe(presets.prod.collectorAutoscaling!.minReplicas! * per('collector'));
  });

  it('follows the cluster assumptions: twice the nodes, more cluster series; none without cluster telemetry', () => {
    const cluster = (props: LgtmStackProps) => estimateOf(props).rows.filter((r) => r.source.startsWith('cluster:')).reduce((n, r) => n + r.series, 0);
    const three = cluster(presets.prod);
    const six = cluster(mergeProps(presets.prod, { cardinality: { nodes: 6 } }));
    expect(six).toBeGreaterThan(1.9 * three);
    expect(cluster(presets.dev)).toBe(0);
    expect(row(presets.prod, 'cluster:k8s.pod.phase')?.series).toBe(3 * 20);
  });

  it('counts only the allowlisted cluster metrics', () => {
    const fewer = mergeProps(presets.prod, { clusterTelemetry: { metricAllowlist: DEFAULT_METRIC_ALLOWLIST.filter((m) => m !== 'k8s.pod.network.io') } });
    expect(row(presets.prod, 'cluster:k8s.pod.network.io')?.series).toBe(2 * 3 * 20);
    expect(row(fewer, 'cluster:k8s.pod.network.io')).toBeUndefined();
  });

  it('adds the assumed services: their own metrics, span metrics per operation, service-graph edges, recording rules per service', () => {
    const base = estimateOf(presets.dev);
    const more = estimateOf(mergeProps(presets.dev, { cardinality: { services: 4 } }));
    expect(more.rows.filter((r) => r.source.startsWith('service:service-')).map((r) => r.series)).toEqual([2 * (20 * 17 + 100 + 1), 2 * (20 * 17 + 100 + 1), 2 * (20 * 17 + 100 + 1), 2 * (20 * 17 + 100 + 1)]);
    const of = (e: typeof base, source: string) => e.rows.find((r) => r.source === source)!.series;
    expect(of(more, 'span-metrics') - of(base, 'span-metrics')).toBe(4 * 2 * 10 * 2 * (1 + 11 + 3));
    expect(of(more, 'recording-rules')).toBe(5 * of(base, 'recording-rules'));
    expect(of(more, 'service-graph')).toBe(5 * of(base, 'service-graph'));
  });

  it('reads the span metrics histogram from the collector config it generates', () => {
    const stack = stackOf(presets.dev);
    const buckets = stack.collector.configs.gateway.connectors.span_metrics!.histogram.explicit.buckets.length;
    const spans = stack.seriesEstimate().rows.find((r) => r.source === 'span-metrics')!;
    expect(spans.how).toContain(`× ${1 + buckets + 3} (calls + duration histogram)`);
  });

  it('counts each instrumented workload with its replicas', () => {
    const app = Testing.app();
    const stack = new LgtmStack(app, 'obs', presets.dev);
    const before = stack.seriesEstimate().total;
    stack.instrument(new Deployment(new Chart(app, 'shop', { namespace: 'shop' }), 'checkout', { replicas: 4, containers: [{ image: 'checkout:1.0.0' }] }), { serviceName: 'checkout' });
    const checkout = stack.seriesEstimate().rows.find((r) => r.source === 'service:checkout')!;
    expect(checkout.series).toBe(4 * (20 * 17 + 100 + 1));
    expect(stack.seriesEstimate().total).toBeGreaterThan(before + checkout.series);
  });

  it('drops a source and what needs it', () => {
    const dev = estimateOf(presets.dev);
    const without = withoutSources(dev, new Set(['span-metrics']));
    expect(without.rows.map((r) => r.source)).not.toContain('recording-rules');
    expect(without.total).toBe(dev.total - dev.rows.filter((r) => r.source === 'span-metrics' || r.source === 'recording-rules').reduce((n, r) => n + r.series, 0));
  });
});

describe('budget.activeSeries', () => {
  it('fails synthesis above the estimate with one line naming the top sources; passes at it', () => {
    const total = estimateOf(presets.prod).total;
    const over = new App();
    new LgtmStack(over, 'obs', mergeProps(presets.prod, { budget: { activeSeries: total - 1 } }));
    expect(() => validateApp(over)).toThrow(new RegExp(`^prod: budget.activeSeries: the estimate is ${total} series, over the budget of ${total - 1} \\(top sources: scrape:loki \\d+, [^\\n]+; see otel-lgtm cardinality\\)$`));
    const at = new App();
    new LgtmStack(at, 'obs', mergeProps(presets.prod, { budget: { activeSeries: total } }));
    expect(() => validateApp(at)).not.toThrow();
  });

  it('counts workloads instrumented after the stack was made', () => {
    const app = Testing.app();
    const stack = new LgtmStack(app, 'obs', mergeProps(presets.dev, { budget: { activeSeries: estimateOf(presets.dev).total } }));
    expect(() => validateApp(app)).not.toThrow();
    stack.instrument(new Deployment(new Chart(app, 'shop', { namespace: 'shop' }), 'cart', { containers: [{ image: 'cart:1.0.0' }] }));
    expect(() => validateApp(app)).toThrow(/budget\.activeSeries: the estimate is \d+ series, over the budget/);
  });

  it.each([
    [{ budget: { activeSeries: 0 } }, 'budget.activeSeries: 0 is not allowed (an integer from 1 to 1000000000)'],
    [{ cardinality: { nodes: 0 } }, 'cardinality.nodes: 0 is not allowed (an integer from 1 to 100000)'],
    [{ cardinality: { containersPerPod: 0.5 } }, 'cardinality.containersPerPod: 0.5 is not allowed (a number from 1 to 50)'],
  ] as const)('refuses %j with one line', (props, line) => {
    expect(() => stackOf(props as LgtmStackProps)).toThrow(line);
  });
});
