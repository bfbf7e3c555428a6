import { CLUSTER_METRICS } from './cluster-metrics';
import type { ClusterTelemetrySettings } from './schema';
import { checkDnsLabel, checkInteger } from './validation';

/**
 * Kept by default: node, pod and container CPU, memory, filesystem and network; persistent volume
 * space; pod phase, container readiness and restarts, requests and limits; workload and Job state;
 * node conditions. What the dashboards and the cluster alerts read, and no more (the pipeline check
 * fails synthesis if an alert or dashboard needs a metric this list drops).
 */
export const DEFAULT_METRIC_ALLOWLIST: readonly string[] = [
  'k8s.node.cpu.usage', 'k8s.node.memory.working_set', 'k8s.node.memory.available', 'k8s.node.filesystem.usage', 'k8s.node.filesystem.capacity',
  'k8s.node.network.io', 'k8s.pod.cpu.usage', 'k8s.pod.memory.working_set', 'k8s.pod.filesystem.usage', 'k8s.pod.network.io',
  'container.cpu.usage', 'container.memory.working_set', 'k8s.volume.available', 'k8s.volume.capacity',
  'k8s.pod.phase', 'k8s.container.ready', 'k8s.container.restarts', 'k8s.container.cpu_request', 'k8s.container.cpu_limit',
  'k8s.container.memory_request', 'k8s.container.memory_limit',
  'k8s.deployment.available', 'k8s.deployment.desired', 'k8s.statefulset.ready_pods', 'k8s.statefulset.desired_pods',
  'k8s.daemonset.ready_nodes', 'k8s.daemonset.desired_scheduled_nodes',
  'k8s.job.active_pods', 'k8s.job.desired_successful_pods', 'k8s.job.failed_pods', 'k8s.job.successful_pods',
  'k8s.node.condition_ready', 'k8s.node.condition_memory_pressure', 'k8s.node.condition_disk_pressure', 'k8s.node.condition_pid_pressure',
];

/** Default cluster telemetry: on, every namespace's logs but kube-system's, the allowlist above. */
export const DEFAULT_CLUSTER_TELEMETRY: ClusterTelemetrySettings = {
  enabled: true,
  // Like any log agent: a node it skips is a node whose pods' logs are lost.
  agentTolerations: [{ operator: 'Exists' }],
  agentNamespace: 'observability-agent',
  checkpointHostPath: '/var/lib/otel-lgtm/node-agent',
  logs: { includeNamespaces: [], excludeNamespaces: ['kube-system'], excludeContainers: [] },
  collectionIntervalSeconds: 30,
  metricAllowlist: DEFAULT_METRIC_ALLOWLIST,
  agentResources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  clusterReceiverResources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
};

/** A container name as Kubernetes allows it (DNS-1123 label): also safe inside a file glob. */
const checkNames = (field: string, names: readonly string[]) => names.flatMap((n, i) => checkDnsLabel(`${field}[${i}]`, n));

/** Problems with the cluster-telemetry settings (resources are checked by the caller, with every workload's). */
export function clusterTelemetryProblems(s: ClusterTelemetrySettings, otherNamespaces: readonly string[]): string[] {
  if (!s.enabled) return [];
  const problems = [
    ...checkDnsLabel('clusterTelemetry.agentNamespace', s.agentNamespace),
    ...checkNames('clusterTelemetry.logs.includeNamespaces', s.logs.includeNamespaces),
    ...checkNames('clusterTelemetry.logs.excludeNamespaces', s.logs.excludeNamespaces),
    ...checkNames('clusterTelemetry.logs.excludeContainers', s.logs.excludeContainers),
    ...checkInteger('clusterTelemetry.collectionIntervalSeconds', s.collectionIntervalSeconds, 10, 3600),
  ];
  if (otherNamespaces.includes(s.agentNamespace)) {
    problems.push(`clusterTelemetry.agentNamespace: '${s.agentNamespace}' is already used by the stack or the app; the agent needs a namespace of its own (its Pod Security level is privileged)`);
  }
  if (!/^(\/[\w.-]+)+$/.test(s.checkpointHostPath) || s.checkpointHostPath.split('/').includes('..')) {
    problems.push(`clusterTelemetry.checkpointHostPath: '${s.checkpointHostPath}' is not an absolute directory path (e.g. /var/lib/otel-lgtm/node-agent)`);
  }
  if (s.metricAllowlist.length === 0) problems.push('clusterTelemetry.metricAllowlist: empty (list at least one metric, e.g. k8s.pod.cpu.usage)');
  s.metricAllowlist.forEach((name, i) => {
    if (!CLUSTER_METRICS.has(name)) {
      problems.push(`clusterTelemetry.metricAllowlist[${i}]: '${name}' is not a metric kubelet_stats or k8s_cluster emits by default (e.g. k8s.pod.cpu.usage, k8s.pod.phase)`);
    }
  });
  return problems;
}
