import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { StackSettings } from '../settings';
import type { CollectorConfig } from '../settings/otelcol-types';
import { ClusterReceiver } from './cluster-receiver';
import { OtelCollector } from './collector';
import { ExternalEgress, Flow, NetworkPolicies, Pods } from './network-policies';
import { NodeAgent } from './node-agent';
import type { Prometheus } from './prometheus';
import { Workload } from './workload';
import { componentChart } from './component-props';
import { clusterReceiverProps, nodeAgentProps } from './props-from-settings';

/** The kubelet's HTTPS API on every node (kubelet_stats). */
export const KUBELET_PORT = 10250;

/** What the stack's namespace must allow for cluster telemetry. */
export interface ClusterTelemetry {
  /** The cluster receiver (scraped like the stack's other workloads). */
  readonly receiver: Workload;
  /** The node agent's pods: a collector tier too, scraped in its own namespace (its job is its name). */
  readonly agent: Pods;
  /** The two tiers' generated configs (what the pipeline check follows). */
  readonly configs: { readonly nodeAgent: CollectorConfig; readonly clusterReceiver: CollectorConfig };
  /** Flows that end in the stack namespace. */
  readonly flows: Flow[];
  /** Egress of the stack namespace's workloads to addresses outside the cluster's pods. */
  readonly externalEgress: ExternalEgress[];
}

/**
 * The node agent (in its own namespace, with its own default-deny policies) and the cluster
 * receiver (in the stack namespace), both sending to the gateway collector.
 */
export function buildClusterTelemetry(
  app: Construct, env: StackSettings, namespaces: Chart, collector: OtelCollector, apiServerPorts: readonly number[], prometheus?: Prometheus,
): ClusterTelemetry {
  const s = env.clusterTelemetry;
  const gateway = collector.clusterOtlpGrpc;
  if (!gateway) throw new Error('cluster telemetry needs the collector\'s cluster OTLP port');
  const caConfigMap = env.collector.otlpTls?.caConfigMapName;
  const collectors = [collector.workload, ...(collector.sampler ? [collector.sampler] : [])].map((w) => ({ namespace: w.namespace, name: w.name }));
  const chart = (id: string, namespace: string): Chart => componentChart(app, id, namespace, namespaces);
  const clusterReceiver = new ClusterReceiver(chart('cluster-receiver', env.stackNamespace), 'cluster-receiver', clusterReceiverProps(env, {
    gateway, gatewayCaConfigMap: caConfigMap,
  }));
  const receiver = clusterReceiver.workload;
  const nodeAgent = new NodeAgent(chart('node-agent', s.agentNamespace), 'node-agent', nodeAgentProps(env, {
    gateway, gatewayCaConfigMap: caConfigMap, collectors: [...collectors, { namespace: receiver.namespace, name: receiver.name }],
  }));
  const agent = nodeAgent.pods;
  const toGateway: Flow = { from: agent, to: collector.workload, ports: ['otlp-cluster'] };
  // Monitored like the other collector tiers: Prometheus discovers the agents' pods in their namespace.
  prometheus?.scrapeNamespace(s.agentNamespace);
  const scraped: Flow[] = prometheus ? [{ from: prometheus.workload, to: agent, ports: ['metrics'] }] : [];
  if (env.networkPolicies.enabled) {
    new NetworkPolicies(chart('node-agent-network-policies', s.agentNamespace), 'node-agent-network-policies', {
      flows: [toGateway, ...scraped],
      // The kubelet listens on the node's own address; the API server's address differs per cluster.
      externalEgress: [{ from: agent, ports: [KUBELET_PORT, ...apiServerPorts] }],
    });
  }
  return {
    receiver,
    agent,
    configs: { nodeAgent: nodeAgent.config, clusterReceiver: clusterReceiver.config },
    // The agent's scrape is an egress rule in the stack namespace (its ingress is in the agent's).
    flows: [toGateway, { from: receiver, to: collector.workload, ports: ['otlp-cluster'] }, ...scraped],
    externalEgress: [{ from: receiver, ports: apiServerPorts }],
  };
}
