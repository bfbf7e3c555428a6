import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/advise';
import { ENVIRONMENTS, presets } from '../../overlays';
import { mergeProps } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { parseQuantity } from '../../settings/units';
import { FixtureSeries, Window, counter, gauge, openMetrics } from '../support/openmetrics';
import { PROJECT_PROMTOOL } from '../support/promtool';
import { RunningServer, debianTool, startServer } from '../support/servers';

/**
 * One real Prometheus (Debian's) over one TSDB built from fixture series. Each scenario lies in its
 * own hour, and the advisor evaluates at the end of it (--at), so scenarios never see each other.
 */
const ENV = ENVIRONMENTS.staging();
const COLLECTOR = { job: 'otel-collector' };
const TARGET_SPANS = 50;
const T0 = Date.UTC(2026, 0, 1) / 1000;
const windowOf = (i: number): Window => ({ start: T0 + i * 3600, length: 1200, step: 30 });
const atOf = (i: number) => windowOf(i).start + windowOf(i).length;
const limitOf = (component: keyof typeof ENV.resources) => parseQuantity(ENV.resources[component].limits.memory);

/** A healthy stack: data flows, nothing refused or dropped, queues nearly empty, memory at 40 %, Tempo at the target volume. */
function healthy(changes: { drop?: string[]; add?: FixtureSeries[] } = {}): FixtureSeries[] {
  const base: FixtureSeries[] = [
    counter('otelcol_receiver_accepted_spans', { ...COLLECTOR, receiver: 'otlp' }, 100),
    counter('otelcol_receiver_refused_spans', { ...COLLECTOR, receiver: 'otlp' }, 0),
    counter('otelcol_exporter_sent_spans', { ...COLLECTOR, exporter: 'otlp_grpc/tempo' }, 50),
    counter('otelcol_exporter_sent_log_records', { ...COLLECTOR, exporter: 'otlp_http/loki' }, 20),
    ...['otlp_grpc/tempo', 'otlp_http/loki'].flatMap((exporter) => [
      gauge('otelcol_exporter_queue_size', { ...COLLECTOR, exporter }, 5),
      gauge('otelcol_exporter_queue_capacity', { ...COLLECTOR, exporter }, 1000),
    ]),
    gauge('otelcol_process_memory_rss', COLLECTOR, 0.4 * limitOf('collector')),
    ...(['tempo', 'loki', 'prometheus', 'grafana', 'alertmanager'] as const)
      .map((job) => gauge('process_resident_memory_bytes', { job }, 0.4 * limitOf(job))),
    counter('loki_discarded_samples_total', { job: 'loki', reason: 'rate_limited' }, 0),
    counter('tempo_discarded_spans_total', { job: 'tempo', reason: 'rate_limited' }, 0),
    counter('tempo_distributor_spans_received_total', { job: 'tempo' }, TARGET_SPANS),
  ];
  const dropped = new Set(changes.drop ?? []);
  return [...base.filter((s) => !dropped.has(`${s.name}${JSON.stringify(s.labels)}`)), ...(changes.add ?? [])];
}
const key = (s: FixtureSeries) => `${s.name}${JSON.stringify(s.labels)}`;
/** The healthy stack with some series replaced. */
const withSeries = (...replaced: FixtureSeries[]) => healthy({ drop: replaced.map(key), add: replaced });

const SCENARIOS: Array<{ name: string; series: FixtureSeries[]; expected: Array<{ check: string; setting: string; says?: RegExp }> }> = [
  { name: 'healthy', series: healthy(), expected: [] },
  {
    name: 'collector refusing (memory_limiter)',
    series: withSeries(counter('otelcol_receiver_refused_spans', { ...COLLECTOR, receiver: 'otlp' }, 20)),
    expected: [{ check: 'collector-refusing', setting: 'resources.collector.limits.memory', says: /refuses 20 items\/s .*now 512Mi.*collectorReplicas \(now 1\)/ }],
  },
  {
    name: 'Loki exporter failing, its queue full and dropping',
    series: withSeries(
      counter('otelcol_exporter_send_failed_log_records', { ...COLLECTOR, exporter: 'otlp_http/loki' }, 5),
      counter('otelcol_exporter_enqueue_failed_log_records', { ...COLLECTOR, exporter: 'otlp_http/loki' }, 2),
      gauge('otelcol_exporter_queue_size', { ...COLLECTOR, exporter: 'otlp_http/loki' }, 900),
    ),
    expected: [
      { check: 'exporter-failing', setting: 'backend of otlp_http/loki', says: /fails to send 5 items\/s/ },
      { check: 'queue-full-drops', setting: 'backend of otlp_http/loki', says: /drops 2 items\/s/ },
      { check: 'queue-fill', setting: 'backend of otlp_http/loki', says: /90 % full/ },
    ],
  },
  {
    name: 'Loki near its memory limit',
    series: withSeries(gauge('process_resident_memory_bytes', { job: 'loki' }, 0.95 * limitOf('loki'))),
    expected: [{ check: 'memory-near-limit', setting: 'resources.loki.limits.memory', says: /loki peaked at 973Mi, 95 % of its 1Gi limit/ }],
  },
  {
    name: 'Loki and Tempo rate-limiting',
    series: withSeries(
      counter('loki_discarded_samples_total', { job: 'loki', reason: 'rate_limited' }, 10),
      counter('tempo_discarded_spans_total', { job: 'tempo', reason: 'rate_limited' }, 3),
    ),
    expected: [
      { check: 'loki-rate-limited', setting: 'logIngestion.rateMb', says: /10 log lines\/s .*now 4\).*now 8\)/ },
      { check: 'tempo-rate-limited', setting: 'sampling.percentOfRest', says: /3 spans\/s/ },
    ],
  },
  {
    name: 'sampler keeping ten times the target',
    series: withSeries(counter('tempo_distributor_spans_received_total', { job: 'tempo' }, 10 * TARGET_SPANS)),
    expected: [{ check: 'sampler-volume', setting: 'sampling.percentOfRest', says: /about 5 \(now 50/ }],
  },
  {
    name: 'a metric with too many series',
    series: healthy({ add: Array.from({ length: 60 }, (_, i) => gauge('app_requests_by_user', { user: `u${i}` }, 1)) }),
    expected: [{ check: 'high-cardinality', setting: 'metric app_requests_by_user', says: /60 series \(over 50\)/ }],
  },
];

let prometheus: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'advise-'));
  writeFileSync(join(dir, 'fixture.om'), openMetrics(SCENARIOS.map((s, i) => ({ window: windowOf(i), series: s.series }))));
  execFileSync(PROJECT_PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'fixture.om'), join(dir, 'data')], { stdio: 'pipe' });
  // The stack stamps `environment` as an external label; the advisor reads it when --env is not given.
  writeFileSync(join(dir, 'prometheus.yaml'), `global:\n  external_labels:\n    environment: ${ENV.name}\n`);
  prometheus = await startServer(debianTool('prometheus', 'prometheus'), (listen) => [
    `--config.file=${join(dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${listen}`,
  ], '/-/ready');
});

afterAll(async () => {
  await prometheus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function advise(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err };
}

const scenarioArgs = (i: number) => [
  '--prometheus', prometheus.url, '--at', String(atOf(i)), '--target-spans-per-second', String(TARGET_SPANS), '--max-series-per-metric', '50',
];

describe('advise, against a real Prometheus', () => {
  it.each(SCENARIOS.map((s, i) => [s.name, i] as const))('%s', async (_, i) => {
    const { code, out, err } = await advise([...scenarioArgs(i), '--json']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.environment).toBe(ENV.name);
    expect(report.advice.map((a: any) => ({ check: a.check, setting: a.setting }))).toEqual(SCENARIOS[i].expected.map(({ check, setting }) => ({ check, setting })));
    report.advice.forEach((a: any, j: number) => {
      expect(a.recommendation).toMatch(SCENARIOS[i].expected[j].says!);
      expect(a.evidence.query).toMatch(/\S/);
      expect(a.evidence.value).toMatch(/^\{.*\} [\d.e+-]+$/);
      // A setting (not a backend or a metric to look at) comes as props that validate and change it.
      if (/^[\w.]+$/.test(a.setting)) {
        expect(a.props).toBeDefined();
        const changed = settingsFrom(mergeProps(presets.staging, a.props), ENV.name).validate();
        const at = (settings: unknown) => a.setting.split('.').reduce((v: any, k: string) => v?.[k], settings);
        expect(at(changed)).not.toEqual(at(ENV));
        expect(at(changed)).toBeDefined();
      } else {
        expect(a.props).toBeUndefined();
      }
    });
  });

  it('prints text with each recommendation\'s query and value, and says so when there is nothing to change', async () => {
    const unhealthy = await advise(['--env', 'staging', ...scenarioArgs(3)]);
    expect(unhealthy.out).toContain('1. resources.loki.limits.memory: loki peaked at 973Mi');
    expect(unhealthy.out).toMatch(/evidence: max by \(job\) \(max_over_time\(process_resident_memory_bytes\[15m\]\)\)\n\s+= \{job="loki"\} 1020000000\n\s+props:\s+mergeProps\(presets\.staging, \{"resources":\{"loki":\{"limits":\{"memory":"1390Mi"\}\}\}\}\)$/);
    expect((await advise(scenarioArgs(0))).out).toMatch(/no recommendations: \d+ checks found nothing to change\./);
  });

  it('phrases advice in the settings of the environment it is given', async () => {
    const { out } = await advise(['--env', 'prod', ...scenarioArgs(1), '--json']);
    expect(JSON.parse(out).advice[0].recommendation).toMatch(/now 1Gi.*collectorAutoscaling\.maxReplicas \(now 6\)/);
  });
});

describe('advise refuses bad input with one line', () => {
  it.each([
    [[], 2, /^advise: --prometheus: required/],
    [['--prometheus', 'localhost:9090'], 2, /^advise: --prometheus: 'localhost:9090' is not an http\(s\) URL$/],
    [['--prometheus', 'http://127.0.0.1:1', '--at', 'yesterday'], 2, /^advise: --at: 'yesterday' is not a time/],
    [['--prometheus', 'http://127.0.0.1:1', '--target-spans-per-second=-3'], 2, /^advise: --target-spans-per-second: '-3' is not a positive number$/],
    [['--prometheus', 'http://127.0.0.1:1', '--target-spans-per-second', '-3'], 2, /^advise: Option '--target-spans-per-second' argument is ambiguous\. \(usage: /],
    [['--prometheus', 'http://127.0.0.1:1', '--verbose'], 2, /^advise: Unknown option '--verbose'/],
    [['--prometheus', 'http://127.0.0.1:1', '--env', 'dev'], 1, /^advise: cannot reach Prometheus at http:\/\/127\.0\.0\.1:1/],
    [['--prometheus', 'http://127.0.0.1:1', '--env', 'qa'], 2, /^advise: --env: unknown environment 'qa'/],
  ])('%j', async (args, code, message) => {
    const result = await advise(args as string[]);
    expect(result.code).toBe(code);
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });
});
