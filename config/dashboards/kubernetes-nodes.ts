/**
 * Kubernetes nodes and pods: CPU, memory, filesystem and network per node (kubelet_stats from the
 * node agents), the busiest pods, usage against requests, and pods that restart or do not run
 * (k8s_cluster from the cluster receiver). Labels are the promoted resource attributes (config/prometheus.ts).
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DS, RATE, baseDashboard, finish, listLegend, promQuery } from './common';

/** Fixed uid: links and bookmarks survive re-provisioning. */
export const KUBERNETES_NODES_UID = 'otel-k8s-nodes';

const NODE = 'k8s_node_name=~"$node"';
const NAMESPACE = 'k8s_namespace_name=~"$namespace"';

function variable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name).label(label).datasource(DS.prometheus).query(query).definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged).sort(dashboard.VariableSort.AlphabeticalAsc).multi(true).includeAll(true).allValue('.*');
}

const panel = (title: string, unit: string) => new timeseries.PanelBuilder().title(title).unit(unit).legend(listLegend()).span(12).height(8);

/** The nodes-and-pods dashboard model. */
export function kubernetesNodesDashboard(): dashboard.Dashboard {
  const b = baseDashboard('Kubernetes nodes and pods', KUBERNETES_NODES_UID, ['kubernetes', 'nodes'])
    .withVariable(variable('node', 'Node', 'label_values(k8s_node_cpu_usage, k8s_node_name)'))
    .withVariable(variable('namespace', 'Namespace', 'label_values(k8s_pod_cpu_usage, k8s_namespace_name)'))
    .withPanel(panel('Node CPU (cores)', 'short')
      .withTarget(promQuery(`sum by (k8s_node_name) (k8s_node_cpu_usage{${NODE}})`, '{{k8s_node_name}}')))
    .withPanel(panel('Node memory working set', 'bytes')
      .withTarget(promQuery(`sum by (k8s_node_name) (k8s_node_memory_working_set_bytes{${NODE}})`, '{{k8s_node_name}}')))
    .withPanel(panel('Node filesystem used', 'percentunit')
      .withTarget(promQuery(`sum by (k8s_node_name) (k8s_node_filesystem_usage_bytes{${NODE}}) / sum by (k8s_node_name) (k8s_node_filesystem_capacity_bytes{${NODE}})`, '{{k8s_node_name}}')))
    .withPanel(panel('Node network', 'Bps')
      .withTarget(promQuery(`sum by (k8s_node_name, direction) (rate(k8s_node_network_io_bytes_total{${NODE}}[${RATE}]))`, '{{k8s_node_name}} {{direction}}')))
    .withPanel(panel('Busiest pods: CPU (cores)', 'short')
      .withTarget(promQuery(`topk(10, sum by (k8s_namespace_name, k8s_pod_name) (k8s_pod_cpu_usage{${NAMESPACE}}))`, '{{k8s_namespace_name}}/{{k8s_pod_name}}')))
    .withPanel(panel('Busiest pods: memory working set', 'bytes')
      .withTarget(promQuery(`topk(10, sum by (k8s_namespace_name, k8s_pod_name) (k8s_pod_memory_working_set_bytes{${NAMESPACE}}))`, '{{k8s_namespace_name}}/{{k8s_pod_name}}')))
    .withPanel(panel('CPU used / requested, per namespace', 'percentunit')
      .description('Above 100 %: pods use more CPU than they reserve, and the scheduler overcommits nodes.')
      .withTarget(promQuery(`sum by (k8s_namespace_name) (k8s_pod_cpu_usage{${NAMESPACE}}) / sum by (k8s_namespace_name) (k8s_container_cpu_request{${NAMESPACE}})`, '{{k8s_namespace_name}}')))
    .withPanel(panel('Memory used / requested, per namespace', 'percentunit')
      .withTarget(promQuery(`sum by (k8s_namespace_name) (k8s_pod_memory_working_set_bytes{${NAMESPACE}}) / sum by (k8s_namespace_name) (k8s_container_memory_request_bytes{${NAMESPACE}})`, '{{k8s_namespace_name}}')))
    .withPanel(panel('Container restarts (increase)', 'short')
      .withTarget(promQuery(`topk(10, max by (k8s_namespace_name, k8s_pod_name, k8s_container_name) (delta(k8s_container_restarts{${NAMESPACE}}[1h])) > 0)`, '{{k8s_namespace_name}}/{{k8s_pod_name}}/{{k8s_container_name}}')))
    .withPanel(panel('Pods not running (Pending, Failed, Unknown)', 'short')
      .description('k8s.pod.phase: 1 Pending, 2 Running, 3 Succeeded, 4 Failed, 5 Unknown.')
      .withTarget(promQuery(`count by (k8s_namespace_name) (k8s_pod_phase{${NAMESPACE}} == 1 or k8s_pod_phase{${NAMESPACE}} >= 4)`, '{{k8s_namespace_name}}')))
    .withPanel(panel('Deployments short of replicas', 'short')
      .withTarget(promQuery(`sum by (k8s_namespace_name, k8s_deployment_name) (k8s_deployment_desired{${NAMESPACE}}) - sum by (k8s_namespace_name, k8s_deployment_name) (k8s_deployment_available{${NAMESPACE}}) > 0`, '{{k8s_namespace_name}}/{{k8s_deployment_name}}')))
    .withPanel(panel('Nodes not ready', 'short')
      .withTarget(promQuery('count(k8s_node_condition_ready != 1) or vector(0)', 'not ready')));
  return finish(b.build());
}
