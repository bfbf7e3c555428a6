import { batch, memoryLimiter, telemetry } from './collector-common';
import { GatewayTarget, gatewayExporter, metricAllowlist } from './node-agent';
import { NODE_CONDITION_METRICS } from '../settings/cluster-metrics';
import type { CollectorConfig } from '../settings/otelcol-types';

/**
 * A container's last termination reason (`OOMKilled`, `Error`…) as a resource attribute of its
 * k8s_cluster metrics (off by default upstream): what tells an OOM kill from another restart.
 */
export const LAST_TERMINATED_REASON = 'k8s.container.status.last_terminated_reason';

/** The node conditions whose gauge the allowlist keeps: the receiver reports only those. */
export function nodeConditionsToReport(allowlist: readonly string[]): string[] {
  return Object.entries(NODE_CONDITION_METRICS).filter(([, metric]) => allowlist.includes(metric)).map(([condition]) => condition);
}

/** `service.name` of Kubernetes events in Loki (its `service_name` label). */
export const EVENTS_SERVICE_NAME = 'k8s-events';

/** What the cluster receiver's config is built from. */
export interface ClusterReceiverSettings {
  /** Listen ports of its own health check and metrics. */
  readonly ports: { readonly health: number; readonly metrics: number };
  /** The container's memory limit in bytes. */
  readonly memoryLimitBytes: number;
  /** The batch processor's timeout, ms. */
  readonly batchTimeoutMs: number;
  /** Seconds between cluster-state collections. */
  readonly collectionIntervalSeconds: number;
  /** OTel metric names passed on. */
  readonly metricAllowlist: readonly string[];
}

/**
 * The cluster receiver's config: cluster state (k8s_cluster: pod phase, restarts with the last
 * termination reason, requests and limits, workload availability, Jobs, node conditions) and Kubernetes events (k8s_objects, watch mode: only events from now on,
 * so a restart does not send old ones again), forwarded to the gateway. Runs on exactly one
 * replica, or every metric and event would arrive once per replica.
 */
export function clusterReceiverConfig(to: GatewayTarget, s: ClusterReceiverSettings): CollectorConfig {
  const exporter = 'otlp_grpc/gateway';
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${s.ports.health}` } },
    receivers: {
      k8s_cluster: {
        auth_type: 'serviceAccount',
        collection_interval: `${s.collectionIntervalSeconds}s`,
        node_conditions_to_report: nodeConditionsToReport(s.metricAllowlist),
        resource_attributes: { [LAST_TERMINATED_REASON]: { enabled: true } },
      },
      k8s_objects: { auth_type: 'serviceAccount', objects: [{ name: 'events', group: 'events.k8s.io', mode: 'watch' }] },
    },
    processors: {
      memory_limiter: memoryLimiter(s.memoryLimitBytes),
      'filter/allowlist': metricAllowlist(s.metricAllowlist),
      'resource/events': { attributes: [{ key: 'service.name', value: EVENTS_SERVICE_NAME, action: 'upsert' }] },
      batch: batch(s.batchTimeoutMs),
    },
    connectors: {},
    exporters: { [exporter]: gatewayExporter(to) },
    service: {
      extensions: ['health_check'],
      telemetry: telemetry(s.ports),
      pipelines: {
        metrics: { receivers: ['k8s_cluster'], processors: ['memory_limiter', 'filter/allowlist', 'batch'], exporters: [exporter] },
        'logs/events': { receivers: ['k8s_objects'], processors: ['memory_limiter', 'resource/events', 'batch'], exporters: [exporter] },
      },
    },
  };
}
