import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { nodeAgentConfig, ExcludedPods } from '../config/node-agent';
import { toYaml } from '../config/yaml';
import { parseQuantity } from '../settings/units';
import { COLLECTOR_PORTS, collectorProcess } from './collector-process';
import { ComponentChart, ComponentChartProps } from './component-chart';
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

/** Where the agent sends, and whose logs it must skip. */
export interface NodeAgentProps extends ComponentChartProps {
  /** The gateway collector's OTLP gRPC endpoint. */
  readonly gateway: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) in the agent's namespace with the CA of the gateway's OTLP certificate.
   * @default - plain OTLP to the gateway
   */
  readonly gatewayCaConfigMap?: string;
  /** The collectors' pods, whose own logs are never read (no feedback loop). */
  readonly collectors: readonly ExcludedPods[];
}

/**
 * The node agent: a collector on every node (DaemonSet) that tails pod logs from the node's
 * `/var/log/pods` (read-only hostPath), keeps read offsets and its export queue on a hostPath of
 * its own (read-write), asks the node's kubelet for resource metrics, and sends everything to the
 * gateway. It lives in a namespace of its own whose Pod Security level admits hostPath volumes.
 */
export class NodeAgent extends ComponentChart {
  /** The agent's pods, for network policies. */
  readonly pods: { readonly name: string; readonly namespace: string; readonly selector: Record<string, string>; readonly ports: readonly PortSpec[] };

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id, props);
    const { env } = this;
    const s = env.clusterTelemetry;
    const labels = workloadLabels(NAME, 'node-agent');
    const selector = selectorLabels(NAME);
    const ports = [{ name: 'health', port: PORTS.health }, { name: 'metrics', port: PORTS.metrics }];
    this.pods = { name: NAME, namespace: props.namespace, selector, ports };

    const account = clusterReader(this, {
      accountAnnotations: this.env.pods.serviceAccountAnnotations,
      name: NAME, purpose: 'reader', namespace: props.namespace, labels,
      // kubelet_stats reads /stats/summary (the nodes/stats subresource); k8s_attributes reads this node's pods.
      rules: [{ apiGroups: [''], resources: ['nodes/stats'], verbs: ['get'] }, ...K8S_ATTRIBUTES_RULES],
    });
    const files = {
      'config.yaml': toYaml(nodeAgentConfig(
        { otlpGrpc: props.gateway.hostPort, caFile: props.gatewayCaConfigMap && `${CA_DIR}/ca.crt` },
        {
          ports: PORTS,
          memoryLimitBytes: parseQuantity(s.agentResources.limits.memory),
          batchTimeoutMs: env.freshness.collectorBatchTimeoutMs,
          podLogDirectory: POD_LOGS,
          checkpointDirectory: CHECKPOINTS,
          logs: s.logs,
          excludedPods: [...props.collectors, { namespace: props.namespace, name: NAME }],
          collectionIntervalSeconds: s.collectionIntervalSeconds,
          metricAllowlist: s.metricAllowlist,
          env: ENV,
        },
      )),
    };
    // Runs as root whatever the image's user (HOST_READER_POD): pod logs and the checkpoint hostPath are root's.
    const { image, command, args } = collectorProcess(env, `${CONFIG_DIR}/config.yaml`);
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
            tolerations: s.agentTolerations.length > 0 ? [...s.agentTolerations] : undefined,
            containers: [{
              name: NAME,
              image,
              imagePullPolicy: env.imagePullPolicy,
              command,
              args,
              env: [fieldEnv(ENV.nodeName, 'spec.nodeName'), fieldEnv(ENV.nodeIp, 'status.hostIP'), ...goMemoryLimit({ goRuntime: true, resources: s.agentResources })],
              ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
              readinessProbe: probe(5, 10),
              livenessProbe: probe(30, 20),
              resources: containerResources(s.agentResources),
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
              { name: 'checkpoints', hostPath: { path: s.checkpointHostPath, type: 'DirectoryOrCreate' } },
              ...(props.gatewayCaConfigMap ? [{ name: 'gateway-ca', configMap: { name: props.gatewayCaConfigMap } }] : []),
            ],
          },
        },
      },
    });
  }
}
