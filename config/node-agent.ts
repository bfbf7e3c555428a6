import { batch, deliveryOptions, memoryLimiter, telemetry } from './collector-common';
import { VOLUME_METRIC_PREFIX } from '../settings/cluster-metrics';
import type { PodLogSelection } from '../settings/schema';
import type { CollectorConfig, Extensions, StorageId, FileLogReceiverConfig, FilterConfig, K8sAttributesConfig, OtlpExporterConfig, TlsClientConfig } from '../settings/otelcol-types';

/** Where cluster telemetry goes: the gateway collector's OTLP gRPC receiver, by reference. */
export interface GatewayTarget {
  /** `host:port` of the gateway's OTLP gRPC receiver (its construct's Endpoint). */
  readonly otlpGrpc: string;
  /**
   * CA file to verify the gateway's certificate when it serves OTLP over TLS.
   * @default - plain gRPC inside the cluster
   */
  readonly caFile?: string;
}

/** A workload whose pods' logs the agent must never read. */
export interface ExcludedPods {
  readonly namespace: string;
  /** Workload name: its pods are `<name>-…` and its container is `<name>`. */
  readonly name: string;
}

/** What the node agent's config is built from. */
export interface NodeAgentSettings {
  /** Listen ports of its own health check and metrics. */
  readonly ports: { readonly health: number; readonly metrics: number };
  /** The container's memory limit in bytes; memory_limiter is derived from it. */
  readonly memoryLimitBytes: number;
  /** The batch processor's timeout, ms. */
  readonly batchTimeoutMs: number;
  /** Where pod logs are on the node (`/var/log/pods`, mounted read-only). */
  readonly podLogDirectory: string;
  /** Where read offsets and the export queue are kept (a hostPath, read-write). */
  readonly checkpointDirectory: string;
  /** Whose logs are read. */
  readonly logs: PodLogSelection;
  /** Pods never read: the collectors themselves, so their own output never loops back into them. */
  readonly excludedPods: readonly ExcludedPods[];
  /** Seconds between kubelet collections. */
  readonly collectionIntervalSeconds: number;
  /** OTel metric names passed on; the rest is dropped here. */
  readonly metricAllowlist: readonly string[];
  /** Environment variables the pod sets from the downward API. */
  readonly env: { readonly nodeName: string; readonly nodeIp: string };
}

/** The agent's one storage extension: file_log's offsets and the export queue, each in its own file. */
const STORAGE: StorageId = 'file_storage/node';

/** Exporter to the gateway: plain inside the cluster, or verifying the gateway's certificate. */
export function gatewayExporter(to: GatewayTarget, queueDirectory?: string, storage?: StorageId): OtlpExporterConfig {
  const tls: TlsClientConfig = to.caFile ? { ca_file: to.caFile } : { insecure: true };
  return { endpoint: to.otlpGrpc, tls, ...deliveryOptions(queueDirectory, storage) };
}

/** Keeps only the allowlisted metrics. */
export function metricAllowlist(names: readonly string[]): FilterConfig {
  return { error_mode: 'ignore', metrics: { include: { match_type: 'strict', metric_names: [...names] } } };
}

/**
 * Drops the volume metrics of every pod volume that is not a persistent volume claim (ConfigMaps,
 * Secrets, projected tokens, emptyDirs: several per pod, and none of them fills up a disk that matters).
 */
export const VOLUMES_FILTER: FilterConfig = {
  error_mode: 'ignore',
  // `[.]` rather than `\.`: no escapes to get wrong between YAML, OTTL strings and the regexp.
  metrics: { metric: [`IsMatch(metric.name, "^${VOLUME_METRIC_PREFIX.replace(/\./g, '[.]')}") and resource.attributes["k8s.volume.type"] != "persistentVolumeClaim"`] },
};

/** Include and exclude globs over `<dir>/<namespace>_<pod>_<uid>/<container>/<restart>.log`. */
export function podLogGlobs(dir: string, logs: PodLogSelection, excluded: readonly ExcludedPods[]): Pick<FileLogReceiverConfig, 'include' | 'exclude'> {
  const include = logs.includeNamespaces.length > 0 ? logs.includeNamespaces.map((ns) => `${dir}/${ns}_*/*/*.log`) : [`${dir}/*/*/*.log`];
  const exclude = [
    ...excluded.map((p) => `${dir}/${p.namespace}_${p.name}-*/${p.name}/*.log`),
    ...logs.excludeNamespaces.map((ns) => `${dir}/${ns}_*/*/*.log`),
    ...logs.excludeContainers.map((c) => `${dir}/*/${c}/*.log`),
  ];
  return { include, exclude };
}

/**
 * The node agent's config: pod logs from files (container parser: CRI-O, containerd and docker
 * formats; offsets kept on the node) and kubelet metrics of this node, enriched from the API with
 * this node's pods only, forwarded to the gateway. Logs start at the end of files seen for the
 * first time (no flood of old lines on install); known files resume at their checkpoint.
 */
export function nodeAgentConfig(to: GatewayTarget, s: NodeAgentSettings): CollectorConfig {
  const k8sAttributes: K8sAttributesConfig = {
    auth_type: 'serviceAccount',
    // Only this node's pods: the agent's memory and API load stay flat as the cluster grows.
    filter: { node_from_env_var: s.env.nodeName },
    extract: {
      metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.statefulset.name', 'k8s.daemonset.name', 'k8s.node.name'],
      // The semantic conventions derive service.name from the app.kubernetes.io/name label.
      labels: [{ tag_name: 'service.name', key: 'app.kubernetes.io/name', from: 'pod' }],
    },
    pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] }],
  };
  const exporter = 'otlp_grpc/gateway';
  // The volume group only when the allowlist keeps one of its metrics.
  const volumes = s.metricAllowlist.some((m) => m.startsWith(VOLUME_METRIC_PREFIX));
  const extensions: Extensions = { health_check: { endpoint: `0.0.0.0:${s.ports.health}` } };
  extensions[STORAGE] = { directory: s.checkpointDirectory, timeout: '1s', compaction: { on_start: true, on_rebound: true, directory: s.checkpointDirectory } };
  return {
    extensions,
    receivers: {
      file_log: {
        ...podLogGlobs(s.podLogDirectory, s.logs, s.excludedPods),
        start_at: 'end',
        include_file_path: true,
        include_file_name: false,
        storage: STORAGE,
        operators: [{ type: 'container', id: 'container-parser', add_metadata_from_filepath: true }],
        // Back-pressure from the gateway pauses reading instead of dropping lines.
        retry_on_failure: { enabled: true },
      },
      kubelet_stats: {
        collection_interval: `${s.collectionIntervalSeconds}s`,
        auth_type: 'serviceAccount',
        endpoint: `\${env:${s.env.nodeIp}}:10250`,
        // The kubelet's serving certificate is self-signed by the node on most clusters.
        insecure_skip_verify: true,
        metric_groups: ['node', 'pod', 'container', ...(volumes ? ['volume' as const] : [])],
      },
    },
    processors: {
      memory_limiter: memoryLimiter(s.memoryLimitBytes),
      'filter/allowlist': metricAllowlist(s.metricAllowlist),
      ...(volumes ? { 'filter/volumes': VOLUMES_FILTER } : {}),
      k8s_attributes: k8sAttributes,
      batch: batch(s.batchTimeoutMs),
    },
    connectors: {},
    exporters: { [exporter]: gatewayExporter(to, s.checkpointDirectory, STORAGE) },
    service: {
      extensions: ['health_check', STORAGE],
      telemetry: telemetry(s.ports),
      pipelines: {
        logs: { receivers: ['file_log'], processors: ['memory_limiter', 'k8s_attributes', 'batch'], exporters: [exporter] },
        metrics: {
          receivers: ['kubelet_stats'],
          processors: ['memory_limiter', 'filter/allowlist', ...(volumes ? ['filter/volumes'] : []), 'k8s_attributes', 'batch'],
          exporters: [exporter],
        },
      },
    },
  };
}
