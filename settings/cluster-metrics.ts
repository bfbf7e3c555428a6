/**
 * Metrics the kubelet_stats and k8s_cluster receivers emit with their default settings, as
 * [OTel name, unit, instrument], from each receiver's metadata.yaml in
 * open-telemetry/opentelemetry-collector-contrib (receiver/kubeletstatsreceiver/metadata.yaml,
 * receiver/k8sclusterreceiver/metadata.yaml; `enabled: true` entries only; k8s.node.condition_ready
 * comes from k8s_cluster's default `node_conditions_to_report: [Ready]`, see its README).
 * The cluster-telemetry metric allowlist may name only these; a gauge is `gauge`, a monotonic sum `counter`.
 */
export type ClusterMetric = readonly [name: string, unit: string, type: 'gauge' | 'counter'];

/** kubelet_stats, metric groups node, pod and container (volume is not collected). */
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
];

/** k8s_cluster: workload state from the API server. */
export const K8S_CLUSTER_METRICS: readonly ClusterMetric[] = [
  ['k8s.container.cpu_limit', '{cpu}', 'gauge'],
  ['k8s.container.cpu_request', '{cpu}', 'gauge'],
  ['k8s.container.memory_limit', 'By', 'gauge'],
  ['k8s.container.memory_request', 'By', 'gauge'],
  ['k8s.container.ready', '', 'gauge'],
  ['k8s.container.restarts', '{restart}', 'gauge'],
  ['k8s.daemonset.desired_scheduled_nodes', '{node}', 'gauge'],
  ['k8s.daemonset.ready_nodes', '{node}', 'gauge'],
  ['k8s.deployment.available', '{pod}', 'gauge'],
  ['k8s.deployment.desired', '{pod}', 'gauge'],
  ['k8s.namespace.phase', '', 'gauge'],
  ['k8s.node.condition_ready', '', 'gauge'],
  ['k8s.pod.phase', '', 'gauge'],
  ['k8s.statefulset.current_pods', '{pod}', 'gauge'],
  ['k8s.statefulset.desired_pods', '{pod}', 'gauge'],
  ['k8s.statefulset.ready_pods', '{pod}', 'gauge'],
];

/** Every metric the two receivers emit by default, by OTel name. */
export const CLUSTER_METRICS: ReadonlyMap<string, ClusterMetric> = new Map([...KUBELET_STATS_METRICS, ...K8S_CLUSTER_METRICS].map((m) => [m[0], m]));
