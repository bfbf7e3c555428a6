import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { nodeAgentConfig, ExcludedPods } from '../config/node-agent';
import { toYaml } from '../config/yaml';
import type { CollectorConfig } from '../settings/otelcol-types';
import { DEFAULT_CLUSTER_TELEMETRY } from '../settings/cluster-telemetry';
import type { PodLogSelection, ResourceSettings } from '../settings/schema';
import { parseQuantity } from '../settings/units';
import { COLLECTOR_PORTS, CollectorProgramProps, batchTimeoutMs, collectorProcess } from './collector-process';
import { namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { selectorLabels, workloadLabels } from './labels';
import { K8S_ATTRIBUTES_RULES, clusterReader } from './rbac';
import { HOST_READER_CONTAINER, HOST_READER_POD } from './security';
import { CONFIG_CHECKSUM_ANNOTATION, PortSpec, configChecksum, containerResources, goMemoryLimit, scrapeAnnotations } from './workload';

const NAME = 'otel-node-agent';
const CONFIG_DIR = '/etc/otelcol';
const CA_DIR = '/etc/otelcol/ca';
const POD_LOGS = '/var/log/pods';
const CHECKPOINTS = '/var/lib/otelcol/node';
const PORTS = COLLECTOR_PORTS;
const ENV = { nodeName: 'K8S_NODE_NAME', nodeIp: 'K8S_NODE_IP' };

/** The node agent's settings: where it sends, what it reads, and whose logs it must skip. */
export interface NodeAgentProps extends CollectorProgramProps {
  /** The gateway collector's OTLP gRPC endpoint. */
  readonly gateway: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) in the agent's namespace with the CA of the gateway's OTLP certificate.
   * @default - plain OTLP to the gateway
   */
  readonly gatewayCaConfigMap?: string;
  /**
   * The collectors' pods, whose own logs are never read (no feedback loop); the agent's own are always skipped.
   * @default []
   */
  readonly collectors?: readonly ExcludedPods[];
  /**
   * Which pods' logs are read (namespaces and containers to include or exclude).
   * @default - every namespace but kube-system
   */
  readonly logs?: PodLogSelection;
  /**
   * How often kubelet metrics are collected.
   * @default Duration.seconds(30)
   */
  readonly collectionInterval?: Duration;
  /**
   * The metrics kept (the rest are dropped in the agent).
   * @default DEFAULT_METRIC_ALLOWLIST
   */
  readonly metricAllowlist?: readonly string[];
  /**
   * Host directory (one per node) for read offsets and the export queue.
   * @default '/var/lib/otel-lgtm/node-agent'
   */
  readonly checkpointHostPath?: string;
  /**
   * Taints the agent tolerates.
   * @default - every taint (a node it skips is a node whose logs are lost)
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * CPU and memory of each agent.
   * @default - DEFAULT_CLUSTER_TELEMETRY.agentResources
   */
  readonly resources?: ResourceSettings;
  /**
   * Annotations on its ServiceAccount (cloud workload identity).
   * @default {}
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/**
 * The node agent: a collector on every node (DaemonSet) that tails pod logs from the node's
 * `/var/log/pods` (read-only hostPath), keeps read offsets and its export queue on a hostPath of
 * its own (read-write), asks the node's kubelet for resource metrics, and sends everything to the
 * gateway. It lives in a namespace of its own whose Pod Security level admits hostPath volumes:
 * its Chart's.
 */
export class NodeAgent extends Construct {
  /** The agent's pods, for network policies. */
  readonly pods: { readonly name: string; readonly namespace: string; readonly selector: Record<string, string>; readonly ports: readonly PortSpec[] };
  /** The generated collector config (what the pipeline check follows). */
  readonly config: CollectorConfig;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);
    const d = DEFAULT_CLUSTER_TELEMETRY;
    const namespace = namespaceOf(this);
    const resources = props.resources ?? d.agentResources;
    const tolerations = props.tolerations ?? d.agentTolerations;
    const labels = workloadLabels(NAME, 'node-agent');
    const selector = selectorLabels(NAME);
    const ports = [{ name: 'health', port: PORTS.health }, { name: 'metrics', port: PORTS.metrics }];
    this.pods = { name: NAME, namespace, selector, ports };

    const account = clusterReader(this, {
      accountAnnotations: props.serviceAccountAnnotations,
      name: NAME, purpose: 'reader', namespace, labels,
      // kubelet_stats reads /stats/summary (the nodes/stats subresource); k8s_attributes reads this node's pods.
      rules: [{ apiGroups: [''], resources: ['nodes/stats'], verbs: ['get'] }, ...K8S_ATTRIBUTES_RULES],
    });
    const config = this.config = nodeAgentConfig(
      { otlpGrpc: props.gateway.hostPort, caFile: props.gatewayCaConfigMap && `${CA_DIR}/ca.crt` },
      {
        ports: PORTS,
        memoryLimitBytes: parseQuantity(resources.limits.memory),
        batchTimeoutMs: batchTimeoutMs(props),
        podLogDirectory: POD_LOGS,
        checkpointDirectory: CHECKPOINTS,
        logs: props.logs ?? d.logs,
        excludedPods: [...(props.collectors ?? []), { namespace, name: NAME }],
        collectionIntervalSeconds: (props.collectionInterval ?? Duration.seconds(d.collectionIntervalSeconds)).toSeconds(),
        metricAllowlist: props.metricAllowlist ?? d.metricAllowlist,
        env: ENV,
      },
  );
    const files = { 'config.yaml': toYaml(config) };
    // Runs as root whatever the image's user (HOST_READER_POD): pod logs and the checkpoint hostPath are root's.
    const { image, command, args } = collectorProcess(props.distribution ?? 'contrib', `${CONFIG_DIR}/config.yaml`, props.image);
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: `${NAME}-config`, labels }, data: files });

    const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const probe = (delay: number, period: number): k8s.Probe => ({
      httpGet: { path: '/', port: k8s.IntOrString.fromString('health') }, initialDelaySeconds: delay, periodSeconds: period, timeoutSeconds: 5, failureThreshold: 3,
    });
    new k8s.KubeDaemonSet(this, 'workload', {
      metadata: { name: NAME, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: {
            labels,
            annotations: {
              [CONFIG_CHECKSUM_ANNOTATION]: configChecksum([{ suffix: 'config', mountPath: CONFIG_DIR, files }]),
              // Scraped like every collector tier (Prometheus discovers pods in this namespace too).
              ...scrapeAnnotations(PORTS.metrics, '/metrics'),
            },
          },
          spec: {
            serviceAccountName: account,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 60,
            securityContext: HOST_READER_POD,
            tolerations: tolerations.length > 0 ? [...tolerations] : undefined,
            containers: [{
              name: NAME,
              image,
              imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
              command,
              args,
              env: [fieldEnv(ENV.nodeName, 'spec.nodeName'), fieldEnv(ENV.nodeIp, 'status.hostIP'), ...goMemoryLimit({ goRuntime: true, resources })],
              ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
              readinessProbe: probe(5, 10),
              livenessProbe: probe(30, 20),
              resources: containerResources(resources),
              securityContext: HOST_READER_CONTAINER,
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'pod-logs', mountPath: POD_LOGS, readOnly: true },
                { name: 'checkpoints', mountPath: CHECKPOINTS },
                ...(props.gatewayCaConfigMap ? [{ name: 'gateway-ca', mountPath: CA_DIR, readOnly: true }] : []),
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: `${NAME}-config` } },
              { name: 'pod-logs', hostPath: { path: POD_LOGS, type: 'Directory' } },
              // Its own directory: created on first start, kept across restarts and upgrades of the agent.
              { name: 'checkpoints', hostPath: { path: props.checkpointHostPath ?? d.checkpointHostPath, type: 'DirectoryOrCreate' } },
              ...(props.gatewayCaConfigMap ? [{ name: 'gateway-ca', configMap: { name: props.gatewayCaConfigMap } }] : []),
            ],
          },
        },
      },
    });
  }
}
