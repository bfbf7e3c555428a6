/**
 * promtool unit tests of the cluster and backend alerts: each fires on the failure series, and
 * stays silent on healthy series and on a short blip. Series are named and labelled as Prometheus
 * stores them (OTLP translation with the promoted resource attributes; the backends' scraped names).
 */
import { AlertingRule, DEFAULT_RULE_SETTINGS, prometheusRules } from '../../config/rules';
import type { ScrapeJobs } from '../../config/scrape-jobs';
import { KUBERNETES_IDENTITY_ATTRIBUTES, PROMOTED_RESOURCE_ATTRIBUTES } from '../../config/prometheus';
import { prometheusLabel } from '../../config/otlp-names';
import { ruleTests } from './rules/harness';
import { counter, gauge, series } from './rules/series';
import type { InputSeries } from '../support/promtool';

const JOBS: ScrapeJobs = {
  scraped: ['otel-collector', 'tempo', 'loki', 'prometheus', 'grafana', 'alertmanager'],
  collectors: ['otel-collector'],
  backends: { loki: 'loki', tempo: 'tempo', prometheus: 'prometheus', alertmanager: 'alertmanager' },
};
const NEW_GROUPS = ['kubernetes', 'loki', 'tempo', 'prometheus', 'alertmanager'];
// Only these groups (they read no recorded series): promtool evaluates every rule of the file at
// every step, and the SLO records' day-long windows would make the hours-long scenarios slow.
const all = prometheusRules(DEFAULT_RULE_SETTINGS, JOBS, { clusterTelemetry: true, alertmanagerCluster: true });
const file = { groups: all.groups.filter((g) => NEW_GROUPS.includes(g.name)) };
const newAlerts = file.groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);
const { covered, scenario, silent, fires } = ruleTests(file);

/** A gauge that takes each value for `minutes` minutes in turn. */
const steps = (minutes: number, ...values: number[]) => values.map((v) => `${v}x${minutes - 1}`).join(' ');
const one = (name: string, labels: Record<string, string>, values: string): InputSeries => ({ series: series(name, labels), values });

describe('the cluster (k8s_cluster, kubelet_stats)', () => {
  const pod = { k8s_namespace_name: 'shop', k8s_pod_name: 'checkout-7d9f-abcde' };
  const container = { ...pod, k8s_container_name: 'checkout' };
  // What the series carry besides the alert's labels: the node, the Deployment (promoted attributes).
  const extra = { k8s_node_name: 'node-1', k8s_deployment_name: 'checkout' };
  const restarts = (reason: string, values: string) => one('k8s_container_restarts', { ...container, ...extra, k8s_container_status_last_terminated_reason: reason }, values);
  const ticket = (labels: Record<string, string>) => ({ severity: 'ticket', ...labels });

  scenario('a container restarting every 5 minutes is crash-looping (its series splits at the first termination reason)', [
    restarts('', gauge(0, 10)),
    restarts('Error', steps(5, 1, 2, 3, 4, 5, 6, 7, 8)),
  ], [fires('KubePodCrashLooping', '40m', ticket(container))]);
  scenario('one restart, or none, is not a crash loop', [
    restarts('', gauge(0, 10)),
    restarts('Error', gauge(1, 40)),
    one('k8s_container_restarts', { ...container, k8s_container_name: 'sidecar', ...extra }, gauge(0, 50)),
  ], [silent('KubePodCrashLooping', '40m')]);

  const phase = (p: number, minutes: number, labels = pod) => one('k8s_pod_phase', { ...labels, k8s_node_name: 'node-1' }, gauge(p, minutes));
  const ready = (values: string, labels = container) => one('k8s_container_ready', { ...labels, ...extra }, values);
  scenario('a running pod whose container fails readiness for 30m is not ready', [phase(2, 30), ready(gauge(0, 30))], [
    fires('KubePodNotReady', '25m', ticket(pod)),
  ]);
  scenario('a pod Pending for 20m is not ready', [phase(1, 30)], [fires('KubePodNotReady', '20m', ticket(pod))]);
  scenario('not ready for 5 minutes, and a completed Job pod, stay silent', [
    phase(2, 30), ready(`${gauge(0, 5)} ${gauge(1, 25)}`),
    phase(3, 30, { k8s_namespace_name: 'shop', k8s_pod_name: 'migrate-x1' }), ready(gauge(0, 30), { k8s_namespace_name: 'shop', k8s_pod_name: 'migrate-x1', k8s_container_name: 'migrate' }),
  ], [silent('KubePodNotReady', '25m')]);

  scenario('an OOM kill: the count goes up and the last termination reason is OOMKilled', [
    restarts('', gauge(0, 20)),
    restarts('OOMKilled', `_x19 ${gauge(1, 30)}`),
  ], [fires('KubeContainerOomKilled', '25m', ticket(container)), silent('KubeContainerOomKilled', '45m')]);
  scenario('a restart for another reason, and an OOM kill long before Prometheus started, stay silent', [
    restarts('', gauge(0, 20)),
    restarts('Error', `_x19 ${gauge(1, 30)}`),
    one('k8s_container_restarts', { ...container, k8s_container_name: 'old', ...extra, k8s_container_status_last_terminated_reason: 'OOMKilled' }, gauge(4, 50)),
  ], [silent('KubeContainerOomKilled', '25m'), silent('KubeContainerOomKilled', '5m')]);

  const workload = (alert: string, label: string, desired: string, ready: string) => {
    const labels = { k8s_namespace_name: 'shop', [label]: 'checkout' };
    scenario(`${alert}: one replica missing for 30m`, [one(desired, labels, gauge(3, 30)), one(ready, labels, gauge(2, 30))], [fires(alert, '20m', ticket(labels))]);
    scenario(`${alert}: a replica missing for 10m during a rollout, then back`, [
      one(desired, labels, gauge(3, 30)), one(ready, labels, `${gauge(2, 10)} ${gauge(3, 20)}`),
    ], [silent(alert, '20m')]);
  };
  workload('KubeDeploymentReplicasMismatch', 'k8s_deployment_name', 'k8s_deployment_desired', 'k8s_deployment_available');
  workload('KubeStatefulSetReplicasMismatch', 'k8s_statefulset_name', 'k8s_statefulset_desired_pods', 'k8s_statefulset_ready_pods');
  workload('KubeDaemonSetReplicasMismatch', 'k8s_daemonset_name', 'k8s_daemonset_desired_scheduled_nodes', 'k8s_daemonset_ready_nodes');

  const job = (name: string, failed: number, active: number, successful: number) => {
    const labels = { k8s_namespace_name: 'batch', k8s_job_name: name };
    return [
      one('k8s_job_failed_pods', labels, gauge(failed, 20)), one('k8s_job_active_pods', labels, gauge(active, 20)),
      one('k8s_job_successful_pods', labels, gauge(successful, 20)), one('k8s_job_desired_successful_pods', labels, gauge(1, 20)),
    ];
  };
  scenario('a Job that gave up (failed pods, none active, no success)', job('report', 2, 0, 0), [
    fires('KubeJobFailed', '10m', ticket({ k8s_namespace_name: 'batch', k8s_job_name: 'report' })),
  ]);
  scenario('a Job that succeeded on a retry, or is still retrying, stays silent', [...job('retried', 1, 0, 1), ...job('running', 1, 1, 0)], [silent('KubeJobFailed', '10m')]);

  const node = { k8s_node_name: 'node-1' };
  const condition = (metric: string, values: string) => one(metric, { ...node, k8s_namespace_name: '' }, values);
  scenario('a node not ready for 30m', [condition('k8s_node_condition_ready', gauge(0, 30))], [fires('KubeNodeNotReady', '20m', ticket(node))]);
  scenario('a node not ready for 5m (a kubelet restart) stays silent', [condition('k8s_node_condition_ready', `${gauge(-1, 5)} ${gauge(1, 25)}`)], [silent('KubeNodeNotReady', '20m')]);
  scenario('memory pressure for 10m, and no other pressure', [
    condition('k8s_node_condition_memory_pressure', gauge(1, 15)), condition('k8s_node_condition_disk_pressure', gauge(0, 15)),
    condition('k8s_node_condition_pid_pressure', gauge(0, 15)),
  ], [fires('KubeNodePressure', '10m', ticket({ ...node, condition: 'MemoryPressure' }))]);
  scenario('PID pressure for 3 minutes stays silent', [condition('k8s_node_condition_pid_pressure', `${gauge(0, 5)} ${gauge(1, 3)} ${gauge(0, 10)}`)], [
    silent('KubeNodePressure', '9m'),
  ]);

  const fs = (usage: string, capacity = gauge(100, 480)) => [
    one('k8s_node_filesystem_usage_bytes', node, usage), one('k8s_node_filesystem_capacity_bytes', node, capacity),
  ];
  scenario('a node filesystem 95 % full for 40m', fs(gauge(95, 40), gauge(100, 40)), [fires('KubeNodeFilesystemAlmostFull', '35m', ticket(node))]);
  scenario('a node filesystem 85 % full stays silent', fs(gauge(85, 40), gauge(100, 40)), [silent('KubeNodeFilesystemAlmostFull', '35m')]);
  scenario('a node filesystem growing 6 % an hour from half full will fill within a day', fs('50+0.1x480'), [
    fires('KubeNodeFilesystemFillingUp', '7h', ticket(node)),
  ]);
  scenario('a node filesystem 70 % full and steady stays silent', fs(gauge(70, 480)), [silent('KubeNodeFilesystemFillingUp', '7h')]);

  const claim = { k8s_namespace_name: 'observability', k8s_persistentvolumeclaim_name: 'data-loki-0' };
  const volume = (available: string, minutes: number) => [
    one('k8s_volume_available_bytes', { ...claim, k8s_pod_name: 'loki-0', k8s_node_name: 'node-1' }, available),
    one('k8s_volume_capacity_bytes', { ...claim, k8s_pod_name: 'loki-0', k8s_node_name: 'node-1' }, gauge(100, minutes)),
  ];
  scenario('a volume 98 % full for 10m', volume(gauge(2, 15), 15), [fires('KubePersistentVolumeAlmostFull', '10m', { severity: 'page', ...claim })]);
  scenario('a volume 90 % full, or 98 % for 3 minutes, does not page', volume(`${gauge(10, 10)} ${gauge(2, 3)} ${gauge(10, 10)}`, 25), [
    silent('KubePersistentVolumeAlmostFull', '12m'), silent('KubePersistentVolumeAlmostFull', '20m'),
  ]);
  scenario('a volume 86 % full losing 0.6 % an hour will fill within 4 days', volume('14-0.01x480', 480), [
    fires('KubePersistentVolumeFillingUp', '7h', ticket(claim)),
  ]);
  scenario('a volume 90 % full and steady is not filling up', volume(gauge(10, 480), 480), [silent('KubePersistentVolumeFillingUp', '7h')]);

  const limit = (usage: string, usageMetric: string, limitMetric: string, limitValue: number) => [
    one(usageMetric, { ...container, ...extra }, usage),
    one(limitMetric, { ...container, k8s_node_name: 'node-1' }, gauge(limitValue, 40)),
  ];
  scenario('a container at 98 % of its CPU limit for 40m', limit(gauge(0.98, 40), 'container_cpu_usage', 'k8s_container_cpu_limit', 1), [
    fires('KubeContainerCpuNearLimit', '35m', ticket(container)),
  ]);
  scenario('a CPU burst to the limit for 10m stays silent', limit(`${gauge(0.98, 10)} ${gauge(0.3, 30)}`, 'container_cpu_usage', 'k8s_container_cpu_limit', 1), [
    silent('KubeContainerCpuNearLimit', '35m'),
  ]);
  scenario('a container at 95 % of its memory limit for 20m', limit(gauge(95, 40), 'container_memory_working_set_bytes', 'k8s_container_memory_limit_bytes', 100), [
    fires('KubeContainerMemoryNearLimit', '20m', ticket(container)),
  ]);
  scenario('a container at half its memory limit stays silent', limit(gauge(50, 40), 'container_memory_working_set_bytes', 'k8s_container_memory_limit_bytes', 100), [
    silent('KubeContainerMemoryNearLimit', '20m'),
  ]);
});

describe('Loki', () => {
  const loki = { job: 'loki', instance: '10.0.0.5:3100' };
  const push = (code: string, perMinute: number, route = 'loki_api_v1_push') => one('loki_request_duration_seconds_count', { ...loki, route, method: 'POST', status_code: code }, counter([perMinute, 30]));
  scenario('10 % of pushes answered 500 for 20m', [push('500', 10), push('204', 90, 'otlp_v1_logs')], [fires('LokiWriteErrors', '20m', { severity: 'page', job: 'loki' })]);
  scenario('1 % of pushes failing, and failing queries, do not page', [push('500', 1), push('204', 99), push('500', 50, 'loki_api_v1_query_range')], [
    silent('LokiWriteErrors', '20m'),
  ]);
  const lines = one('loki_distributor_lines_received_total', loki, counter([100, 30]));
  scenario('5 % of lines discarded by the rate limit', [lines, one('loki_discarded_samples_total', { ...loki, reason: 'rate_limited', tenant: 'fake' }, counter([5, 30]))], [
    fires('LokiDiscardingSamples', '25m', { severity: 'ticket', job: 'loki', reason: 'rate_limited' }),
  ]);
  scenario('0.5 % discarded stays silent', [lines, one('loki_discarded_samples_total', { ...loki, reason: 'greater_than_max_sample_age', tenant: 'fake' }, counter([0.5, 30]))], [
    silent('LokiDiscardingSamples', '25m'),
  ]);
  scenario('chunk flushes failing for 40m', [one('loki_ingester_chunks_flush_failures_total', loki, counter([1, 40]))], [
    fires('LokiIngesterFlushFailing', '35m', { severity: 'ticket', job: 'loki' }),
  ]);
  scenario('one failed flush (retried) stays silent', [one('loki_ingester_chunks_flush_failures_total', loki, counter([0, 5], [1, 1], [0, 30]))], [
    silent('LokiIngesterFlushFailing', '20m'),
  ]);
  scenario('the WAL disk is full', [one('loki_ingester_wal_disk_full_failures_total', loki, counter([0, 10], [3, 10]))], [
    fires('LokiWalDiskFull', '14m', { severity: 'page', job: 'loki' }), silent('LokiWalDiskFull', '8m'),
  ]);
});

describe('Tempo', () => {
  const tempo = { job: 'tempo', instance: '10.0.0.6:3200' };
  const receiver = { ...tempo, receiver: 'otlp/otlp_receiver', transport: 'grpc' };
  scenario('5 % of spans refused', [
    one('tempo_receiver_refused_spans', receiver, counter([5, 30])), one('tempo_receiver_accepted_spans', receiver, counter([95, 30])),
  ], [fires('TempoIngestionRefused', '20m', { severity: 'ticket', job: 'tempo' })]);
  scenario('0.5 % refused stays silent', [
    one('tempo_receiver_refused_spans', receiver, counter([0.5, 30])), one('tempo_receiver_accepted_spans', receiver, counter([99.5, 30])),
  ], [silent('TempoIngestionRefused', '20m')]);
  const received = one('tempo_distributor_spans_received_total', { ...tempo, tenant: 'single-tenant' }, counter([100, 30]));
  scenario('5 % of spans discarded by the rate limit', [received, one('tempo_discarded_spans_total', { ...tempo, reason: 'rate_limited', tenant: 'single-tenant' }, counter([5, 30]))], [
    fires('TempoDiscardingSpans', '25m', { severity: 'ticket', job: 'tempo', reason: 'rate_limited' }),
  ]);
  scenario('no discarded spans stays silent', [received, one('tempo_discarded_spans_total', { ...tempo, reason: 'rate_limited', tenant: 'single-tenant' }, counter([0, 30]))], [
    silent('TempoDiscardingSpans', '25m'),
  ]);
  scenario('compactions failing for 40m', [one('tempodb_compaction_errors_total', tempo, counter([1, 40]))], [
    fires('TempoBackendFailing', '30m', { severity: 'ticket', job: 'tempo', failure: 'compaction' }),
  ]);
  scenario('one failed retention run stays silent', [one('tempodb_retention_errors_total', tempo, counter([0, 5], [1, 1], [0, 30]))], [silent('TempoBackendFailing', '20m')]);
});

describe('Prometheus', () => {
  const prom = { job: 'prometheus', instance: '10.0.0.4:9090' };
  scenario('rule evaluations failing for 30m', [one('prometheus_rule_evaluation_failures_total', { ...prom, rule_group: '/etc/prometheus/rules/stack.rules.yaml;kubernetes' }, counter([2, 30]))], [
    fires('PrometheusRuleEvaluationFailures', '25m', { severity: 'page', job: 'prometheus', rule_group: '/etc/prometheus/rules/stack.rules.yaml;kubernetes' }),
  ]);
  scenario('one failed evaluation stays silent', [one('prometheus_rule_evaluation_failures_total', { ...prom, rule_group: 'g' }, counter([0, 5], [1, 1], [0, 30]))], [
    silent('PrometheusRuleEvaluationFailures', '25m'),
  ]);
  scenario('a failed compaction', [one('prometheus_tsdb_compactions_failed_total', prom, counter([0, 10], [1, 1], [0, 20]))], [
    fires('PrometheusTsdbCompactionsFailing', '20m', { severity: 'ticket', job: 'prometheus' }),
  ]);
  scenario('a failed head truncation', [one('prometheus_tsdb_head_truncations_failed_total', prom, counter([0, 10], [1, 1], [0, 20]))], [
    fires('PrometheusTsdbHeadErrors', '20m', { severity: 'ticket', job: 'prometheus', failure: 'head truncation' }),
  ]);
  scenario('a healthy TSDB stays silent', [
    one('prometheus_tsdb_compactions_failed_total', prom, counter([0, 30])), one('prometheus_tsdb_head_truncations_failed_total', prom, counter([0, 30])),
    one('prometheus_tsdb_wal_corruptions_total', prom, counter([0, 30])),
  ], [silent('PrometheusTsdbCompactionsFailing', '20m'), silent('PrometheusTsdbHeadErrors', '20m')]);
  const otlp = (code: string, perMinute: number, handler = '/api/v1/otlp/v1/metrics') => one('prometheus_http_requests_total', { ...prom, handler, code }, counter([perMinute, 30]));
  scenario('5 % of OTLP writes rejected', [otlp('400', 5), otlp('200', 95)], [fires('PrometheusOtlpIngestionErrors', '20m', { severity: 'ticket', job: 'prometheus' })]);
  scenario('0.5 % rejected, and failing queries, stay silent', [otlp('400', 0.5), otlp('200', 99.5), otlp('422', 50, '/api/v1/query')], [
    silent('PrometheusOtlpIngestionErrors', '20m'),
  ]);
  scenario('notifications dropped for 15m', [one('prometheus_notifications_dropped_total', prom, counter([0, 5], [3, 20]))], [
    fires('PrometheusNotificationsDropped', '15m', { severity: 'page', job: 'prometheus' }),
  ]);
  scenario('one dropped notification does not page at once', [one('prometheus_notifications_dropped_total', prom, counter([0, 5], [1, 1], [0, 20]))], [
    silent('PrometheusNotificationsDropped', '8m'),
  ]);
  scenario('size retention deleted a block', [one('prometheus_tsdb_size_retentions_total', prom, counter([0, 10], [1, 1], [0, 20]))], [
    fires('PrometheusStorageSizeRetention', '20m', { severity: 'ticket', job: 'prometheus' }),
  ]);
  scenario('only time retention stays silent', [
    one('prometheus_tsdb_size_retentions_total', prom, counter([0, 30])), one('prometheus_tsdb_time_retentions_total', prom, counter([0, 10], [1, 1], [0, 20])),
  ], [silent('PrometheusStorageSizeRetention', '20m')]);
});

describe('Alertmanager', () => {
  const am = (i: number) => ({ job: 'alertmanager', instance: `10.0.0.${10 + i}:9093` });
  const slack = (failed: number, i = 0) => [
    one('alertmanager_notifications_failed_total', { ...am(i), integration: 'slack', reason: 'clientError' }, counter([failed, 30])),
    one('alertmanager_notifications_total', { ...am(i), integration: 'slack' }, counter([10, 30])),
  ];
  scenario('10 % of Slack notifications fail', slack(1), [fires('AlertmanagerNotificationsFailing', '20m', { severity: 'page', job: 'alertmanager', integration: 'slack' })]);
  scenario('no failed notification stays silent', slack(0), [silent('AlertmanagerNotificationsFailing', '20m')]);
  const members = (values: string[]) => values.map((v, i) => one('alertmanager_cluster_members', am(i), v));
  scenario('a replica alone for 30m', members([gauge(3, 30), gauge(3, 30), gauge(1, 30)]), [
    fires('AlertmanagerClusterMembersMissing', '20m', { severity: 'ticket', job: 'alertmanager' }),
  ]);
  scenario('a replica rejoining within 5 minutes stays silent', members([gauge(3, 30), gauge(3, 30), `${gauge(1, 5)} ${gauge(3, 25)}`]), [
    silent('AlertmanagerClusterMembersMissing', '20m'),
  ]);
});

describe('labels', () => {
  test('every label a cluster alert groups, joins or matches on is a resource attribute Prometheus promotes', () => {
    const promoted = new Set([...PROMOTED_RESOURCE_ATTRIBUTES, ...KUBERNETES_IDENTITY_ATTRIBUTES].map(prometheusLabel));
    const exprs = file.groups.filter((g) => g.name === 'kubernetes').flatMap((g) => g.rules.map((r) => r.expr));
    const used = new Set(exprs.flatMap((e) => [
      ...[...e.matchAll(/\b(?:by|on) \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim())),
      ...[...e.matchAll(/[{,]\s*([a-z_]+)\s*=/g)].map((m) => m[1]),
    ]));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((l) => !promoted.has(l))).toEqual([]);
  });
});

describe('coverage', () => {
  test('every cluster and backend alert has a firing and a silent unit test', () => {
    const names = [...new Set(newAlerts.map((a) => a.alert))].sort();
    expect(names.length).toBeGreaterThan(25);
    expect([...covered.fires].filter((n) => names.includes(n as never)).sort()).toEqual(names);
    expect([...covered.silent].filter((n) => names.includes(n as never)).sort()).toEqual(names);
  });
});
