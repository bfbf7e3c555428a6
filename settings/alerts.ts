/**
 * The stack's alerts by name, and the checks of `alerts` (switching them off, tuning them). The
 * names live here, at the bottom of the import graph, so validation can name a wrong one before any
 * rule exists; config/rules.ts and config/alerts/ build the rules under these names.
 */
import type { AlertOverride, AlertSettings } from './schema';
import { checkDuration, checkOneOf, closeNames } from './validation';

/** What a threshold of an alert means, its default and the values it may take. */
export interface AlertThreshold {
  /** The default value. */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  /** What the number is, for messages and the README. */
  readonly meaning: string;
}

/** The alerts whose condition has a number to tune, with its default. */
export const ALERT_THRESHOLDS = {
  CollectorReceiverRefusing: { value: 0.01, min: 0, max: 1, meaning: 'share of items refused' },
  CollectorExporterSendFailing: { value: 0.01, min: 0, max: 1, meaning: 'share of items failing to send' },
  CollectorExporterQueueNearFull: { value: 0.8, min: 0, max: 1, meaning: 'queue fill ratio' },
  KubePodCrashLooping: { value: 3, min: 0, max: 100, meaning: 'container restarts within 30m' },
  KubeNodeFilesystemAlmostFull: { value: 0.9, min: 0, max: 1, meaning: 'share of the node filesystem used' },
  KubePersistentVolumeAlmostFull: { value: 0.97, min: 0, max: 1, meaning: 'share of the volume used' },
  KubeContainerCpuNearLimit: { value: 0.95, min: 0, max: 10, meaning: 'CPU used / CPU limit' },
  KubeContainerMemoryNearLimit: { value: 0.9, min: 0, max: 1, meaning: 'memory working set / memory limit' },
  LokiWriteErrors: { value: 0.05, min: 0, max: 1, meaning: 'share of push requests answered 5xx' },
  LokiDiscardingSamples: { value: 0.01, min: 0, max: 1, meaning: 'share of received lines discarded' },
  TempoIngestionRefused: { value: 0.01, min: 0, max: 1, meaning: 'share of spans refused' },
  TempoDiscardingSpans: { value: 0.01, min: 0, max: 1, meaning: 'share of received spans discarded' },
  PrometheusOtlpIngestionErrors: { value: 0.01, min: 0, max: 1, meaning: 'share of OTLP requests not answered 2xx' },
  AlertmanagerNotificationsFailing: { value: 0.01, min: 0, max: 1, meaning: 'share of notifications failing' },
} as const satisfies Record<string, AlertThreshold>;

/** An alert with a threshold. */
export type ThresholdAlert = keyof typeof ALERT_THRESHOLDS;

/** Every alert the stack can carry (each environment carries those its components can feed). */
export const ALERT_NAMES = [
  // Service SLOs (span metrics).
  'ServiceAvailabilityBudgetFastBurn', 'ServiceAvailabilityBudgetSlowBurn', 'ServiceLatencyBudgetFastBurn', 'ServiceLatencyBudgetSlowBurn',
  // The collector tiers.
  'CollectorReceiverRefusing', 'CollectorExporterSendFailing', 'CollectorExporterQueueNearFull',
  // Every scraped component, Grafana and Alertmanager included.
  'StackComponentDown', 'StackComponentMissing',
  // The cluster (k8s_cluster, kubelet_stats: needs clusterTelemetry).
  'KubePodCrashLooping', 'KubePodNotReady', 'KubeContainerOomKilled', 'KubeDeploymentReplicasMismatch', 'KubeStatefulSetReplicasMismatch',
  'KubeDaemonSetReplicasMismatch', 'KubeJobFailed', 'KubeNodeNotReady', 'KubeNodePressure', 'KubeNodeFilesystemAlmostFull', 'KubeNodeFilesystemFillingUp',
  'KubePersistentVolumeAlmostFull', 'KubePersistentVolumeFillingUp', 'KubeContainerCpuNearLimit', 'KubeContainerMemoryNearLimit',
  // The backends' own failure modes.
  'LokiWriteErrors', 'LokiDiscardingSamples', 'LokiIngesterFlushFailing', 'LokiWalDiskFull',
  'TempoIngestionRefused', 'TempoDiscardingSpans', 'TempoBackendFailing',
  'PrometheusRuleEvaluationFailures', 'PrometheusTsdbCompactionsFailing', 'PrometheusTsdbHeadErrors', 'PrometheusOtlpIngestionErrors',
  'PrometheusNotificationsDropped', 'PrometheusStorageSizeRetention',
  'AlertmanagerNotificationsFailing', 'AlertmanagerClusterMembersMissing',
] as const;

/** An alert's name. */
export type AlertName = (typeof ALERT_NAMES)[number];

/** No alert switched off or tuned: every alert as the stack defines it. */
export const DEFAULT_ALERTS: AlertSettings = { disable: [], override: {} };

/** Label names Prometheus accepts; `alertname` and `severity` are the stack's own. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = ['alertname', 'severity'];

/** `'Name' is not an alert (did you mean A, B?)` in one line. */
function unknownAlert(field: string, name: string): string {
  const close = closeNames(name, ALERT_NAMES);
  const hint = close.length > 0 ? `did you mean ${close.join(', ')}?` : 'no alert has a similar name; `otel-lgtm rules --env <name>` lists them';
  return `${field}: '${name}' is not an alert (${hint})`;
}

const isAlert = (name: string): name is AlertName => (ALERT_NAMES as readonly string[]).includes(name);

function overrideProblems(name: string, o: AlertOverride): string[] {
  const field = `alerts.override.${name}`;
  const problems: string[] = [];
  if (o.for !== undefined) problems.push(...checkDuration(`${field}.for`, o.for));
  if (o.severity !== undefined) problems.push(...checkOneOf(`${field}.severity`, o.severity, ['page', 'ticket']));
  if (o.threshold !== undefined) {
    const t = (ALERT_THRESHOLDS as Record<string, AlertThreshold>)[name];
    if (!t) problems.push(`${field}.threshold: ${name} has no threshold (alerts with one: ${Object.keys(ALERT_THRESHOLDS).join(', ')})`);
    else if (!(Number.isFinite(o.threshold) && o.threshold > t.min && o.threshold <= t.max)) {
      problems.push(`${field}.threshold: ${o.threshold} is not allowed (the ${t.meaning}, above ${t.min} and at most ${t.max}; default ${t.value})`);
    }
  }
  for (const [label, value] of Object.entries(o.labels ?? {})) {
    if (!LABEL_NAME.test(label) || RESERVED_LABELS.includes(label)) {
      problems.push(`${field}.labels.${label}: not a label name the stack lets you set (letters, digits and _, not starting with a digit; not ${RESERVED_LABELS.join(' or ')}: use severity)`);
    } else if (typeof value !== 'string') problems.push(`${field}.labels.${label}: must be text`);
  }
  return problems;
}

/** Problems with `alerts`, one line each: unknown names (with the close ones), bad durations, severities, thresholds, labels. */
export function alertSettingsProblems(s: AlertSettings): string[] {
  const problems = s.disable.flatMap((name, i) => (isAlert(name) ? [] : [unknownAlert(`alerts.disable[${i}]`, name)]));
  for (const [name, o] of Object.entries(s.override)) {
    if (!isAlert(name)) problems.push(unknownAlert(`alerts.override.${name}`, name));
    else if (o) problems.push(...overrideProblems(name, o));
  }
  return problems;
}

/** The threshold of `name` after the overrides. */
export function alertThreshold(s: AlertSettings, name: ThresholdAlert): number {
  return s.override[name]?.threshold ?? ALERT_THRESHOLDS[name].value;
}
