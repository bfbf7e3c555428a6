import { clusterReceiverConfig } from '../../config/cluster-receiver';
import { nodeAgentConfig, NodeAgentSettings } from '../../config/node-agent';
import { gatewayConfig } from '../../config/collector';
import { LOKI_INDEX_LABELS } from '../../config/loki';
import { ENVIRONMENTS } from '../../overlays';
import { COMPONENT_KINDS, distributionProblems } from '../../settings/collector-distribution';
import { TIER_COMPONENTS } from '../../settings/collector-tiers';
import type { CollectorConfig } from '../../settings/otelcol-types';
import { objectsOf, synthesize } from '../support/synth';

const agent: NodeAgentSettings = {
  ports: { health: 13133, metrics: 8888 },
  memoryLimitBytes: 256 * 2 ** 20,
  batchTimeoutMs: 5000,
  podLogDirectory: '/var/log/pods',
  checkpointDirectory: '/var/lib/otelcol/node',
  logs: { includeNamespaces: [], excludeNamespaces: ['kube-system'], excludeContainers: ['istio-proxy'] },
  excludedPods: [{ namespace: 'observability', name: 'otel-collector' }],
  collectionIntervalSeconds: 30,
  metricAllowlist: ['k8s.pod.cpu.usage'],
  env: { nodeName: 'K8S_NODE_NAME', nodeIp: 'K8S_NODE_IP' },
};
const gateway = { otlpGrpc: 'otel-collector.observability.svc:4319' };

describe('nodeAgentConfig', () => {
  const config = nodeAgentConfig(gateway, agent);

  it('tails every pod log but the collectors\' own, excluded namespaces and containers, with the container parser', () => {
    expect(config.receivers.file_log).toMatchObject({
      include: ['/var/log/pods/*/*/*.log'],
      exclude: ['/var/log/pods/observability_otel-collector-*/otel-collector/*.log', '/var/log/pods/kube-system_*/*/*.log', '/var/log/pods/*/istio-proxy/*.log'],
      operators: [{ type: 'container', add_metadata_from_filepath: true }],
    });
  });

  it('reads only included namespaces when any are named', () => {
    const some = nodeAgentConfig(gateway, { ...agent, logs: { ...agent.logs, includeNamespaces: ['demo', 'shop'] } });
    expect(some.receivers.file_log?.include).toEqual(['/var/log/pods/demo_*/*/*.log', '/var/log/pods/shop_*/*/*.log']);
  });

  it('keeps read offsets and the export queue in file_storage on the checkpoint directory', () => {
    expect(config.extensions['file_storage/node']?.directory).toBe('/var/lib/otelcol/node');
    expect(config.receivers.file_log?.storage).toBe('file_storage/node');
    expect(config.exporters['otlp_grpc/gateway']?.sending_queue.storage).toBe('file_storage/node');
    expect(config.service.extensions).toContain('file_storage/node');
  });

  it('asks the kubelet at the node IP with the service account, and enriches from this node\'s pods only', () => {
    expect(config.receivers.kubelet_stats).toMatchObject({ auth_type: 'serviceAccount', endpoint: '${env:K8S_NODE_IP}:10250', metric_groups: ['node', 'pod', 'container'] });
    expect(config.processors.k8s_attributes?.filter).toEqual({ node_from_env_var: 'K8S_NODE_NAME' });
  });

  it('keeps only allowlisted metrics and sends everything to the gateway, never to a backend', () => {
    expect(config.processors['filter/allowlist']?.metrics?.include?.metric_names).toEqual(['k8s.pod.cpu.usage']);
    expect(config.service.pipelines.metrics.processors).toContain('filter/allowlist');
    expect(Object.keys(config.exporters)).toEqual(['otlp_grpc/gateway']);
    expect(config.exporters['otlp_grpc/gateway']?.endpoint).toBe(gateway.otlpGrpc);
  });
});

describe('clusterReceiverConfig', () => {
  const config = clusterReceiverConfig(gateway, { ports: { health: 13133, metrics: 8888 }, memoryLimitBytes: 2 ** 28, batchTimeoutMs: 5000, collectionIntervalSeconds: 30, metricAllowlist: ['k8s.pod.phase'] });

  it('reports cluster state and watches events, to the gateway only', () => {
    expect(config.receivers.k8s_cluster?.auth_type).toBe('serviceAccount');
    expect(config.receivers.k8s_objects?.objects).toEqual([{ name: 'events', group: 'events.k8s.io', mode: 'watch' }]);
    expect(Object.keys(config.exporters)).toEqual(['otlp_grpc/gateway']);
    expect(config.service.pipelines['logs/events'].receivers).toEqual(['k8s_objects']);
  });
});

describe("the node agent's and the cluster receiver's components", () => {
  const tiers = [
    ['nodeAgent', 'otel-node-agent', nodeAgentConfig({ ...gateway, caFile: '/etc/otelcol/ca/ca.crt' }, agent)],
    ['clusterReceiver', 'otel-cluster-receiver', clusterReceiverConfig(gateway, { ports: { health: 13133, metrics: 8888 }, memoryLimitBytes: 2 ** 28, batchTimeoutMs: 5000, collectionIntervalSeconds: 30, metricAllowlist: ['k8s.pod.phase'] })],
  ] as const;

  it.each(tiers)('%s: only the ones validation knows, all bundled by Alloy (it sends to the gateway: no destinations, no additions)', (tier, name, config: CollectorConfig) => {
    expect(COMPONENT_KINDS.flatMap((kind) => Object.keys(config[kind]).filter((id) => !TIER_COMPONENTS[tier][kind].includes(id)))).toEqual([]);
    expect(distributionProblems('alloy', config, name)).toEqual([]);
  });
});

describe('the gateway with a cluster port', () => {
  const s = ENVIRONMENTS.staging();
  const config = gatewayConfig(
    { ports: { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 }, environment: 'e', clusterName: 'c', memoryLimitBytes: 2 ** 30, sampling: s.sampling, corsAllowedOrigins: [], debugExporter: false, profiling: false, clusterOtlpGrpcPort: 4319 },
    { tracesOtlpGrpc: 't:4317', logsOtlpHttp: 'http://l', metricsOtlpHttp: 'http://p' });

  it('does not re-associate cluster telemetry by connection (that would stamp the agent\'s pod on it), but scrubs pod logs', () => {
    expect(config.receivers['otlp/cluster']?.protocols.grpc?.endpoint).toBe('0.0.0.0:4319');
    for (const p of ['metrics/cluster', 'logs/cluster']) {
      expect(config.service.pipelines[p].processors).not.toContain('k8s_attributes');
      expect(config.service.pipelines[p].processors).not.toContain('resource_detection');
    }
    expect(config.service.pipelines['logs/cluster'].processors).toEqual(expect.arrayContaining(['transform/drop_secrets', 'redaction/pii']));
  });
});

describe('Loki labels', () => {
  it('stay bounded: namespace, app (service.name), container; never pod name or UID', () => {
    expect(LOKI_INDEX_LABELS).toEqual(expect.arrayContaining(['k8s.namespace.name', 'service.name', 'k8s.container.name']));
    expect(LOKI_INDEX_LABELS).not.toContain('k8s.pod.uid');
    expect(LOKI_INDEX_LABELS).not.toContain('k8s.pod.name');
  });
});

describe('the node agent DaemonSet', () => {
  it('tolerates every taint by default, so it runs on every node (control plane and dedicated pools too)', () => {
    const agent = objectsOf(synthesize('staging')).find((o) => o.kind === 'DaemonSet')!;
    expect(agent.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});
