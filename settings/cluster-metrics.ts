/**
 * Metrics the kubelet_stats and k8s_cluster receivers emit with their default settings, as
 * [OTel name, unit, instrument], from each receiver's metadata.yaml in
 * open-telemetry/opentelemetry-collector-contrib (receiver/kubeletstatsreceiver/metadata.yaml,
 * receiver/k8sclusterreceiver/metadata.yaml; `enabled: true` entries only; the k8s.node.condition_*
 * gauges come from k8s_cluster's `node_conditions_to_report`, see NODE_CONDITION_METRICS).
 * The cluster-telemetry metric allowlist may name only these; a gauge is `gauge`, a monotonic sum `counter`.
 */
export type ClusterMetric = readonly [name: string, unit: string, type: 'gauge' | 'counter'];

/** kubelet_stats, metric groups node, pod, container and volume. */
export const KUBELET_STATS_METRICS: readonly ClusterMetric[] = [
  ...(['k8s.node', 'k8s.pod', 'container'] as const).flatMap((scope): ClusterMetric[] => [
    [`${scope}.cpu.time`, 's', 'counter'],
    [`${scope}.cpu.usage`, '{cpu}', 'gauge'],
    [`${scope}.filesystem.available`, 'By', 'gauge'],
    [`${scope}.filesystem.capacity`, 'By', 'gauge'],
    [`${scope}.filesystem.usage`, 'By', 'gauge'],
    [`${scope}.memory.available`, 'By', 'gauge'],
    [`${scope}.memory.major_page_faults`, '1', 'gauge'],
    [`${scope}.memory.page_faults`, '1', 'gauge'],
    [`${scope}.memory.rss`, 'By', 'gauge'],
    [`${scope}.memory.usage`, 'By', 'gauge'],
    [`${scope}.memory.working_set`, 'By', 'gauge'],
  ]),
  ...(['k8s.node', 'k8s.pod'] as const).flatMap((scope): ClusterMetric[] => [
    [`${scope}.network.errors`, '1', 'counter'],
    [`${scope}.network.io`, 'By', 'counter'],
  ]),
  // The volume group: one series per pod volume (the node agent keeps persistent volume claims only).
  ['k8s.volume.available', 'By', 'gauge'],
  ['k8s.volume.capacity', 'By', 'gauge'],
  ['k8s.volume.inodes', '1', 'gauge'],
  ['k8s.volume.inodes.free', '1', 'gauge'],
  ['k8s.volume.inodes.used', '1', 'gauge'],
];

/** Prefix of the kubelet_stats volume group's metrics. */
export const VOLUME_METRIC_PREFIX = 'k8s.volume.';

/**
 * Node conditions k8s_cluster reports when named in `node_conditions_to_report`, each as its own
 * gauge `k8s.node.condition_<snake_case>` (1 true, 0 false, -1 unknown; unit empty), per
 * receiver/k8sclusterreceiver/internal/node/nodes.go.
 */
export const NODE_CONDITION_METRICS = {
  Ready: 'k8s.node.condition_ready',
  MemoryPressure: 'k8s.node.condition_memory_pressure',
  DiskPressure: 'k8s.node.condition_disk_pressure',
  PIDPressure: 'k8s.node.condition_pid_pressure',
} as const;

/** k8s_cluster: workload state from the API server. */
export const K8S_CLUSTER_METRICS: readonly ClusterMetric[] = [
  ['k8s.container.cpu_limit', '{cpu}', 'gauge'],
  ['k8s.container.cpu_request', '{cpu}', 'gauge'],
  ['k8s.container.memory_limit', 'By', 'gauge'],
  ['k8s.container.memory_request', 'By', 'gauge'],
  ['k8s.container.ready', '', 'gauge'],
  ['k8s.container.restarts', '{restart}', 'gauge'],
  ['k8s.daemonset.desired_scheduled_nodes', '{node}', 'gauge'],
  ['k8s.daemonset.current_scheduled_nodes', '{node}', 'gauge'],
  ['k8s.daemonset.misscheduled_nodes', '{node}', 'gauge'],
  ['k8s.daemonset.ready_nodes', '{node}', 'gauge'],
  ['k8s.deployment.available', '{pod}', 'gauge'],
  ['k8s.deployment.desired', '{pod}', 'gauge'],
  ['k8s.job.active_pods', '{pod}', 'gauge'],
  ['k8s.job.desired_successful_pods', '{pod}', 'gauge'],
  ['k8s.job.failed_pods', '{pod}', 'gauge'],
  ['k8s.job.max_parallel_pods', '{pod}', 'gauge'],
  ['k8s.job.successful_pods', '{pod}', 'gauge'],
  ['k8s.namespace.phase', '', 'gauge'],
  ...Object.values(NODE_CONDITION_METRICS).map((name): ClusterMetric => [name, '', 'gauge']),
  ['k8s.pod.phase', '', 'gauge'],
  ['k8s.statefulset.current_pods', '{pod}', 'gauge'],
  ['k8s.statefulset.desired_pods', '{pod}', 'gauge'],
  ['k8s.statefulset.ready_pods', '{pod}', 'gauge'],
];

/** Every metric the two receivers emit by default, by OTel name. */
export const CLUSTER_METRICS: ReadonlyMap<string, ClusterMetric> = new Map([...KUBELET_STATS_METRICS, ...K8S_CLUSTER_METRICS].map((m) => [m[0], m]));
