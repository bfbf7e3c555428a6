import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterReceiverConfig } from '../config/cluster-receiver';
import { toYaml } from '../config/yaml';
import { parseQuantity } from '../settings/units';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { COLLECTOR_PORTS, collectorProcess } from './collector-process';
import { workloadLabels } from './labels';
import { READ, clusterReader } from './rbac';
import { Workload } from './workload';

const NAME = 'otel-cluster-receiver';
const CONFIG_DIR = '/etc/otelcol';
const CA_DIR = '/etc/otelcol/ca';
const PORTS = COLLECTOR_PORTS;

/**
 * Exactly what k8s_cluster and k8s_objects read, never write: k8s_cluster's list from its README
 * (receiver/k8sclusterreceiver, RBAC) without the `extensions` group, whose workload kinds
 * Kubernetes removed in 1.16; k8s_objects: events of events.k8s.io (watch mode lists, then watches).
 */
export const CLUSTER_RECEIVER_RULES = [
  {
    apiGroups: [''],
    resources: ['events', 'namespaces', 'namespaces/status', 'nodes', 'nodes/spec', 'pods', 'pods/status',
      'replicationcontrollers', 'replicationcontrollers/status', 'resourcequotas', 'services'],
    verbs: READ,
  },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
];

/** Where the cluster receiver sends. */
export interface ClusterReceiverProps extends ComponentChartProps {
  /** The gateway collector's OTLP gRPC endpoint. */
  readonly gateway: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) in the stack namespace with the CA of the gateway's OTLP certificate.
   * @default - plain OTLP to the gateway
   */
  readonly gatewayCaConfigMap?: string;
}

/**
 * One collector replica that reports cluster state (k8s_cluster) and Kubernetes events
 * (k8s_objects) to the gateway. One replica and a Recreate rollout: two running at once would
 * report everything twice. A restricted pod like the rest of the stack.
 */
export class ClusterReceiver extends ComponentChart {
  /** The running workload, for network policies and scraping. */
  readonly workload: Workload;

  constructor(scope: Construct, id: string, props: ClusterReceiverProps) {
    super(scope, id, props);
    const s = this.env.clusterTelemetry;
    const account = clusterReader(this, {
      accountAnnotations: this.env.pods.serviceAccountAnnotations,
      name: NAME, purpose: 'reader', namespace: props.namespace, labels: workloadLabels(NAME, 'cluster-receiver'), rules: CLUSTER_RECEIVER_RULES,
    });
    const config = clusterReceiverConfig({ otlpGrpc: props.gateway.hostPort, caFile: props.gatewayCaConfigMap && `${CA_DIR}/ca.crt` }, {
      ports: PORTS,
      memoryLimitBytes: parseQuantity(s.clusterReceiverResources.limits.memory),
      batchTimeoutMs: this.env.freshness.collectorBatchTimeoutMs,
      collectionIntervalSeconds: s.collectionIntervalSeconds,
      metricAllowlist: s.metricAllowlist,
    });
    this.workload = new Workload(this, 'receiver', {
      name: NAME,
      component: 'cluster-receiver',
      ...collectorProcess(this.env, `${CONFIG_DIR}/config.yaml`),
      imagePullPolicy: this.env.imagePullPolicy,
      resources: s.clusterReceiverResources,
      replicas: 1,
      ports: [{ name: 'health', port: PORTS.health }, { name: 'metrics', port: PORTS.metrics }],
      readiness: { path: '/', port: 'health' },
      liveness: { path: '/', port: 'health' },
      configs: [{ suffix: 'config', mountPath: CONFIG_DIR, files: { 'config.yaml': toYaml(config) } }],
      configMapFiles: props.gatewayCaConfigMap ? [{ configMapName: props.gatewayCaConfigMap, mountPath: CA_DIR }] : [],
      goRuntime: true,
      metrics: { port: 'metrics', path: '/metrics' },
      serviceAccountName: account,
    });
    const deployment = this.workload.node.findChild('workload') as ApiObject;
    deployment.addJsonPatch(JsonPatch.add('/spec/strategy', { type: 'Recreate' }));
  }
}
