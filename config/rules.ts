/**
 * Prometheus rule file for the stack: per-service RED recording rules, multi-window
 * multi-burn-rate SLO alerts (Google SRE workbook, ch. 5), collector pipeline health and
 * stack-component liveness. Pure data: serialize with `toYaml` from ./yaml.
 *
 * Metric names are what Prometheus 3 stores for OTLP input with the default
 * UnderscoreEscapingWithSuffixes translation (dots → underscores, `_seconds`, `_total`).
 *
 * Collector self-metric names are what a running collector exposes on its Prometheus reader
 * and Prometheus stores when scraping it: no `_total` or unit suffixes (`otelcol_receiver_refused_spans`,
 * `otelcol_exporter_send_failed_log_records`, `otelcol_exporter_queue_size`); the catalog in
 * test/fixtures/real-programs/ was captured from the real programs. Job selectors come from
 * the environment's workloads (./scrape-jobs).
 */
import { DEFAULT_ALERTS, ALERT_THRESHOLDS, alertThreshold } from '../settings/alerts';
import type { AlertSettings } from '../settings/schema';
import { parseDuration } from '../settings/units';
import { backendAlertGroups, lossRatio } from './alerts/backends';
import { clusterAlerts } from './alerts/cluster';
import { AlertDefinition, AlertingRule, RecordingRule, RuleFile, RuleGroup, Severity, tuned } from './alerts/tuning';
import { COLLECTOR_SIGNALS, ScrapeJobs, jobSelector, stackJobProblems } from './scrape-jobs';

export type { AlertAnnotations, AlertingRule, RecordingRule, RuleFile, RuleGroup, Severity } from './alerts/tuning';

/** What the rules depend on. */
export interface RuleSettings {
  /** Share of server spans that must not be errors, e.g. 0.99. */
  availabilityObjective: number;
  /** Share of server spans that must finish under `latencyThresholdSeconds`, e.g. 0.95. */
  latencyObjective: number;
  /**
   * Latency SLO threshold; must be a bucket boundary of the span_metrics histogram
   * (config/collector.ts), because the rule reads that bucket's `le` series directly.
   */
  latencyThresholdSeconds: number;
}

/** The stack's defaults: 99 % availability, 95 % of requests under 500 ms. */
export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  availabilityObjective: 0.99,
  latencyObjective: 0.95,
  latencyThresholdSeconds: 0.5,
};

/** Names of the recorded series, for dashboards and tests. */
export const RECORDS = {
  callsRate5m: 'service_name:traces_span_metrics_calls:rate5m',
  errorRatio: (window: string) => `service_name:traces_span_metrics_errors:ratio_rate${window}`,
  slowRatio: (window: string) => `service_name:traces_span_metrics_slow:ratio_rate${window}`,
  durationQuantile5m: 'service_name:traces_span_metrics_duration_seconds:histogram_quantile_rate5m',
} as const;

/** Names of the service, collector and stack alerts (every name: ALERT_NAMES in settings/alerts.ts). */
export const ALERTS = {
  availabilityFastBurn: 'ServiceAvailabilityBudgetFastBurn',
  availabilitySlowBurn: 'ServiceAvailabilityBudgetSlowBurn',
  latencyFastBurn: 'ServiceLatencyBudgetFastBurn',
  latencySlowBurn: 'ServiceLatencyBudgetSlowBurn',
  receiverRefusing: 'CollectorReceiverRefusing',
  exporterFailing: 'CollectorExporterSendFailing',
  exporterQueueNearFull: 'CollectorExporterQueueNearFull',
  componentDown: 'StackComponentDown',
  componentMissing: 'StackComponentMissing',
} as const satisfies Record<string, AlertingRule['alert']>;

/** Quantiles recorded per service (p50 for "typical", p95/p99 for the tail). */
export const RECORDED_QUANTILES = [0.5, 0.95, 0.99] as const;

/** Exporter queue fill ratio above which the collector is close to dropping data (default). */
export const QUEUE_FULL_RATIO = ALERT_THRESHOLDS.CollectorExporterQueueNearFull.value;

/** Share of refused / failed items that counts as a pipeline problem (retries hide small blips; default). */
export const PIPELINE_LOSS_RATIO = ALERT_THRESHOLDS.CollectorReceiverRefusing.value;

/**
 * Burn-rate windows from the SRE workbook, table 5-8: a long window to be sure the budget is
 * really burning, and a short one (1/12 of it) so the alert resets soon after recovery.
 */
export const BURN_WINDOWS = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'page' }, // 2 % of a 30-day budget in 1h
  { long: '6h', short: '30m', factor: 6, severity: 'page' }, // 5 % in 6h
  { long: '1d', short: '2h', factor: 3, severity: 'ticket' }, // 10 % in 1d
  { long: '3d', short: '6h', factor: 1, severity: 'ticket' }, // 10 % in 3d
] as const;

const SERVER = 'span_kind="SPAN_KIND_SERVER"';
const CALLS = 'traces_span_metrics_calls_total';
const BUCKET = 'traces_span_metrics_duration_seconds_bucket';
const COUNT = 'traces_span_metrics_duration_seconds_count';

/** Every window any SLO rule reads, shortest first. */
function sloWindows(): string[] {
  const seconds = (w: string) => parseDuration(w).toSeconds();
  const all = new Set(BURN_WINDOWS.flatMap((w) => [w.long, w.short]));
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}

/** Rounds away float noise (1 - 0.99 = 0.010000000000000009) so expressions read as written. */
function round(n: number): number {
  return Number(n.toFixed(10));
}

/**
 * Matches one histogram bucket. OTLP-translated buckets may carry `le="1"` or, after
 * Prometheus 3's float normalization, `le="1.0"`: for whole numbers accept both.
 */
function leMatcher(seconds: number): string {
  return Number.isInteger(seconds) ? `le=~"${seconds}|${seconds}.0"` : `le="${seconds}"`;
}

/** `sum by (labels) (rate(selector[window]))` */
function sumRate(selector: string, window: string, by: string): string {
  return `sum by (${by}) (rate(${selector}[${window}]))`;
}

function validate(s: RuleSettings): void {
  for (const [name, value] of [['availabilityObjective', s.availabilityObjective], ['latencyObjective', s.latencyObjective]] as const) {
    if (!(value > 0 && value < 1)) throw new Error(`${name} must be strictly between 0 and 1, got ${value}`);
  }
  if (!(s.latencyThresholdSeconds > 0)) throw new Error(`latencyThresholdSeconds must be positive, got ${s.latencyThresholdSeconds}`);
}

/** Per-service request rate, error ratio and latency quantiles from the span_metrics connector. */
function redRules(): RecordingRule[] {
  return [
    { record: RECORDS.callsRate5m, expr: sumRate(`${CALLS}{${SERVER}}`, '5m', 'service_name') },
    ...RECORDED_QUANTILES.map((q) => ({
      record: RECORDS.durationQuantile5m,
      expr: `histogram_quantile(${q}, ${sumRate(`${BUCKET}{${SERVER}}`, '5m', 'service_name, le')})`,
      labels: { quantile: String(q) },
    })),
  ];
}

/** Error and slow ratios over every burn-rate window (the 5m error ratio doubles as RED "E"). */
function sloRecords(s: RuleSettings): RecordingRule[] {
  return sloWindows().flatMap((w) => [
    {
      record: RECORDS.errorRatio(w),
      expr: `${sumRate(`${CALLS}{${SERVER}, status_code="STATUS_CODE_ERROR"}`, w, 'service_name')}\n/\n${sumRate(`${CALLS}{${SERVER}}`, w, 'service_name')}`,
    },
    {
      // Slow = not in the threshold bucket; buckets are cumulative, so 1 - fast/all.
      record: RECORDS.slowRatio(w),
      expr: `1 - (\n  ${sumRate(`${BUCKET}{${SERVER}, ${leMatcher(s.latencyThresholdSeconds)}}`, w, 'service_name')}\n  /\n  ${sumRate(`${COUNT}{${SERVER}}`, w, 'service_name')}\n)`,
    },
  ]);
}

/** A multi-window multi-burn-rate alert: fires when both windows of any pair burn too fast. */
function burnAlert(name: AlertDefinition['alert'], what: string, ratio: (w: string) => string, budget: number, severity: Severity, forDuration: string): AlertDefinition {
  const pairs = BURN_WINDOWS.filter((w) => w.severity === severity);
  const expr = pairs
    .map((p) => `(\n  ${ratio(p.long)} > ${round(p.factor * budget)}\nand\n  ${ratio(p.short)} > ${round(p.factor * budget)}\n)`)
    .join('\nor\n');
  const windows = pairs.map((p) => `${p.factor}x over ${p.long} and ${p.short}`).join(', or ');
  return {
    alert: name,
    expr,
    for: forDuration,
    severity,
    summary: `{{ $labels.service_name }} is burning its ${what} error budget too fast`,
    description: `The ${what} SLO error budget (${round(budget * 100)} % of server spans) of {{ $labels.service_name }} is being spent at ${windows} the sustainable rate.`,
    runbook: 'Open the Service RED dashboard for {{ $labels.service_name }}: which route fails or slows, since when (a deploy? a dependency?), then its traces (exemplars) and logs; roll back or shed load before the budget is gone.',
  };
}

function sloAlerts(s: RuleSettings): AlertDefinition[] {
  const errorBudget = round(1 - s.availabilityObjective);
  const latencyBudget = round(1 - s.latencyObjective);
  // Page alerts get a short `for` to ride out one bad scrape; tickets can wait longer.
  return [
    burnAlert(ALERTS.availabilityFastBurn, 'availability', RECORDS.errorRatio, errorBudget, 'page', '2m'),
    burnAlert(ALERTS.availabilitySlowBurn, 'availability', RECORDS.errorRatio, errorBudget, 'ticket', '15m'),
    burnAlert(ALERTS.latencyFastBurn, `latency (${s.latencyThresholdSeconds}s)`, RECORDS.slowRatio, latencyBudget, 'page', '2m'),
    burnAlert(ALERTS.latencySlowBurn, `latency (${s.latencyThresholdSeconds}s)`, RECORDS.slowRatio, latencyBudget, 'ticket', '15m'),
  ];
}

/** Collector pipeline health from its own :8888 metrics; one rule per signal, labelled `signal`. */
function collectorAlerts(jobs: ScrapeJobs, a: AlertSettings): AlertDefinition[] {
  const job = jobSelector(jobs.collectors);
  const refusedRatio = alertThreshold(a, 'CollectorReceiverRefusing');
  const failedRatio = alertThreshold(a, 'CollectorExporterSendFailing');
  const queueRatio = alertThreshold(a, 'CollectorExporterQueueNearFull');
  const refusing = COLLECTOR_SIGNALS.map((signal): AlertDefinition => ({
    alert: ALERTS.receiverRefusing,
    expr: `${lossRatio(`otelcol_receiver_refused_${signal}{${job}}`, `otelcol_receiver_accepted_${signal}{${job}}`, 'job, receiver')}\n> ${refusedRatio}`,
    for: '10m',
    severity: 'ticket',
    labels: { signal },
    summary: `Collector receiver {{ $labels.receiver }} refuses ${signal}`,
    description: `Over ${round(refusedRatio * 100)} % of ${signal} sent to receiver {{ $labels.receiver }} are refused (usually memory_limiter back-pressure); clients retry, but may drop data.`,
    runbook: 'The Collector pipeline dashboard shows which tier refuses; raise resources.collector.limits.memory or the replicas (collectorReplicas, collectorAutoscaling), or find the client that floods it.',
  }));
  const failing = COLLECTOR_SIGNALS.map((signal): AlertDefinition => ({
    alert: ALERTS.exporterFailing,
    expr: `${lossRatio(`otelcol_exporter_send_failed_${signal}{${job}}`, `otelcol_exporter_sent_${signal}{${job}}`, 'job, exporter')}\n> ${failedRatio}`,
    for: '10m',
    severity: 'ticket',
    labels: { signal },
    summary: `Collector exporter {{ $labels.exporter }} fails to send ${signal}`,
    description: `Over ${round(failedRatio * 100)} % of ${signal} sent by exporter {{ $labels.exporter }} fail; check the backend it writes to.`,
    runbook: 'The exporter names the backend (otlp_grpc/tempo, otlp_http/loki, otlp_http/prometheus, otlp_http/prometheus-<n> for a replica of the pair, load_balancing for the sampler tier, or a destination): look at that backend\'s own alerts and logs; the collector\'s logs give the error it got.',
  }));
  // `by (job, instance, exporter)` drops any extra label (e.g. data_type) newer collectors add.
  const by = 'job, instance, exporter';
  const queue: AlertDefinition = {
    alert: ALERTS.exporterQueueNearFull,
    expr: `max by (${by}) (otelcol_exporter_queue_size{${job}})\n/\nmax by (${by}) (otelcol_exporter_queue_capacity{${job}})\n> ${queueRatio}`,
    for: '5m',
    severity: 'ticket',
    summary: 'Collector exporter {{ $labels.exporter }} queue is nearly full',
    description: `The sending queue of exporter {{ $labels.exporter }} on {{ $labels.instance }} is over ${round(queueRatio * 100)} % full; once full, new data is dropped.`,
    runbook: 'The backend behind the exporter is slow or down (its own alerts, CollectorExporterSendFailing); the queue buys time, not capacity.',
  };
  return [...refusing, ...failing, queue];
}

/** Liveness: a target that fails scrapes, and a job with no target at all (pod gone, relabeling broken). */
function stackAlerts(jobs: ScrapeJobs): AlertDefinition[] {
  return [
    {
      alert: ALERTS.componentDown,
      expr: `up{${jobSelector(jobs.scraped)}} == 0`,
      for: '5m',
      severity: 'page',
      summary: '{{ $labels.job }} is down',
      description: 'Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}; that part of the stack is not working.',
      runbook: 'kubectl get pods -l app.kubernetes.io/name={{ $labels.job }} in the stack namespaces: a crash loop (its logs --previous), a pod not ready, or a NetworkPolicy blocking the scrape.',
    },
    {
      // absent() takes its labels from the equality matcher, so each term yields {job="…"}.
      alert: ALERTS.componentMissing,
      expr: jobs.scraped.map((j) => `absent(up{job="${j}"})`).join('\nor\n'),
      for: '10m',
      severity: 'page',
      summary: '{{ $labels.job }} has no scrape target',
      description: 'Prometheus discovers no pod for {{ $labels.job }}: it is not running, or its pod lost the scrape annotations.',
      runbook: 'kubectl get deploy,statefulset,daemonset -l app.kubernetes.io/name={{ $labels.job }}: scaled to zero, not scheduled, or its pods lack the prometheus.io/scrape annotation.',
    },
  ];
}

/** What else decides which alerts the rule file carries. */
export interface RuleScope {
  /**
   * Alerts switched off and tuned.
   * @default DEFAULT_ALERTS (all, as defined)
   */
  readonly alerts?: AlertSettings;
  /**
   * Whether the node agents and the cluster receiver run: the cluster alerts need their metrics.
   * @default false
   */
  readonly clusterTelemetry?: boolean;
  /**
   * Whether Alertmanager runs as a gossip cluster (more than one replica): only then does it expose
   * `alertmanager_cluster_members`, and only then can a member go missing.
   * @default false
   */
  readonly alertmanagerCluster?: boolean;
}

/**
 * The stack's Prometheus rule file. Recording rules are keyed by `service_name` only (span
 * metrics from the collector, all spans before tail sampling, server spans only), and alerts by
 * `service_name`, `job`/`instance` and `exporter`/`receiver`, which keeps cardinality bounded.
 */
export function prometheusRules(s: RuleSettings, jobs: ScrapeJobs, scope: RuleScope = {}): RuleFile {
  validate(s);
  const problems = stackJobProblems(jobs);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const a = scope.alerts ?? DEFAULT_ALERTS;
  const alerts = (definitions: AlertDefinition[]) => tuned(definitions, a);
  const groups: RuleGroup[] = [
    { name: 'service-red', rules: redRules() },
    // Records before the alerts that read them: same group, so same evaluation.
    { name: 'service-slo', rules: [...sloRecords(s), ...alerts(sloAlerts(s))] },
    // A Prometheus that watches no collector tier has no pipeline to alert on.
    ...(jobs.collectors.length > 0 ? [{ name: 'otel-collector', rules: alerts(collectorAlerts(jobs, a)) }] : []),
    { name: 'stack', rules: alerts(stackAlerts(jobs)) },
    ...backendAlertGroups(jobs, a, { alertmanagerCluster: scope.alertmanagerCluster ?? false }).map((g) => ({ name: g.name, rules: alerts(g.alerts) })),
    // Without the node agents and the cluster receiver, no series these alerts read exists.
    ...(scope.clusterTelemetry ? [{ name: 'kubernetes', rules: alerts(clusterAlerts(a)) }] : []),
  ];
  // A group whose every alert is switched off is left out.
  return { groups: groups.filter((g) => g.rules.length > 0) };
}
