import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterReceiverConfig } from '../config/cluster-receiver';
import { toYaml } from '../config/yaml';
import type { CollectorConfig } from '../settings/otelcol-types';
import { DEFAULT_CLUSTER_TELEMETRY } from '../settings/cluster-telemetry';
import type { ResourceSettings } from '../settings/schema';
import { parseQuantity } from '../settings/units';
import { namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { COLLECTOR_PORTS, CollectorProgramProps, batchTimeoutMs, collectorProcess } from './collector-process';
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

/** The cluster receiver's settings and where it sends. */
export interface ClusterReceiverProps extends CollectorProgramProps {
  /** The gateway collector's OTLP gRPC endpoint. */
  readonly gateway: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) in the stack namespace with the CA of the gateway's OTLP certificate.
   * @default - plain OTLP to the gateway
   */
  readonly gatewayCaConfigMap?: string;
  /**
   * How often cluster state is collected.
   * @default Duration.seconds(30)
   */
  readonly collectionInterval?: Duration;
  /**
   * The metrics kept (the rest are dropped in the receiver).
   * @default DEFAULT_METRIC_ALLOWLIST
   */
  readonly metricAllowlist?: readonly string[];
  /**
   * CPU and memory.
   * @default - DEFAULT_CLUSTER_TELEMETRY.clusterReceiverResources
   */
  readonly resources?: ResourceSettings;
  /**
   * Annotations on its ServiceAccount (cloud workload identity).
   * @default {}
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/**
 * One collector replica that reports cluster state (k8s_cluster) and Kubernetes events
 * (k8s_objects) to the gateway. One replica and a Recreate rollout: two running at once would
 * report everything twice. A restricted pod like the rest of the stack. Its namespace is its Chart's.
 */
export class ClusterReceiver extends Construct {
  /** The running workload, for network policies and scraping. */
  readonly workload: Workload;
  /** The generated collector config (what the pipeline check follows). */
  readonly config: CollectorConfig;

  constructor(scope: Construct, id: string, props: ClusterReceiverProps) {
    super(scope, id);
    const d = DEFAULT_CLUSTER_TELEMETRY;
    const resources = props.resources ?? d.clusterReceiverResources;
    const account = clusterReader(this, {
      accountAnnotations: props.serviceAccountAnnotations,
      name: NAME, purpose: 'reader', namespace: namespaceOf(this), labels: workloadLabels(NAME, 'cluster-receiver'), rules: CLUSTER_RECEIVER_RULES,
    });
    const config = this.config = clusterReceiverConfig({ otlpGrpc: props.gateway.hostPort, caFile: props.gatewayCaConfigMap && `${CA_DIR}/ca.crt` }, {
      ports: PORTS,
      memoryLimitBytes: parseQuantity(resources.limits.memory),
      batchTimeoutMs: batchTimeoutMs(props),
      collectionIntervalSeconds: (props.collectionInterval ?? Duration.seconds(d.collectionIntervalSeconds)).toSeconds(),
      metricAllowlist: props.metricAllowlist ?? d.metricAllowlist,
    });
    this.workload = new Workload(this, 'receiver', {
      name: NAME,
      component: 'cluster-receiver',
      ...collectorProcess(props.distribution ?? 'contrib', `${CONFIG_DIR}/config.yaml`, props.image),
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      resources,
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
