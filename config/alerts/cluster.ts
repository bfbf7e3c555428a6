/**
 * Alerts on the cluster from OpenTelemetry-native metrics: k8s_cluster (cluster receiver) and
 * kubelet_stats (node agents), named as Prometheus's OTLP translation names them (config/otlp-names.ts)
 * and labelled by the promoted resource attributes (config/prometheus.ts). Only for environments
 * with cluster telemetry: without the receivers, none of these series exists.
 *
 * Not produced by these receivers, so not alerted on: CPU throttling (the kubelet's Summary API has
 * no CFS throttling counters; the CPU alert fires on usage at the limit instead), and a container's
 * current waiting reason such as CrashLoopBackOff (k8s.container.status.reason is an optional,
 * experimental metric; crash loops are read from the restart count).
 */
import { AlertSettings } from '../../settings/schema';
import { alertThreshold } from '../../settings/alerts';
import { CLUSTER_METRICS } from '../../settings/cluster-metrics';
import { LAST_TERMINATED_REASON } from '../cluster-receiver';
import { prometheusLabel, prometheusName } from '../otlp-names';
import type { AlertDefinition } from './tuning';

/** The Prometheus name of a kubelet_stats or k8s_cluster metric. */
export function clusterMetric(otelName: string): string {
  const metric = CLUSTER_METRICS.get(otelName);
  if (!metric) throw new Error(`${otelName} is not a metric of kubelet_stats or k8s_cluster`);
  return prometheusName(...metric);
}

const NS = 'k8s_namespace_name';
const POD = `${NS}, k8s_pod_name`;
const CONTAINER = `${POD}, k8s_container_name`;
const NODE = 'k8s_node_name';

const by = (labels: string, expr: string, op = 'max') => `${op} by (${labels}) (${expr})`;
const ratio = (n: number) => `${Math.round(n * 100)} %`;

/** A workload whose available/ready count stays under the desired one. */
function replicasMismatch(alert: AlertDefinition['alert'], kind: string, label: string, desired: string, ready: string): AlertDefinition {
  const l = `${NS}, ${label}`;
  return {
    alert,
    expr: `${by(l, clusterMetric(desired))}\n-\n${by(l, clusterMetric(ready))}\n> 0`,
    for: '15m',
    severity: 'ticket',
    summary: `${kind} {{ $labels.${NS} }}/{{ $labels.${label} }} is short of replicas`,
    description: `${kind} {{ $labels.${NS} }}/{{ $labels.${label} }} has had fewer ready replicas than desired for 15 minutes.`,
    runbook: `kubectl -n {{ $labels.${NS} }} describe ${kind.toLowerCase()} {{ $labels.${label} }}, then its pods' events: Pending pods (no node fits the requests, a PVC not bound), image pull errors, failing readiness probes, a stuck rollout (kubectl rollout status).`,
  };
}

/** The cluster alerts, thresholds from the settings. */
export function clusterAlerts(s: AlertSettings): AlertDefinition[] {
  const restarts = clusterMetric('k8s.container.restarts');
  const phase = clusterMetric('k8s.pod.phase');
  const crashes = alertThreshold(s, 'KubePodCrashLooping');
  const fsUsed = `${by(NODE, clusterMetric('k8s.node.filesystem.usage'))}\n/\n${by(NODE, clusterMetric('k8s.node.filesystem.capacity'))}`;
  const pvc = `${NS}, k8s_persistentvolumeclaim_name`;
  const [available, capacity] = [clusterMetric('k8s.volume.available'), clusterMetric('k8s.volume.capacity')];
  const pvUsed = by(pvc, `1 - ${available} / ${capacity}`);
  const job = `${NS}, k8s_job_name`;
  const jobMetric = (name: string) => by(job, clusterMetric(`k8s.job.${name}`));
  const condition = (metric: string, name: string) => `label_replace(${by(NODE, clusterMetric(metric))} == 1, "condition", "${name}", "", "")`;
  const nearLimit = (usage: string, limit: string) => `${by(CONTAINER, clusterMetric(usage), 'sum')}\n/\n${by(CONTAINER, clusterMetric(limit), 'sum')}`;
  const cpuLimit = alertThreshold(s, 'KubeContainerCpuNearLimit');
  const memoryLimit = alertThreshold(s, 'KubeContainerMemoryNearLimit');
  return [
    {
      alert: 'KubePodCrashLooping',
      // Restarts come as a gauge whose series splits when the last termination reason changes:
      // the highest count of all of a container's series minus the lowest, over the window.
      expr: `${by(CONTAINER, `max_over_time(${restarts}[30m])`)}\n-\n${by(CONTAINER, `min_over_time(${restarts}[30m])`, 'min')}\n>= ${crashes}`,
      for: '10m',
      severity: 'ticket',
      summary: 'Container {{ $labels.k8s_container_name }} of {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_pod_name }} keeps restarting',
      description: `It restarted at least ${crashes} times in the last 30 minutes.`,
      runbook: 'kubectl -n {{ $labels.k8s_namespace_name }} logs {{ $labels.k8s_pod_name }} -c {{ $labels.k8s_container_name }} --previous shows why the last run ended; describe the pod for the exit code and reason (OOMKilled, Error), probes killing a slow start, or a missing ConfigMap or Secret.',
    },
    {
      alert: 'KubePodNotReady',
      expr: `${by(POD, `${phase} == 1 or ${phase} == 5`)}\nor\n(\n  ${by(POD, clusterMetric('k8s.container.ready'), 'min')} == 0\n  and on (${POD})\n  ${by(POD, phase)} == 2\n)`,
      for: '15m',
      severity: 'ticket',
      summary: 'Pod {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_pod_name }} has not been ready for 15 minutes',
      description: 'The pod is Pending or Unknown, or Running with a container that fails its readiness probe.',
      runbook: 'kubectl -n {{ $labels.k8s_namespace_name }} describe pod {{ $labels.k8s_pod_name }}: events say whether it waits for a node (requests, taints, affinity), a volume, an image, or fails its readiness probe (then read its logs).',
    },
    {
      alert: 'KubeContainerOomKilled',
      // A restart in the last 15 minutes of a container whose last termination was an OOM kill.
      expr: `(\n  ${by(CONTAINER, restarts)}\n  >\n  ${by(CONTAINER, `${restarts} offset 15m`)}\n)\nand on (${CONTAINER})\n${by(CONTAINER, `${restarts}{${prometheusLabel(LAST_TERMINATED_REASON)}="OOMKilled"}`)}`,
      for: '1m',
      severity: 'ticket',
      summary: 'Container {{ $labels.k8s_container_name }} of {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_pod_name }} was OOM-killed',
      description: 'The container restarted in the last 15 minutes after exceeding its memory limit (last termination reason OOMKilled).',
      runbook: 'Compare its memory working set with its limit on the Kubernetes nodes and pods dashboard; raise the limit, or find what grows (a leak, an unbounded cache or queue, a large request).',
    },
    replicasMismatch('KubeDeploymentReplicasMismatch', 'Deployment', 'k8s_deployment_name', 'k8s.deployment.desired', 'k8s.deployment.available'),
    replicasMismatch('KubeStatefulSetReplicasMismatch', 'StatefulSet', 'k8s_statefulset_name', 'k8s.statefulset.desired_pods', 'k8s.statefulset.ready_pods'),
    replicasMismatch('KubeDaemonSetReplicasMismatch', 'DaemonSet', 'k8s_daemonset_name', 'k8s.daemonset.desired_scheduled_nodes', 'k8s.daemonset.ready_nodes'),
    {
      alert: 'KubeJobFailed',
      // Failed pods, none running any more, fewer successes than wanted: the Job gave up.
      expr: `${jobMetric('failed_pods')} > 0\nand on (${job})\n${jobMetric('active_pods')} == 0\nand on (${job})\n${jobMetric('successful_pods')} < ${jobMetric('desired_successful_pods')}`,
      for: '5m',
      severity: 'ticket',
      summary: 'Job {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_job_name }} failed',
      description: 'The Job has failed pods, none active, and fewer successful pods than it needs: it will not retry.',
      runbook: 'kubectl -n {{ $labels.k8s_namespace_name }} describe job {{ $labels.k8s_job_name }} and read its failed pods\' logs; delete the Job once understood (a CronJob starts the next one on schedule).',
    },
    {
      alert: 'KubeNodeNotReady',
      expr: `${by(NODE, clusterMetric('k8s.node.condition_ready'))} != 1`,
      for: '15m',
      severity: 'ticket',
      summary: 'Node {{ $labels.k8s_node_name }} has not been Ready for 15 minutes',
      description: 'Its Ready condition is false (0) or unknown (-1): the kubelet stopped reporting or reports a problem; its pods are being evicted.',
      runbook: 'kubectl describe node {{ $labels.k8s_node_name }} (conditions, events); check the kubelet and container runtime on the node, its network and disk; cordon and drain it if it does not recover.',
    },
    {
      alert: 'KubeNodePressure',
      expr: [
        condition('k8s.node.condition_memory_pressure', 'MemoryPressure'),
        condition('k8s.node.condition_disk_pressure', 'DiskPressure'),
        condition('k8s.node.condition_pid_pressure', 'PIDPressure'),
      ].join('\nor\n'),
      for: '5m',
      severity: 'ticket',
      summary: 'Node {{ $labels.k8s_node_name }} reports {{ $labels.condition }}',
      description: 'The kubelet reports {{ $labels.condition }}: it evicts pods and admits no new ones of the lowest priority.',
      runbook: 'kubectl describe node {{ $labels.k8s_node_name }}; on the nodes dashboard find the pods using the resource (memory working set, filesystem); lower their usage or limits, or add capacity.',
    },
    {
      alert: 'KubeNodeFilesystemAlmostFull',
      expr: `${fsUsed}\n> ${alertThreshold(s, 'KubeNodeFilesystemAlmostFull')}`,
      for: '30m',
      severity: 'ticket',
      summary: 'Node {{ $labels.k8s_node_name }} filesystem is almost full',
      description: `Over ${ratio(alertThreshold(s, 'KubeNodeFilesystemAlmostFull'))} of the node's filesystem (images, container logs, emptyDirs) is used; the kubelet starts evicting at its hard threshold.`,
      runbook: 'Find large emptyDirs and container logs (pods\' filesystem usage on the nodes dashboard), prune unused images (the kubelet\'s image GC thresholds), or grow the node\'s disk.',
    },
    {
      alert: 'KubeNodeFilesystemFillingUp',
      expr: `${fsUsed}\n> 0.6\nand on (${NODE})\n${by(NODE, `predict_linear(${clusterMetric('k8s.node.filesystem.usage')}[6h], 24 * 3600)`)}\n>\n${by(NODE, clusterMetric('k8s.node.filesystem.capacity'))}`,
      for: '1h',
      severity: 'ticket',
      summary: 'Node {{ $labels.k8s_node_name }} filesystem will be full within a day',
      description: 'Over 60 % used, and at the rate of the last 6 hours it fills up within 24 hours.',
      runbook: 'As for KubeNodeFilesystemAlmostFull: find what writes (a pod\'s logs or emptyDir on the nodes dashboard) before the kubelet evicts.',
    },
    {
      alert: 'KubePersistentVolumeAlmostFull',
      expr: `${pvUsed}\n> ${alertThreshold(s, 'KubePersistentVolumeAlmostFull')}`,
      for: '5m',
      severity: 'page',
      summary: 'Volume {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_persistentvolumeclaim_name }} is almost full',
      description: `Over ${ratio(alertThreshold(s, 'KubePersistentVolumeAlmostFull'))} of the volume is used: writes will fail soon (the stack's own volumes included: Prometheus, Loki, Tempo, Alertmanager, Grafana, the collector's queue).`,
      runbook: 'Expand the claim (kubectl edit pvc, if its StorageClass allows expansion; for the stack: persistence.size), or shorten the retention of what writes to it (retention.*); then find why it grew.',
    },
    {
      alert: 'KubePersistentVolumeFillingUp',
      expr: `${pvUsed}\n> 0.85\nand on (${pvc})\n${by(pvc, `predict_linear(${available}[6h], 4 * 24 * 3600)`)} < 0`,
      for: '1h',
      severity: 'ticket',
      summary: 'Volume {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_persistentvolumeclaim_name }} will be full within 4 days',
      description: 'Over 85 % used, and at the rate of the last 6 hours it fills up within 4 days.',
      runbook: 'Plan the expansion (persistence.size for the stack\'s volumes) or a shorter retention before it pages as KubePersistentVolumeAlmostFull.',
    },
    {
      alert: 'KubeContainerCpuNearLimit',
      expr: `${nearLimit('container.cpu.usage', 'k8s.container.cpu_limit')}\n> ${cpuLimit}`,
      for: '30m',
      severity: 'ticket',
      summary: 'Container {{ $labels.k8s_container_name }} of {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_pod_name }} runs at its CPU limit',
      description: `It has used over ${ratio(cpuLimit)} of its CPU limit for 30 minutes, so the kernel throttles it (kubelet_stats has no throttling counters: usage at the limit is the signal).`,
      runbook: 'Raise its CPU limit (or remove it and keep the request), or scale out; latency of the service usually shows the throttling first.',
    },
    {
      alert: 'KubeContainerMemoryNearLimit',
      expr: `${nearLimit('container.memory.working_set', 'k8s.container.memory_limit')}\n> ${memoryLimit}`,
      for: '15m',
      severity: 'ticket',
      summary: 'Container {{ $labels.k8s_container_name }} of {{ $labels.k8s_namespace_name }}/{{ $labels.k8s_pod_name }} is close to its memory limit',
      description: `Its working set has been over ${ratio(memoryLimit)} of its memory limit for 15 minutes: the next spike is an OOM kill.`,
      runbook: 'Raise its memory limit, or find what grows; a Go program may set GOMEMLIMIT below the limit, a JVM its heap.',
    },
  ];
}
