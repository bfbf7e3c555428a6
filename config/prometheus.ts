import { LAST_TERMINATED_REASON } from './cluster-receiver';
import { OTLP_TRANSLATION, OtlpTranslationStrategy } from './otlp-names';

/** A Prometheus relabel rule. */
export interface RelabelConfig {
  source_labels?: string[];
  regex?: string;
  action?: 'keep' | 'drop' | 'replace' | 'labelmap';
  target_label?: string;
  replacement?: string;
  separator?: string;
}

/** One scrape job. */
export interface ScrapeConfig {
  job_name: string;
  kubernetes_sd_configs?: Array<{ role: 'pod'; namespaces: { names: string[] } }>;
  relabel_configs?: RelabelConfig[];
}

/** The parts of Prometheus 3's config file that this stack sets. */
export interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string; external_labels: Record<string, string> };
  otlp: { translation_strategy: OtlpTranslationStrategy; promote_resource_attributes: string[] };
  storage: { tsdb: { out_of_order_time_window: string } };
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
  remote_write?: Array<{ url: string; basic_auth?: { username_file: string; password_file: string }; send_exemplars: boolean }>;
  alerting?: { alertmanagers: Array<{ api_version: 'v2'; static_configs: Array<{ targets: string[] }> }> };
}

/** What Prometheus's config depends on. */
export interface PrometheusSettings {
  /** StackSettings name, stamped on every series as `environment`. */
  readonly environment: string;
  /** Namespaces whose annotated pods are scraped. */
  readonly scrapeNamespaces: readonly string[];
  /** Pod annotation names that opt a pod in and give its port and path. */
  readonly annotations: { readonly scrape: string; readonly port: string; readonly path: string };
  /** Glob of the rule files to load. */
  readonly ruleFiles: string;
  /**
   * A long-term store every sample is also pushed to; basic-auth credentials are read from files.
   * @default - none
   */
  readonly remoteWrite?: { readonly url: string; readonly basicAuth?: { readonly usernameFile: string; readonly passwordFile: string } };
  /**
   * Alertmanagers (`host:port`) that firing alerts are sent to.
   * @default - alerts stay in Prometheus
   */
  readonly alertmanagers?: readonly string[];
}

/** OTLP resource attributes kept as labels: bounded, and what dashboards filter by. */
export const PROMOTED_RESOURCE_ATTRIBUTES = [
  'service.namespace',
  'service.version',
  'deployment.environment.name',
  'k8s.namespace.name',
] as const;

/**
 * Also promoted: what tells the kubelet_stats and k8s_cluster series apart (they carry no
 * service.name, so no job or instance): node, pod, container, the workload (Deployment,
 * StatefulSet, DaemonSet, Job), the volume claim, and a container's last termination reason (what
 * the OOM-kill alert reads). Never the pod UID. Without one of these, two objects' series would
 * carry the same labels and overwrite each other.
 */
export const KUBERNETES_IDENTITY_ATTRIBUTES = [
  'k8s.node.name', 'k8s.pod.name', 'k8s.container.name', 'k8s.deployment.name',
  'k8s.statefulset.name', 'k8s.daemonset.name', 'k8s.job.name', 'k8s.persistentvolumeclaim.name', LAST_TERMINATED_REASON,
] as const;

/** Turns a pod annotation name into the meta label Prometheus's pod discovery exposes. */
function annotationLabel(annotation: string): string {
  return `__meta_kubernetes_pod_annotation_${annotation.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * Prometheus's config: OTLP input with an out-of-order window (OTLP batches arrive late and
 * unordered) and promoted resource attributes; every annotated pod of the stack, Prometheus
 * itself included, scraped through pod discovery.
 */
export function prometheusConfig(s: PrometheusSettings): PrometheusConfig {
  return {
    global: { scrape_interval: '30s', evaluation_interval: '30s', external_labels: { environment: s.environment } },
    // The translation written out, not left to the default: every rule and dashboard name is derived from it (config/otlp-names.ts).
    otlp: { translation_strategy: OTLP_TRANSLATION, promote_resource_attributes: [...PROMOTED_RESOURCE_ATTRIBUTES, ...KUBERNETES_IDENTITY_ATTRIBUTES] },
    storage: { tsdb: { out_of_order_time_window: '30m' } },
    rule_files: [s.ruleFiles],
    ...(s.remoteWrite ? {
      remote_write: [{
        url: s.remoteWrite.url,
        send_exemplars: true,
        ...(s.remoteWrite.basicAuth ? { basic_auth: { username_file: s.remoteWrite.basicAuth.usernameFile, password_file: s.remoteWrite.basicAuth.passwordFile } } : {}),
      }],
    } : {}),
    ...(s.alertmanagers?.length ? { alerting: { alertmanagers: [{ api_version: 'v2' as const, static_configs: [{ targets: [...s.alertmanagers] }] }] } } : {}),
    scrape_configs: [
      {
        job_name: 'stack-pods',
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [...s.scrapeNamespaces] } }],
        relabel_configs: [
          { source_labels: [annotationLabel(s.annotations.scrape)], regex: 'true', action: 'keep' },
          { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Running', action: 'keep' },
          { source_labels: [annotationLabel(s.annotations.path)], regex: '(.+)', target_label: '__metrics_path__', action: 'replace' },
          {
            source_labels: ['__meta_kubernetes_pod_ip', annotationLabel(s.annotations.port)],
            regex: '(.+);(\\d+)', separator: ';', replacement: '$1:$2', target_label: '__address__', action: 'replace',
          },
          { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], target_label: 'job', action: 'replace' },
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace', action: 'replace' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod', action: 'replace' },
        ],
      },
    ],
  };
}

/**
 * Prometheus's command-line flags: the receivers and retention live there, not in the file.
 * With a volume of known size, retention is also capped at 85 % of it, so compaction has room
 * and a full disk never stops ingestion (Prometheus's units are powers of two: 1MB = 1024 KB).
 */
export function prometheusArgs(s: { configFile: string; dataDir: string; retention: string; volumeBytes?: number }): string[] {
  const size = s.volumeBytes ? [`--storage.tsdb.retention.size=${Math.floor((s.volumeBytes * 0.85) / 2 ** 20)}MB`] : [];
  return [
    `--config.file=${s.configFile}`,
    `--storage.tsdb.path=${s.dataDir}`,
    `--storage.tsdb.retention.time=${s.retention}`,
    ...size,
    '--web.enable-otlp-receiver',
    '--web.enable-remote-write-receiver',
    '--enable-feature=exemplar-storage',
  ];
}
