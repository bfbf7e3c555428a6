/**
 * The pipeline check: synthesis fails, naming the query and the filter, when a metric a rule or
 * dashboard needs is dropped on its way through the collector tiers or produced by nothing.
 */
import { App } from 'cdk8s';
import { LgtmStack, mergeProps, presets } from '../../infra';
import { filterDrops, metricPipelineProblems } from '../../config/pipeline-check';
import { metricOrigin } from '../../config/metric-sources';
import { LgtmStackProps, SettingsError } from '../../settings';
import { DEFAULT_METRIC_ALLOWLIST } from '../../settings/cluster-telemetry';
import { synthesisChecked } from '../../cli/synth';
import { CliError } from '../../cli/io';

/** The problems synthesis reports for `props` over `base`, one line each (none: []). */
function synthesisProblems(props: LgtmStackProps, base: LgtmStackProps = presets.staging): string[] {
  try {
    new LgtmStack(new App(), 'custom', mergeProps(base, props));
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
}
const without = (...names: string[]) => DEFAULT_METRIC_ALLOWLIST.filter((m) => !names.includes(m));
const ALLOWLIST = 'processor filter/allowlist of the cluster receiver (otel-cluster-receiver), pipeline metrics (clusterTelemetry.metricAllowlist)';

describe('at synthesis', () => {
  test.each(Object.entries(presets))('%s passes: every metric read is delivered', (_, preset) => {
    expect(synthesisProblems({}, preset)).toEqual([]);
  });

  test('an allowlist that drops a metric alerts need fails, naming each alert and the filter', () => {
    expect(synthesisProblems({ clusterTelemetry: { metricAllowlist: without('k8s.job.failed_pods') } })).toEqual([
      `alert KubeJobFailed needs k8s_job_failed_pods: k8s.job.failed_pods from k8s_cluster is dropped by ${ALLOWLIST}`,
    ]);
  });

  test('the same allowlist passes once the alert that needed the metric is disabled', () => {
    expect(synthesisProblems({ clusterTelemetry: { metricAllowlist: without('k8s.job.failed_pods') }, alerts: { disable: ['KubeJobFailed'] } })).toEqual([]);
  });

  test('a metric a dashboard also reads names the panel too', () => {
    const problems = synthesisProblems({ clusterTelemetry: { metricAllowlist: without('k8s.container.restarts') } });
    expect(problems).toEqual([
      `alert KubePodCrashLooping needs k8s_container_restarts: k8s.container.restarts from k8s_cluster is dropped by ${ALLOWLIST}`,
      `alert KubeContainerOomKilled needs k8s_container_restarts: k8s.container.restarts from k8s_cluster is dropped by ${ALLOWLIST}`,
      `dashboard kubernetes-nodes.json panel "Container restarts (increase)" target A needs k8s_container_restarts: k8s.container.restarts from k8s_cluster is dropped by ${ALLOWLIST}`,
    ]);
  });

  test('a filter of the user\'s own in the gateway\'s metrics pipeline is followed too', () => {
    const problems = synthesisProblems({
      collector: { additions: {
        processors: { 'filter/no-histograms': { error_mode: 'ignore', metrics: { exclude: { match_type: 'regexp', metric_names: ['.*duration$'] } } } },
        pipelines: { metrics: { processors: ['filter/no-histograms'] } },
      } },
    }, presets.dev);
    expect(problems[0]).toBe('recording rule service_name:traces_span_metrics_duration_seconds:histogram_quantile_rate5m needs traces_span_metrics_duration_seconds_bucket: '
      + 'traces.span.metrics.duration from the span_metrics connector is dropped by processor filter/no-histograms of the gateway (otel-collector), pipeline metrics (collector.additions.processors.filter/no-histograms)');
    expect(problems.every((p) => p.includes('filter/no-histograms'))).toBe(true);
    // Cluster metrics take the gateway's metrics/cluster pipeline, where the addition is not: none is named.
    expect(problems.some((p) => p.includes('k8s_'))).toBe(false);
  });

  test('a filter that drops only metrics nobody reads passes', () => {
    expect(synthesisProblems({
      collector: { additions: {
        processors: { 'filter/noise': { error_mode: 'ignore', metrics: { metric: ['name == "jvm.gc.duration"'] } } },
        pipelines: { metrics: { processors: ['filter/noise'] } },
      } },
    })).toEqual([]);
  });

  test('the CLI turns it into one line per problem and exit 1, no stack trace', () => {
    const fail = () => synthesisChecked(() => new LgtmStack(new App(), 'custom', mergeProps(presets.staging, { clusterTelemetry: { metricAllowlist: without('k8s.job.failed_pods') } })));
    expect(fail).toThrow(CliError);
    expect(fail).toThrow(/^invalid settings for environment 'staging':\n {2}- alert KubeJobFailed needs k8s_job_failed_pods: .*filter\/allowlist/);
  });
});

describe('filterDrops', () => {
  test('include and exclude lists, strict and regexp', () => {
    expect(filterDrops({ error_mode: 'ignore', metrics: { include: { match_type: 'strict', metric_names: ['a.b'] } } }, 'a.c')).toBe(true);
    expect(filterDrops({ error_mode: 'ignore', metrics: { include: { match_type: 'strict', metric_names: ['a.b'] } } }, 'a.b')).toBe(false);
    expect(filterDrops({ error_mode: 'ignore', metrics: { include: { match_type: 'regexp', metric_names: ['^k8s\\.'] } } }, 'k8s.pod.phase')).toBe(false);
    expect(filterDrops({ error_mode: 'ignore', metrics: { exclude: { match_type: 'regexp', metric_names: ['^k8s\\.'] } } }, 'k8s.pod.phase')).toBe(true);
  });

  test('OTTL conditions on the name alone drop the metric; with the resource or data points they drop some series, not the metric', () => {
    const drops = (condition: string, name: string) => filterDrops({ error_mode: 'ignore', metrics: { metric: [condition] } }, name);
    expect(drops('name == "k8s.pod.phase"', 'k8s.pod.phase')).toBe(true);
    expect(drops('metric.name == "k8s.pod.phase"', 'k8s.pod.phase')).toBe(true);
    expect(drops('IsMatch(metric.name, "^k8s[.]volume[.]")', 'k8s.volume.available')).toBe(true);
    expect(drops('IsMatch(metric.name, "^k8s[.]volume[.]") and resource.attributes["k8s.volume.type"] != "persistentVolumeClaim"', 'k8s.volume.available')).toBe(false);
    expect(drops('name == "k8s.pod.phase"', 'k8s.pod.cpu.usage')).toBe(false);
  });
});

describe('metricPipelineProblems', () => {
  test('a metric nothing produces, and a backend that is not scraped, are named as such', () => {
    const problems = metricPipelineProblems({
      tiers: {},
      jobs: { scraped: ['prometheus'], collectors: [] },
      rules: { groups: [{ name: 'g', rules: [{ record: 'x:y', expr: 'sum(rate(my_metric_total[5m]))' }, { record: 'x:z', expr: 'sum(loki_panic_total) + sum(x:y)' }] }] },
      dashboards: {},
    });
    expect(problems).toEqual([
      'recording rule x:y needs my_metric_total: no component produces it',
      'recording rule x:z needs loki_panic_total: loki is not running or not scraped here',
    ]);
  });

  test('a pushed metric whose producer does not run here', () => {
    expect(metricOrigin('k8s_pod_phase', { scraped: [], collectors: [] })).toMatchObject({ kind: 'pushed' });
    const problems = metricPipelineProblems({
      tiers: {}, jobs: { scraped: ['prometheus'], collectors: [] }, dashboards: {},
      rules: { groups: [{ name: 'g', rules: [{ record: 'a:b', expr: 'count(k8s_pod_phase == 4)' }] }] },
    });
    expect(problems).toEqual(['recording rule a:b needs k8s_pod_phase: no component produces it here (k8s_cluster: not running in this environment)']);
  });
});
