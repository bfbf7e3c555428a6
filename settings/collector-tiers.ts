/**
 * What validation knows of the collector tiers before any of their configs is built: each tier's
 * workload name, the component ids its config may define, and the exporter ids of the destinations.
 * The configs themselves are built in config/ (one function per tier); test/contracts/collector-tier-facts.test.ts
 * checks that every id a tier function writes is listed here, so validation and output cannot drift apart.
 */
import type { ComponentKind } from './collector-distribution';
import type { Destination, DestinationSettings } from './schema';

/** The collector tiers, by their workload names. */
export const COLLECTOR_TIERS = {
  gateway: 'otel-collector',
  sampler: 'otel-sampler',
  nodeAgent: 'otel-node-agent',
  clusterReceiver: 'otel-cluster-receiver',
} as const;

/** A collector tier. */
export type CollectorTier = keyof typeof COLLECTOR_TIERS;

/** Component ids (`type` or `type/name`) by kind. */
export type ComponentIds = Readonly<Record<ComponentKind, readonly string[]>>;

/** Most Prometheus replicas the stack runs (an HA pair, and one spare); past that, a Mimir-compatible store. */
export const MAX_PROMETHEUS_REPLICAS = 3;

/** The exporter feeding Prometheus replica `ordinal` of a pair (a single Prometheus gets `otlp_http/prometheus`). */
export function prometheusReplicaExporter(ordinal: number): string {
  return `otlp_http/prometheus-${ordinal}`;
}

const PROMETHEUS_REPLICA_EXPORTERS = Array.from({ length: MAX_PROMETHEUS_REPLICAS }, (_, i) => prometheusReplicaExporter(i));

/**
 * Every id of the stack's own components that each tier's config may define, whatever the settings
 * (which ones a config has depends on them: `tail_sampling` only where sampling is on, …). The
 * destinations' exporters are named by `destinationId`.
 */
export const TIER_COMPONENTS: Readonly<Record<CollectorTier, ComponentIds>> = {
  gateway: {
    receivers: ['otlp', 'otlp/cluster'],
    processors: ['memory_limiter', 'k8s_attributes', 'resource_detection', 'resource', 'transform/drop_secrets', 'redaction/pii', 'tail_sampling', 'batch'],
    exporters: ['load_balancing', 'otlp_grpc/tempo', 'otlp_http/loki', 'otlp_http/prometheus', ...PROMETHEUS_REPLICA_EXPORTERS, 'debug'],
    connectors: ['span_metrics', 'servicegraph', 'forward/sampling'],
    extensions: ['health_check', 'file_storage/queue', 'pprof', 'zpages'],
  },
  sampler: {
    receivers: ['otlp'],
    processors: ['memory_limiter', 'tail_sampling', 'batch'],
    exporters: ['otlp_grpc/tempo', 'otlp_http/prometheus', ...PROMETHEUS_REPLICA_EXPORTERS, 'debug'],
    connectors: ['servicegraph', 'forward/sampling'],
    extensions: ['health_check', 'file_storage/queue', 'pprof', 'zpages'],
  },
  nodeAgent: {
    receivers: ['file_log', 'kubelet_stats'],
    processors: ['memory_limiter', 'filter/allowlist', 'filter/volumes', 'k8s_attributes', 'batch'],
    exporters: ['otlp_grpc/gateway'],
    connectors: [],
    extensions: ['health_check', 'file_storage/node'],
  },
  clusterReceiver: {
    receivers: ['k8s_cluster', 'k8s_objects'],
    processors: ['memory_limiter', 'filter/allowlist', 'resource/events', 'batch'],
    exporters: ['otlp_grpc/gateway'],
    connectors: [],
    extensions: ['health_check'],
  },
};

/** A signal of the destinations. */
export type DestinationSignal = keyof DestinationSettings;

/** The exporter id of a destination: `otlp_http/traces-0`. */
export function destinationId(signal: DestinationSignal, index: number, d: Pick<Destination, 'protocol'>): string {
  return `${d.protocol}/${signal}-${index}`;
}

/** The exporter ids of every destination, signal by signal. */
export function destinationIds(destinations: DestinationSettings): string[] {
  return (['traces', 'logs', 'metrics'] as const).flatMap((signal) => destinations[signal].map((d, i) => destinationId(signal, i, d)));
}
