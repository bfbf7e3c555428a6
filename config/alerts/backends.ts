/**
 * Alerts on the backends' own failure modes, from the metrics the pinned versions expose on
 * /metrics (names checked against the real programs: test/fixtures/real-programs/metric-names.json
 * and the README's "Alerts" section). Each backend's alerts exist only where it runs and is scraped.
 * Grafana has no failure metric worth paging on beyond being up: StackComponentDown/Missing cover it.
 */
import { alertThreshold } from '../../settings/alerts';
import type { AlertSettings } from '../../settings/schema';
import { ScrapeJobs, StackBackend, backendJobs, jobSelector } from '../scrape-jobs';
import type { AlertDefinition } from './tuning';

const pct = (n: number) => `${Number((n * 100).toFixed(4))} %`;

/** `sum by (by) (rate(metric{selector}[5m]))` */
const rate = (metric: string, selector: string, by = 'job') => `sum by (${by}) (rate(${metric}{${selector}}[5m]))`;

/** Each `[failure, counter]` that grew over `window`, as one series labelled `failure`. */
function anyIncrease(job: string, window: string, counters: ReadonlyArray<readonly [string, string]>): string {
  return counters
    .map(([failure, metric]) => `label_replace(sum by (job) (increase(${metric}{${job}}[${window}])) > 0, "failure", "${failure}", "", "")`)
    .join('\nor\n');
}

/** bad / (bad + good) over 5m, `good or 0*bad` so a counter never created yet still gives a ratio. */
export function lossRatio(bad: string, good: string, by: string): string {
  const sumRate = (m: string) => `sum by (${by}) (rate(${m}[5m]))`;
  return `${sumRate(bad)}\n/\n(${sumRate(bad)} + (${sumRate(good)} or 0 * ${sumRate(bad)}))`;
}

// Push routes of Loki's API: the JSON/protobuf push and native OTLP.
const LOKI_PUSH = 'route=~"loki_api_v1_push|otlp_v1_logs"';
// Prometheus's OTLP receiver, as its HTTP handler label reads.
const PROMETHEUS_OTLP = 'handler="/api/v1/otlp/v1/metrics"';

function lokiAlerts(job: string, s: AlertSettings): AlertDefinition[] {
  const writeErrors = alertThreshold(s, 'LokiWriteErrors');
  const discarded = alertThreshold(s, 'LokiDiscardingSamples');
  return [
    {
      alert: 'LokiWriteErrors',
      expr: `${rate('loki_request_duration_seconds_count', `${job}, ${LOKI_PUSH}, status_code=~"5.."`)}\n/\n${rate('loki_request_duration_seconds_count', `${job}, ${LOKI_PUSH}`)}\n> ${writeErrors}`,
      for: '10m',
      severity: 'page',
      summary: 'Loki fails to accept logs',
      description: `Over ${pct(writeErrors)} of pushes to Loki end in a server error: the collector retries, then drops logs once its queue is full.`,
      runbook: 'Read Loki\'s own logs (level=error); check its ingesters are ready (/ready, the ring at /ring), its volume and object storage reachable; the collector\'s queue on the Collector pipeline dashboard shows how long it can hold out.',
    },
    {
      alert: 'LokiDiscardingSamples',
      expr: `sum by (job, reason) (rate(loki_discarded_samples_total{${job}}[5m]))\n/ on (job) group_left\n${rate('loki_distributor_lines_received_total', job)}\n> ${discarded}`,
      for: '15m',
      severity: 'ticket',
      summary: 'Loki discards log lines ({{ $labels.reason }})',
      description: `Over ${pct(discarded)} of received lines are discarded for {{ $labels.reason }}: rate limits, too old or too long lines, too many streams.`,
      runbook: 'rate_limited / per_stream_rate_limit: raise logIngestion.rateMb and burstMb (or find the noisy service); greater_than_max_sample_age: a client sends old lines; stream_limit: too many label values (keep labels few and bounded).',
    },
    {
      alert: 'LokiIngesterFlushFailing',
      // A 10m window under a 15m `for`: one failed flush (retried) passes, failures that go on fire.
      expr: `sum by (job) (increase(loki_ingester_chunks_flush_failures_total{${job}}[10m])) > 0`,
      for: '15m',
      severity: 'ticket',
      summary: 'Loki fails to flush chunks to storage',
      description: 'Chunk flushes have kept failing for 15 minutes: logs pile up in memory and the WAL and are lost if the ingesters restart.',
      runbook: 'Read Loki\'s logs for the flush error: object storage credentials or reachability (objectStorage, the Secret), a full volume (KubePersistentVolumeAlmostFull), permissions on the chunks directory.',
    },
    {
      alert: 'LokiWalDiskFull',
      expr: `sum by (job) (increase(loki_ingester_wal_disk_full_failures_total{${job}}[10m])) > 0`,
      for: '2m',
      severity: 'page',
      summary: 'Loki\'s WAL volume is full',
      description: 'The ingester cannot write its write-ahead log: new logs are accepted only in memory and lost on a restart.',
      runbook: 'Grow Loki\'s volume (persistence.size.loki) or free it; check chunks are flushed (LokiIngesterFlushFailing) so the WAL can be truncated.',
    },
  ];
}

function tempoAlerts(job: string, s: AlertSettings): AlertDefinition[] {
  const refused = alertThreshold(s, 'TempoIngestionRefused');
  const discarded = alertThreshold(s, 'TempoDiscardingSpans');
  return [
    {
      alert: 'TempoIngestionRefused',
      expr: `${lossRatio(`tempo_receiver_refused_spans{${job}}`, `tempo_receiver_accepted_spans{${job}}`, 'job')}\n> ${refused}`,
      for: '10m',
      severity: 'ticket',
      summary: 'Tempo refuses spans',
      description: `Over ${pct(refused)} of spans sent to Tempo's receiver are refused (rate limits or a live-store that cannot keep up).`,
      runbook: 'See TempoDiscardingSpans for the reason; raise Tempo\'s resources or lower the span volume (sampling.percentOfRest).',
    },
    {
      alert: 'TempoDiscardingSpans',
      expr: `sum by (job, reason) (rate(tempo_discarded_spans_total{${job}}[5m]))\n/ on (job) group_left\n${rate('tempo_distributor_spans_received_total', job)}\n> ${discarded}`,
      for: '15m',
      severity: 'ticket',
      summary: 'Tempo discards spans ({{ $labels.reason }})',
      description: `Over ${pct(discarded)} of received spans are discarded for {{ $labels.reason }}.`,
      runbook: 'rate_limited: the ingestion rate limit is reached, sample more (sampling.percentOfRest) or raise Tempo\'s limits; trace_too_large or live_traces_exceeded: a client builds huge traces.',
    },
    {
      alert: 'TempoBackendFailing',
      // A 10m window under a 15m `for`: one failed cycle passes, failures that go on fire.
      expr: anyIncrease(job, '10m', [
        ['compaction', 'tempodb_compaction_errors_total'],
        ['retention', 'tempodb_retention_errors_total'],
        ['block completion', 'tempo_live_store_failed_completions_total'],
        ['local flush', 'tempo_live_store_local_failed_flushes_total'],
        ['scheduler flush', 'tempo_backend_scheduler_work_flushes_failed_total'],
      ]),
      for: '15m',
      severity: 'ticket',
      summary: 'Tempo\'s {{ $labels.failure }} keeps failing',
      description: 'Tempo has failed its {{ $labels.failure }} for 15 minutes: traces may be missing from search or kept past their retention.',
      runbook: 'Read Tempo\'s logs for the error; check object storage credentials and reachability (objectStorage), and Tempo\'s volume (KubePersistentVolumeAlmostFull).',
    },
  ];
}

function prometheusAlerts(job: string, s: AlertSettings): AlertDefinition[] {
  const otlp = alertThreshold(s, 'PrometheusOtlpIngestionErrors');
  return [
    {
      alert: 'PrometheusRuleEvaluationFailures',
      expr: `sum by (job, rule_group) (increase(prometheus_rule_evaluation_failures_total{${job}}[10m])) > 0`,
      for: '15m',
      severity: 'page',
      summary: 'Prometheus fails to evaluate rules of {{ $labels.rule_group }}',
      description: 'Rule evaluations have kept failing for 15 minutes: alerts of that group may not fire at all.',
      runbook: 'Prometheus\'s logs name the rule and the error (often many-to-many matching after a label change, or a query limit); `otel-lgtm rules --env <name>` prints the rule file to check with promtool.',
    },
    {
      alert: 'PrometheusTsdbCompactionsFailing',
      expr: `sum by (job) (increase(prometheus_tsdb_compactions_failed_total{${job}}[3h])) > 0`,
      for: '5m',
      severity: 'ticket',
      summary: 'Prometheus fails to compact its TSDB',
      description: 'A compaction failed in the last 3 hours: the head grows in memory and on disk until it succeeds.',
      runbook: 'Prometheus\'s logs name the failing block; usually a full volume (KubePersistentVolumeAlmostFull) or a corrupt block (move it out of the data directory and restart).',
    },
    {
      alert: 'PrometheusTsdbHeadErrors',
      expr: anyIncrease(job, '3h', [
        ['head truncation', 'prometheus_tsdb_head_truncations_failed_total'],
        ['WAL corruption', 'prometheus_tsdb_wal_corruptions_total'],
        ['block reload', 'prometheus_tsdb_reloads_failures_total'],
        ['checkpoint', 'prometheus_tsdb_checkpoint_creations_failed_total'],
      ]),
      for: '5m',
      severity: 'ticket',
      summary: 'Prometheus TSDB: {{ $labels.failure }} failed',
      description: 'Prometheus\'s time-series database reported a {{ $labels.failure }} failure in the last 3 hours.',
      runbook: 'Prometheus\'s logs name the error; a full or failing volume is the usual cause; a WAL corruption is repaired on restart at the cost of the corrupted segment.',
    },
    {
      alert: 'PrometheusOtlpIngestionErrors',
      expr: `${rate('prometheus_http_requests_total', `${job}, ${PROMETHEUS_OTLP}, code!~"2.."`)}\n/\n${rate('prometheus_http_requests_total', `${job}, ${PROMETHEUS_OTLP}`)}\n> ${otlp}`,
      for: '10m',
      severity: 'ticket',
      summary: 'Prometheus rejects OTLP metrics',
      description: `Over ${pct(otlp)} of OTLP write requests are not accepted: those metrics are lost (the collector does not retry a 4xx).`,
      runbook: 'Prometheus\'s logs say why (out-of-order samples past storage.tsdb.out_of_order_time_window, invalid names, a full volume); the collector\'s exporter errors show the same on the Collector pipeline dashboard.',
    },
    {
      alert: 'PrometheusNotificationsDropped',
      expr: `sum by (job) (increase(prometheus_notifications_dropped_total{${job}}[5m])) > 0`,
      for: '5m',
      severity: 'page',
      summary: 'Prometheus drops alert notifications',
      description: 'Alerts are being dropped before they reach Alertmanager: nobody is told about them.',
      runbook: 'Check Alertmanager is up (StackComponentDown) and reachable from Prometheus (NetworkPolicies, its Service); prometheus_notifications_errors_total and Prometheus\'s logs give the error.',
    },
    {
      alert: 'PrometheusStorageSizeRetention',
      expr: `sum by (job) (increase(prometheus_tsdb_size_retentions_total{${job}}[1h])) > 0`,
      for: '5m',
      severity: 'ticket',
      summary: 'Prometheus deletes data early: its volume is full',
      description: 'Size-based retention (85 % of the volume) removed blocks before retention.metrics: metrics are kept for less time than configured.',
      runbook: 'Grow Prometheus\'s volume (persistence.size.prometheus), shorten retention.metrics, or cut series (npm run advise -- --prometheus <url> names the largest metrics).',
    },
  ];
}

function alertmanagerAlerts(job: string, s: AlertSettings, o: BackendOptions): AlertDefinition[] {
  const failing = alertThreshold(s, 'AlertmanagerNotificationsFailing');
  const notifications: AlertDefinition = {
      alert: 'AlertmanagerNotificationsFailing',
      expr: `${rate('alertmanager_notifications_failed_total', job, 'job, integration')}\n/\n${rate('alertmanager_notifications_total', job, 'job, integration')}\n> ${failing}`,
      for: '10m',
      severity: 'page',
      summary: 'Alertmanager fails to notify through {{ $labels.integration }}',
      description: `Over ${pct(failing)} of notifications through {{ $labels.integration }} fail: alerts routed there reach nobody.`,
      runbook: 'Alertmanager\'s logs give the integration\'s error: an expired or wrong credential in its Secret (alerting.page / alerting.ticket), the service unreachable (egress NetworkPolicy, proxy), a rate limit.',
  };
  // One replica gossips with nobody (and exposes no cluster gauges): only a cluster can lose a member.
  if (!o.alertmanagerCluster) return [notifications];
  return [
    notifications,
    {
      alert: 'AlertmanagerClusterMembersMissing',
      expr: `min by (job) (alertmanager_cluster_members{${job}})\n< on (job)\ncount by (job) (alertmanager_cluster_members{${job}})`,
      for: '15m',
      severity: 'ticket',
      summary: 'An Alertmanager replica does not see all its peers',
      description: 'A replica sees fewer cluster members than there are replicas: notifications may be sent twice and silences not shared.',
      runbook: 'Check the gossip port (9094, TCP and UDP) between the replicas (NetworkPolicies, the alertmanager-peers Service) and each replica\'s logs for memberlist errors.',
    },
  ];
}

/** How the backends run, where it decides which of their alerts exist. */
export interface BackendOptions {
  /** Alertmanager runs as a gossip cluster (alerting.replicas > 1). */
  readonly alertmanagerCluster: boolean;
}

const BACKEND_ALERTS: Record<StackBackend, (job: string, s: AlertSettings, o: BackendOptions) => AlertDefinition[]> = {
  loki: lokiAlerts, tempo: tempoAlerts, prometheus: prometheusAlerts, alertmanager: alertmanagerAlerts,
};

/** Each present backend's alerts, as one rule group per backend. */
export function backendAlertGroups(jobs: ScrapeJobs, s: AlertSettings, o: BackendOptions): Array<{ name: StackBackend; alerts: AlertDefinition[] }> {
  return (Object.keys(BACKEND_ALERTS) as StackBackend[])
    .filter((b) => backendJobs(jobs, b).length > 0)
    .map((b) => ({ name: b, alerts: BACKEND_ALERTS[b](jobSelector(backendJobs(jobs, b)), s, o) }));
}
