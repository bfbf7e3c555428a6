/**
 * The gateway collector's config: every workload's OTLP entry point. One function builds the whole
 * file: the in-cluster backends that exist, the destinations, and the user's additions.
 */
import type { SamplingSettings } from '../settings/schema';
import type { CollectorConfig, DeliveryConfig, LoadBalancingConfig, Pipeline } from '../settings/otelcol-types';
import { CollectorAdditions, placeAdditions } from './collector-additions';
import {
  CollectorPorts, DEBUG_EXPORTER, SERVICE_GRAPH, TlsFiles, baseExtensions, batch, deliveryOptions, memoryLimiter, tailSampling, telemetry, tempoExporter,
} from './collector-common';
import { Destinations, PrometheusTarget, destinationExporters, prometheusExporterIds, prometheusExporters, signalExporters } from './collector-destinations';

export type { CollectorConfig, Pipeline } from '../settings/otelcol-types';
export type { CollectorPorts, TlsFiles } from './collector-common';

/** What the gateway's config is built from. */
export interface GatewayConfigProps {
  /** Listen ports. */
  readonly ports: CollectorPorts;
  /** `deployment.environment.name` for telemetry that does not carry one. */
  readonly environment: string;
  /** `k8s.cluster.name` stamped on everything. */
  readonly clusterName: string;
  /** The container's memory limit in bytes; memory_limiter is derived from it. */
  readonly memoryLimitBytes: number;
  /** Tail sampling (here, unless the targets name a sampler tier). */
  readonly sampling: SamplingSettings;
  /** CORS origins for OTLP/HTTP. */
  readonly corsAllowedOrigins: readonly string[];
  /** Add a sampled debug exporter to every pipeline. */
  readonly debugExporter: boolean;
  /** Serve pprof and zpages on loopback. */
  readonly profiling: boolean;
  /**
   * Serve OTLP over TLS with these files.
   * @default - plain OTLP
   */
  readonly tls?: TlsFiles;
  /**
   * The batch processor's timeout, ms: the longest an item waits in the collector.
   * @default 5000 (the batch processor's own default)
   */
  readonly batchTimeoutMs?: number;
  /**
   * Directory of the persistent export queue; when absent queues live in memory.
   * @default - in-memory queues
   */
  readonly queueDirectory?: string;
  /**
   * A second OTLP gRPC port for cluster telemetry (node agents, cluster receiver). Its pipelines skip
   * k8s_attributes and resource_detection: that data is enriched at its source, and associating it
   * by connection would stamp the agent's own pod and host on every node's metrics and logs.
   * @default - no cluster telemetry port
   */
  readonly clusterOtlpGrpcPort?: number;
  /**
   * External OTLP destinations per signal, each after the signal's in-cluster backend (when there is one).
   * @default - none: each signal goes to its in-cluster backend only
   */
  readonly destinations?: Destinations;
  /**
   * The user's own processors and exporters, placed into the traces, metrics and logs pipelines.
   * @default - none
   */
  readonly additions?: CollectorAdditions;
}

/** Where the gateway sends; endpoints come from the constructs that own them. */
export interface GatewayTargets {
  /**
   * Tempo's OTLP gRPC `host:port`.
   * @default - no in-cluster Tempo: traces go to the destinations only
   */
  readonly tracesOtlpGrpc?: string;
  /**
   * Loki's OTLP base URL (`…/otlp`; the exporter appends `/v1/logs`).
   * @default - no in-cluster Loki: logs go to the destinations only
   */
  readonly logsOtlpHttp?: string;
  /**
   * Prometheus's OTLP base URL (`…/api/v1/otlp`; the exporter appends `/v1/metrics`), or each
   * replica's of an HA pair (each then gets every point, through an exporter of its own).
   * @default - no in-cluster Prometheus: metrics go to the destinations only
   */
  readonly metricsOtlpHttp?: PrometheusTarget;
  /**
   * The sampler tier: when given, this collector is a stateless gateway that routes spans by trace ID
   * to it (which then builds the service graph, tail-samples and sends traces to Tempo and the destinations).
   * @default - no sampler tier: sampling, if on, happens in this collector
   */
  readonly samplerTier?: { readonly hostname: string; readonly port: number };
}

/** Attribute keys deleted outright: credentials never belong in telemetry. */
export const SECRET_ATTRIBUTE_PATTERN = '(?i)^(.*[._-])?(authorization|cookie|set-cookie|password|passwd|secret|token|api[._-]?key|x-api-key)$';
/** Values hashed wherever they appear: e-mail addresses and card-number-like digit runs. */
export const PII_VALUE_PATTERNS = [
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}',
  '\\b(?:\\d[ -]?){12,18}\\d\\b',
];

/** Processors shared by every signal before its exporters, in order. */
const ENRICH = ['k8s_attributes', 'resource_detection', 'resource'];

/**
 * Trace-ID routing to the sampler tier. The queue and retry sit on the load balancer, not on its
 * per-sampler exporters: a batch for a sampler that is restarting is retried through the ring, and
 * once the DNS resolver (every 5 s) no longer lists that sampler, it goes to the one that owns the
 * trace ID then, instead of waiting in (and being dropped with) the exporter of a removed endpoint.
 */
function samplerRouting(sampler: { readonly hostname: string; readonly port: number }, delivery: DeliveryConfig): LoadBalancingConfig {
  return {
    routing_key: 'traceID',
    ...delivery,
    protocol: { otlp: { tls: { insecure: true }, retry_on_failure: { enabled: false }, sending_queue: { enabled: false } } },
    resolver: { dns: { hostname: sampler.hostname, port: `${sampler.port}`, interval: '5s', timeout: '1s' } },
  };
}

/**
 * The gateway's config. Order per pipeline: memory_limiter first (refuse before running out of
 * memory), Kubernetes and resource enrichment, PII scrubbing, tail sampling (traces, when on and
 * no sampler tier), the user's processors, batch last. Span metrics and the service graph are
 * computed from every span before sampling, so RED metrics stay true. Each signal leaves through its
 * in-cluster backend's exporter where that backend exists, then one exporter per destination.
 */
export function gatewayConfig(p: GatewayConfigProps, to: GatewayTargets): CollectorConfig {
  const delivery = deliveryOptions(p.queueDirectory);
  const debug = p.debugExporter ? ['debug'] : [];
  const destinations = p.destinations ?? {};
  const scrub = ['transform/drop_secrets', 'redaction/pii'];
  const sampler = to.samplerTier;
  const localSampling = p.sampling.enabled && !sampler;
  const ingest = ['memory_limiter', ...ENRICH, ...scrub, 'batch'];
  const traces = (local: readonly string[]) => signalExporters('traces', to.tracesOtlpGrpc !== undefined, destinations, local);
  const logs = (local: readonly string[]) => signalExporters('logs', to.logsOtlpHttp !== undefined, destinations, local);
  const metrics = (local: readonly string[]) => signalExporters('metrics', prometheusExporterIds(to.metricsOtlpHttp), destinations, local);

  const pipelines: Record<string, Pipeline> = {};
  if (sampler) {
    // The service graph pairs client and server spans of a trace: it runs on the sampler tier, where a trace's spans meet.
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'load_balancing'] };
  } else if (localSampling) {
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'servicegraph', 'forward/sampling'] };
    pipelines['traces/sampled'] = { receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: traces(debug) };
  } else {
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'servicegraph', ...traces(debug)] };
  }
  const connectorsOut = sampler ? ['span_metrics'] : ['span_metrics', 'servicegraph'];
  pipelines.metrics = { receivers: ['otlp', ...connectorsOut], processors: ['memory_limiter', ...ENRICH, 'batch'], exporters: metrics(debug) };
  pipelines.logs = { receivers: ['otlp'], processors: ingest, exporters: logs(debug) };
  if (p.clusterOtlpGrpcPort !== undefined) {
    pipelines['metrics/cluster'] = { receivers: ['otlp/cluster'], processors: ['memory_limiter', 'resource', 'batch'], exporters: metrics([]) };
    // Pod logs are scrubbed like the services' own logs: applications print credentials and personal data too.
    pipelines['logs/cluster'] = { receivers: ['otlp/cluster'], processors: ['memory_limiter', 'resource', ...scrub, 'batch'], exporters: logs([]) };
  }

  const extensions = baseExtensions(p.ports, p);
  return {
    extensions,
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${p.ports.otlpGrpc}`, ...(p.tls ? { tls: { ...p.tls } } : {}) },
          http: {
            endpoint: `0.0.0.0:${p.ports.otlpHttp}`,
            ...(p.tls ? { tls: { ...p.tls } } : {}),
            ...(p.corsAllowedOrigins.length > 0 ? { cors: { allowed_origins: [...p.corsAllowedOrigins] } } : {}),
          },
        },
      },
      ...(p.clusterOtlpGrpcPort !== undefined
        ? { 'otlp/cluster': { protocols: { grpc: { endpoint: `0.0.0.0:${p.clusterOtlpGrpcPort}` as const, ...(p.tls ? { tls: { ...p.tls } } : {}) } } } }
        : {}),
    },
    processors: {
      memory_limiter: memoryLimiter(p.memoryLimitBytes),
      k8s_attributes: {
        auth_type: 'serviceAccount',
        extract: { metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.statefulset.name', 'k8s.node.name'] },
        pod_association: [
          { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
          { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
          { sources: [{ from: 'connection' }] },
        ],
      },
      resource_detection: { detectors: ['env', 'system'], system: { hostname_sources: ['os'] }, timeout: '2s', override: false },
      resource: {
        attributes: [
          { key: 'k8s.cluster.name', value: p.clusterName, action: 'upsert' },
          { key: 'deployment.environment.name', value: p.environment, action: 'insert' },
        ],
      },
      'transform/drop_secrets': {
        error_mode: 'ignore',
        trace_statements: [`delete_matching_keys(span.attributes, "${SECRET_ATTRIBUTE_PATTERN}")`],
        log_statements: [`delete_matching_keys(log.attributes, "${SECRET_ATTRIBUTE_PATTERN}")`],
      },
      'redaction/pii': { allow_all_keys: true, blocked_values: [...PII_VALUE_PATTERNS], hash_function: 'sha3', summary: 'silent' },
      ...(localSampling ? { tail_sampling: tailSampling(p.sampling) } : {}),
      batch: batch(p.batchTimeoutMs),
      ...p.additions?.processors,
    },
    connectors: {
      span_metrics: {
        namespace: 'traces.span.metrics',
        histogram: { unit: 's', explicit: { buckets: ['5ms', '10ms', '25ms', '50ms', '100ms', '250ms', '500ms', '1s', '2500ms', '5s', '10s'] } },
        exemplars: { enabled: true },
        metrics_flush_interval: '15s',
      },
      ...(sampler ? {} : { servicegraph: SERVICE_GRAPH }),
      ...(localSampling ? { 'forward/sampling': {} } : {}),
    },
    exporters: {
      ...(sampler
        ? { load_balancing: samplerRouting(sampler, delivery) }
        : to.tracesOtlpGrpc !== undefined ? { 'otlp_grpc/tempo': tempoExporter(to.tracesOtlpGrpc, delivery) } : {}),
      ...(to.logsOtlpHttp !== undefined ? { 'otlp_http/loki': { endpoint: to.logsOtlpHttp, ...delivery } } : {}),
      ...prometheusExporters(to.metricsOtlpHttp, delivery),
      ...(p.debugExporter ? { debug: DEBUG_EXPORTER } : {}),
      // Traces leave a gateway with a sampler tier through it: their destinations are the sampler tier's.
      ...destinationExporters(destinations, sampler ? ['logs', 'metrics'] : ['traces', 'logs', 'metrics'], delivery),
      ...p.additions?.exporters,
    },
    service: { extensions: Object.keys(extensions), telemetry: telemetry(p.ports), pipelines: placeAdditions(pipelines, p.additions ?? {}) },
  };
}
