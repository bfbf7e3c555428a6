import { gatewayConfig } from '../../config/collector';
import { ALERTS, AlertingRule, DEFAULT_RULE_SETTINGS, RECORDS, RuleFile, prometheusRules } from '../../config/rules';
import type { ScrapeJobs } from '../../config/scrape-jobs';
import { toYaml } from '../../config/yaml';
import { DEFAULT_SAMPLING } from '../../settings/stack-settings';
import { durationSeconds } from '../../settings/validation';
import { AlertRuleTest, InputSeries, PromqlExprTest, PromtoolResult, RuleTest, checkRules, locatePromtool, testRules } from '../support/promtool';
import { groupsFor, ruleTests } from './rules/harness';
import { calls, counter, durations, gauge, series } from './rules/series';

/** A stack with a sampler tier, as prod runs: both collector tiers must be monitored. */
const JOBS: ScrapeJobs = {
  scraped: ['otel-collector', 'otel-sampler', 'tempo', 'loki', 'prometheus', 'grafana'],
  collectors: ['otel-collector', 'otel-sampler'],
};
const file = prometheusRules(DEFAULT_RULE_SETTINGS, JOBS);
const rulesYaml = toYaml(file);
const alerts = file.groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

/** Runs one promtool unit test case against the generated rules (1m samples, 1m evaluation). */
function unitTest(input_series: InputSeries[], checks: { alerts?: AlertRuleTest[]; exprs?: PromqlExprTest[] }): Promise<PromtoolResult> {
  const test: RuleTest = { interval: '1m', input_series, alert_rule_test: checks.alerts, promql_expr_test: checks.exprs };
  return testRules(rulesYaml, { evaluation_interval: '1m', tests: [test] });
}

/** Passes when promtool passed; on failure the diff shows promtool's own report. */
function expectPass(result: PromtoolResult): void {
  expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
}

const checkout = { service_name: 'checkout' };
const collector = { job: 'otel-collector', instance: '10.0.0.7:8888', service_instance_id: 'c0ffee' };
const { covered, batched, scenario, silent, fires } = ruleTests(file);

describe('harness', () => {
  test('promtool is installed (npm test fetches it: scripts/install-test-tools.sh)', () => {
    expect(locatePromtool()).toMatch(/promtool$/);
  });

  test('a missing promtool fails with how to install it, never skips', async () => {
    const saved = { PROMTOOL: process.env.PROMTOOL, PATH: process.env.PATH };
    try {
      process.env.PROMTOOL = '/nonexistent/promtool';
      await expect(checkRules(rulesYaml)).rejects.toThrow(/install-test-tools\.sh/);
      delete process.env.PROMTOOL;
      process.env.PATH = '/nonexistent';
      expect(() => locatePromtool('/nonexistent/.tools/promtool')).toThrow(/install-test-tools\.sh/);
    } finally {
      if (saved.PROMTOOL === undefined) delete process.env.PROMTOOL;
      else process.env.PROMTOOL = saved.PROMTOOL;
      process.env.PATH = saved.PATH;
    }
  });

  test('check rules rejects a rule with a PromQL syntax error', async () => {
    const broken: RuleFile = { groups: [{ name: 'broken', rules: [{ record: 'job:up:sum', expr: 'sum by (job (up)' }] }] };
    const result = await checkRules(toYaml(broken));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/parse error/);
  });

  test('test rules fails on a wrong expectation, naming the alert', async () => {
    const upEverywhere = JOBS.scraped.map((job) => ({ series: series('up', { job, instance: 'x' }), values: gauge(1, 20) }));
    const wrong = fires(ALERTS.componentDown, '10m', { severity: 'page', job: 'tempo', instance: 'x' });
    const result = await unitTest(upEverywhere, { alerts: [wrong] });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`alertname: ${ALERTS.componentDown}`);
  });
});

describe('rule file', () => {
  test('promtool check rules accepts it', async () => {
    expectPass(await checkRules(rulesYaml));
  });

  test('every alert has a for, a page/ticket severity, a summary, a description and a runbook', () => {
    for (const a of alerts) {
      expect(a.for).toMatch(/^\d+[smh]$/);
      expect(['page', 'ticket']).toContain(a.labels.severity);
      expect(a.annotations.summary.length).toBeGreaterThan(0);
      expect(a.annotations.description.length).toBeGreaterThan(0);
      expect(a.annotations.runbook.length).toBeGreaterThan(0);
    }
  });

  test('SLO rules aggregate by service_name only, so cardinality is one series per service', () => {
    const sloExprs = file.groups.filter((g) => g.name.startsWith('service-')).flatMap((g) => g.rules.map((r) => r.expr));
    for (const expr of sloExprs) {
      for (const [, labels] of expr.matchAll(/by \(([^)]*)\)/g)) expect(['service_name', 'service_name, le']).toContain(labels);
    }
  });

  test('settings are validated', () => {
    expect(() => prometheusRules({ ...DEFAULT_RULE_SETTINGS, availabilityObjective: 1 }, JOBS)).toThrow(/availabilityObjective/);
    expect(() => prometheusRules({ ...DEFAULT_RULE_SETTINGS, latencyObjective: 0 }, JOBS)).toThrow(/latencyObjective/);
    expect(() => prometheusRules(DEFAULT_RULE_SETTINGS, { ...JOBS, scraped: [] })).toThrow(/jobs.scraped/);
    expect(() => prometheusRules(DEFAULT_RULE_SETTINGS, { ...JOBS, scraped: ['Bad Job'] })).toThrow(/"Bad Job" is not a Kubernetes label value/);
    expect(() => prometheusRules(DEFAULT_RULE_SETTINGS, { scraped: ['tempo'], collectors: ['otel-collector'] })).toThrow(/not scraped/);
  });

  test('whole-second latency thresholds match both `le="1"` and Prometheus 3\'s `le="1.0"`', () => {
    const yaml = toYaml(prometheusRules({ ...DEFAULT_RULE_SETTINGS, latencyThresholdSeconds: 1 }, JOBS));
    expect(yaml).toContain('le=~"1|1.0"');
  });

  test('the latency threshold is a bucket of the collector\'s span_metrics histogram, in seconds', () => {
    const config = gatewayConfig(
      { ports: { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 }, environment: 'test', clusterName: 'c', memoryLimitBytes: 2 ** 30, sampling: DEFAULT_SAMPLING, corsAllowedOrigins: [], debugExporter: false, profiling: false },
      { tracesOtlpGrpc: 'tempo:4317', logsOtlpHttp: 'http://loki:3100/otlp', metricsOtlpHttp: 'http://prometheus:9090/api/v1/otlp' },
    );
    const spanMetrics = (config.connectors as Record<string, any>).span_metrics;
    // The rules' metric names assume this namespace and unit.
    expect(spanMetrics.namespace).toBe('traces.span.metrics');
    expect(spanMetrics.histogram.unit).toBe('s');
    const bounds = (spanMetrics.histogram.explicit.buckets as string[]).map(durationSeconds);
    expect(bounds).toContain(DEFAULT_RULE_SETTINGS.latencyThresholdSeconds);
  });
});

describe('recording rules', () => {
  const input = [
    ...calls('checkout', [[54, 15]], [[6, 15]]), // 1 call/s, 10 % errors
    ...calls('checkout', [[0, 15]], [[600, 15]], 'SPAN_KIND_CLIENT'), // client spans: ignored
    ...durations('checkout', [[60, 15]], [[60, 15]]), // every span in (0.25, 0.5]
  ];
  const at = (expr: string, value: number, labels = 'service_name="checkout"'): PromqlExprTest => ({
    expr, eval_time: '10m', exp_samples: [{ labels: `${expr}{${labels}}`, value }],
  });
  const quantile = (q: number, value: number): PromqlExprTest => ({
    expr: `${RECORDS.durationQuantile5m}{quantile="${q}"}`,
    eval_time: '10m',
    exp_samples: [{ labels: `${RECORDS.durationQuantile5m}{quantile="${q}", service_name="checkout"}`, value }],
  });
  batched('rate, error ratio, slow ratio and quantiles of server spans per service', input, {
    exprs: [
      at(RECORDS.callsRate5m, 1),
      at(RECORDS.errorRatio('5m'), 0.1),
      at(RECORDS.errorRatio('1h'), 0.1),
      at(RECORDS.slowRatio('5m'), 0),
      // Linear interpolation inside the (0.25, 0.5] bucket.
      quantile(0.5, 0.375),
      quantile(0.95, 0.4875),
      quantile(0.99, 0.4975),
    ],
  });
});

describe('availability SLO (99 %, budget 1 %)', () => {
  const page = { severity: 'page', ...checkout };
  const ticket = { severity: 'ticket', ...checkout };
  scenario('20 % errors burn 20x: pages (1h/5m) and tickets', calls('checkout', [[80, 30]], [[20, 30]]), [
    fires(ALERTS.availabilityFastBurn, '20m', page),
    fires(ALERTS.availabilitySlowBurn, '20m', ticket),
  ]);
  scenario('0.5 % errors stay within budget; client-span errors do not count', [
    ...calls('checkout', [[199, 70]], [[1, 70]]),
    ...calls('checkout', [[0, 70]], [[50, 70]], 'SPAN_KIND_CLIENT'),
  ], [silent(ALERTS.availabilityFastBurn, '1h'), silent(ALERTS.availabilitySlowBurn, '1h')]);
  scenario('35m after recovery the short windows silence the page; the long ones still ticket', calls('checkout', [[80, 60], [100, 40]], [[20, 60], [0, 40]]), [
    silent(ALERTS.availabilityFastBurn, '95m'),
    fires(ALERTS.availabilitySlowBurn, '95m', ticket),
  ]);
  // One scenario per window pair whose threshold alone decides it, so a wrong factor fails a test.
  scenario('4h healthy then all errors: 1h/5m (14.4x) pages before 6h/30m could', calls('checkout', [[100, 240], [0, 20]], [[0, 240], [100, 20]]), [
    silent(ALERTS.availabilityFastBurn, '247m'),
    fires(ALERTS.availabilityFastBurn, '254m', page),
  ]);
  scenario('8 % errors (8x) page through 6h/30m (6x) only', calls('checkout', [[92, 40]], [[8, 40]]), [
    fires(ALERTS.availabilityFastBurn, '35m', page),
  ]);
  scenario('2 % errors (2x) ticket through 3d/6h (1x) only', calls('checkout', [[98, 40]], [[2, 40]]), [
    silent(ALERTS.availabilityFastBurn, '35m'),
    fires(ALERTS.availabilitySlowBurn, '35m', ticket),
  ]);
  scenario('4 % errors (4x) only tickets, through 1d/2h', calls('checkout', [[96, 150]], [[4, 150]]), [
    silent(ALERTS.availabilityFastBurn, '2h'),
    fires(ALERTS.availabilitySlowBurn, '2h', ticket),
  ]);
});

describe('latency SLO (95 % under 0.5 s, budget 5 %)', () => {
  scenario('80 % slow burns 16x: pages and tickets', durations('checkout', [[20, 30]], [[100, 30]]), [
    fires(ALERTS.latencyFastBurn, '20m', { severity: 'page', ...checkout }),
    fires(ALERTS.latencySlowBurn, '20m', { severity: 'ticket', ...checkout }),
  ]);
  scenario('2 % slow stays within budget', durations('checkout', [[98, 70]], [[100, 70]]), [
    silent(ALERTS.latencyFastBurn, '1h'),
    silent(ALERTS.latencySlowBurn, '1h'),
  ]);
  scenario('20 % slow (4x) only tickets', durations('checkout', [[80, 70]], [[100, 70]]), [
    silent(ALERTS.latencyFastBurn, '1h'),
    fires(ALERTS.latencySlowBurn, '1h', { severity: 'ticket', ...checkout }),
  ]);
});

describe('collector pipeline', () => {
  const receiver = { ...collector, receiver: 'otlp', transport: 'grpc' };
  const exporter = { ...collector, exporter: 'otlp_grpc/tempo' };
  const refusedAlert = (signal: string) => ({ severity: 'ticket', signal, job: 'otel-collector', receiver: 'otlp' });

  scenario('5 % of spans refused for 10m', [
    { series: series('otelcol_receiver_accepted_spans', receiver), values: counter([950, 30]) },
    { series: series('otelcol_receiver_refused_spans', receiver), values: counter([50, 30]) },
    { series: series('otelcol_receiver_accepted_metric_points', receiver), values: counter([1000, 30]) },
  ], [fires(ALERTS.receiverRefusing, '20m', refusedAlert('spans'))]);
  scenario('log records refused with no accepted counter yet (never created) still alert', [
    { series: series('otelcol_receiver_refused_log_records', receiver), values: counter([10, 30]) },
  ], [fires(ALERTS.receiverRefusing, '20m', refusedAlert('log_records'))]);
  scenario("the sampler tier's receiver refusing is caught too", [
    { series: series('otelcol_receiver_accepted_spans', { ...receiver, job: 'otel-sampler' }), values: counter([900, 30]) },
    { series: series('otelcol_receiver_refused_spans', { ...receiver, job: 'otel-sampler' }), values: counter([100, 30]) },
  ], [fires(ALERTS.receiverRefusing, '20m', { ...refusedAlert('spans'), job: 'otel-sampler' })]);
  scenario('0.1 % refused is a blip', [
    { series: series('otelcol_receiver_accepted_spans', receiver), values: counter([999, 30]) },
    { series: series('otelcol_receiver_refused_spans', receiver), values: counter([1, 30]) },
  ], [silent(ALERTS.receiverRefusing, '20m')]);

  scenario('every metric point fails to export (backend down since start)', [
    { series: series('otelcol_exporter_send_failed_metric_points', { ...exporter, exporter: 'otlp_http/prometheus' }), values: counter([100, 30]) },
  ], [fires(ALERTS.exporterFailing, '20m', { severity: 'ticket', signal: 'metric_points', job: 'otel-collector', exporter: 'otlp_http/prometheus' })]);
  scenario('0.5 % failed exports stay silent', [
    { series: series('otelcol_exporter_sent_spans', exporter), values: counter([995, 30]) },
    { series: series('otelcol_exporter_send_failed_spans', exporter), values: counter([5, 30]) },
  ], [silent(ALERTS.exporterFailing, '20m')]);

  const queue = (size: string) => [
    { series: series('otelcol_exporter_queue_size', { ...exporter, data_type: 'traces' }), values: size },
    { series: series('otelcol_exporter_queue_capacity', exporter), values: gauge(1000, 30) },
  ];
  scenario('queue 90 % full for 10m', queue(gauge(900, 30)), [
    fires(ALERTS.exporterQueueNearFull, '10m', { severity: 'ticket', job: 'otel-collector', instance: collector.instance, exporter: exporter.exporter }),
  ]);
  scenario('queue half full, or 90 % for only 3m, stays silent', queue(`${gauge(500, 10)} ${gauge(900, 3)} ${gauge(100, 20)}`), [
    silent(ALERTS.exporterQueueNearFull, '10m'),
    silent(ALERTS.exporterQueueNearFull, '15m'),
  ]);
});

describe('stack components', () => {
  const up = (jobs: string[], value: (job: string) => string) => jobs.map((job) => ({ series: series('up', { job, instance: `${job}:80` }), values: value(job) }));
  const jobs = [...JOBS.scraped];

  scenario('tempo failing scrapes for 10m', up(jobs, (j) => gauge(j === 'tempo' ? 0 : 1, 20)), [
    fires(ALERTS.componentDown, '10m', { severity: 'page', job: 'tempo', instance: 'tempo:80' }),
    silent(ALERTS.componentMissing, '10m'),
  ]);
  scenario('all up, and a down app outside the stack, stay silent', [
    ...up(jobs, () => gauge(1, 20)),
    ...up(['demo-app'], () => gauge(0, 20)),
  ], [silent(ALERTS.componentDown, '10m'), silent(ALERTS.componentMissing, '15m')]);
  scenario('loki with no scrape target at all', up(jobs.filter((j) => j !== 'loki'), () => gauge(1, 20)), [
    fires(ALERTS.componentMissing, '15m', { severity: 'page', job: 'loki' }),
    silent(ALERTS.componentDown, '15m'),
  ]);
});

describe('coverage', () => {
  test('every alert has a firing and a silent unit test', () => {
    const names = [...new Set(alerts.map((a) => a.alert))].sort();
    expect([...covered.fires].sort()).toEqual(names);
    expect([...covered.silent].sort()).toEqual(names);
  });
});

describe('the unit-test harness', () => {
  // Each promtool test group loads only the rule groups it needs: an alert on a recorded series must
  // still get the group that records it, or its test would pass or fail for the wrong reason.
  test('gives each alert its own group and every group recording a series it reads', () => {
    const recordedIn = new Map(file.groups.flatMap((g) => g.rules.filter((r) => 'record' in r).map((r) => [(r as { record: string }).record, g.name] as const)));
    const alerts = file.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
    expect(alerts.some((a) => [...recordedIn.keys()].some((record) => a.expr.includes(record)))).toBe(true);
    for (const alert of alerts) {
      const names = groupsFor(file, { interval: '1m', input_series: [], alert_rule_test: [{ alertname: alert.alert, eval_time: '1m', exp_alerts: [] }] }).map((g) => g.name);
      for (const [record, group] of recordedIn) if (alert.expr.includes(record)) expect(names).toContain(group);
      expect(names.length).toBeLessThan(file.groups.length);
    }
  });
});
