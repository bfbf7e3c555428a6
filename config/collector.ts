import { Duration } from 'cdk8s';
import { goDuration } from '../settings/units';
import type { SamplingSettings } from '../settings/schema';
import type {
  BatchConfig, CollectorConfig, DebugExporterConfig, DeliveryConfig, StorageId, Extensions, MemoryLimiterConfig, OtlpExporterConfig, Pipeline,
  ServiceGraphConfig, ServiceTelemetry, TailSamplingConfig, TailSamplingPolicy, TlsServerConfig,
} from '../settings/otelcol-types';

export type { CollectorConfig, Pipeline } from '../settings/otelcol-types';

/** A server certificate and key, as files. */
export type TlsFiles = TlsServerConfig;

/** Listen ports, owned by the collector construct. */
export interface CollectorPorts {
  readonly otlpGrpc: number;
  readonly otlpHttp: number;
  readonly health: number;
  readonly metrics: number;
}

/** Where each signal goes; endpoints come from the constructs that own them. */
export interface CollectorTargets {
  /** Tempo's OTLP gRPC `host:port`. */
  readonly tracesOtlpGrpc: string;
  /** Loki's OTLP base URL (`…/otlp`; the exporter appends `/v1/logs`). */
  readonly logsOtlpHttp: string;
  /** Prometheus's OTLP base URL (`…/api/v1/otlp`; the exporter appends `/v1/metrics`). */
  readonly metricsOtlpHttp: string;
}

/** Settings the pipeline is built from. */
export interface CollectorPipelineSettings {
  /** `deployment.environment.name` for telemetry that does not carry one. */
  readonly environment: string;
  /** `k8s.cluster.name` stamped on everything. */
  readonly clusterName: string;
  /** The container's memory limit in bytes; memory_limiter is derived from it. */
  readonly memoryLimitBytes: number;
  /** Tail sampling. */
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
   * The sampler tier: when given, this collector is a stateless gateway that routes spans by
   * trace ID to the sampler tier (which then builds the service graph and tail-samples).
   * @default - no sampler tier: sampling, if on, happens in this collector
   */
  readonly samplerTier?: { readonly hostname: string; readonly port: number };
  /**
   * A second OTLP gRPC port for cluster telemetry (node agents, cluster receiver). Its pipelines skip
   * k8s_attributes and resource_detection: that data is enriched at its source, and associating it
   * by connection would stamp the agent's own pod and host on every node's metrics and logs.
   * @default - no cluster telemetry port
   */
  readonly clusterOtlpGrpcPort?: number;
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
const QUEUE_STORAGE: StorageId = 'file_storage/queue';

/**
 * The collector's config. Order per pipeline: memory_limiter first (refuse before running out of
 * memory), Kubernetes and resource enrichment, PII scrubbing, tail sampling (traces, when on),
 * batch last. Span metrics and the service graph are computed from every span before sampling,
 * so RED metrics stay true; each signal has exactly one exporter to its backend.
 */
export function collectorConfig(ports: CollectorPorts, to: CollectorTargets, s: CollectorPipelineSettings): CollectorConfig {
  const delivery = deliveryOptions(s.queueDirectory);
  const debug = s.debugExporter ? ['debug'] : [];
  const scrub = ['transform/drop_secrets', 'redaction/pii'];
  const gateway = s.samplerTier !== undefined;
  const localSampling = s.sampling.enabled && !gateway;
  const ingest = ['memory_limiter', ...ENRICH, ...scrub, 'batch'];

  const pipelines: Record<string, Pipeline> = {};
  if (gateway) {
    // The service graph pairs client and server spans of a trace: it runs on the sampler tier, where a trace's spans meet.
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'load_balancing'] };
  } else if (localSampling) {
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'servicegraph', 'forward/sampling'] };
    pipelines['traces/sampled'] = { receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: ['otlp_grpc/tempo', ...debug] };
  } else {
    pipelines.traces = { receivers: ['otlp'], processors: ingest, exporters: ['span_metrics', 'servicegraph', 'otlp_grpc/tempo', ...debug] };
  }
  const connectorsOut = gateway ? ['span_metrics'] : ['span_metrics', 'servicegraph'];
  pipelines.metrics = { receivers: ['otlp', ...connectorsOut], processors: ['memory_limiter', ...ENRICH, 'batch'], exporters: ['otlp_http/prometheus', ...debug] };
  pipelines.logs = { receivers: ['otlp'], processors: ingest, exporters: ['otlp_http/loki', ...debug] };
  if (s.clusterOtlpGrpcPort !== undefined) {
    pipelines['metrics/cluster'] = { receivers: ['otlp/cluster'], processors: ['memory_limiter', 'resource', 'batch'], exporters: ['otlp_http/prometheus'] };
    // Pod logs are scrubbed like the services' own logs: applications print credentials and personal data too.
    pipelines['logs/cluster'] = { receivers: ['otlp/cluster'], processors: ['memory_limiter', 'resource', ...scrub, 'batch'], exporters: ['otlp_http/loki'] };
  }

  const extensions = baseExtensions(ports, s);
  return {
    extensions,
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${ports.otlpGrpc}`, ...(s.tls ? { tls: { ...s.tls } } : {}) },
          http: {
            endpoint: `0.0.0.0:${ports.otlpHttp}`,
            ...(s.tls ? { tls: { ...s.tls } } : {}),
            ...(s.corsAllowedOrigins.length > 0 ? { cors: { allowed_origins: [...s.corsAllowedOrigins] } } : {}),
          },
        },
      },
      ...(s.clusterOtlpGrpcPort !== undefined
        ? { 'otlp/cluster': { protocols: { grpc: { endpoint: `0.0.0.0:${s.clusterOtlpGrpcPort}` as const, ...(s.tls ? { tls: { ...s.tls } } : {}) } } } }
        : {}),
    },
    processors: {
      memory_limiter: memoryLimiter(s.memoryLimitBytes),
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
          { key: 'k8s.cluster.name', value: s.clusterName, action: 'upsert' },
          { key: 'deployment.environment.name', value: s.environment, action: 'insert' },
        ],
      },
      'transform/drop_secrets': {
        error_mode: 'ignore',
        trace_statements: [`delete_matching_keys(span.attributes, "${SECRET_ATTRIBUTE_PATTERN}")`],
        log_statements: [`delete_matching_keys(log.attributes, "${SECRET_ATTRIBUTE_PATTERN}")`],
      },
      'redaction/pii': { allow_all_keys: true, blocked_values: [...PII_VALUE_PATTERNS], hash_function: 'sha3', summary: 'silent' },
      ...(localSampling ? { tail_sampling: tailSampling(s.sampling) } : {}),
      batch: batch(s.batchTimeoutMs),
    },
    connectors: {
      span_metrics: {
        namespace: 'traces.span.metrics',
        histogram: { unit: 's', explicit: { buckets: ['5ms', '10ms', '25ms', '50ms', '100ms', '250ms', '500ms', '1s', '2500ms', '5s', '10s'] } },
        exemplars: { enabled: true },
        metrics_flush_interval: '15s',
      },
      ...(gateway ? {} : { servicegraph: SERVICE_GRAPH }),
      ...(localSampling ? { 'forward/sampling': {} } : {}),
    },
    exporters: {
      ...(gateway
        ? { load_balancing: { routing_key: 'traceID', protocol: { otlp: { tls: { insecure: true }, ...delivery } }, resolver: { dns: { hostname: s.samplerTier!.hostname, port: `${s.samplerTier!.port}` } } } }
        : { 'otlp_grpc/tempo': tempoExporter(to.tracesOtlpGrpc, delivery) }),
      'otlp_http/loki': { endpoint: to.logsOtlpHttp, ...delivery },
      'otlp_http/prometheus': { endpoint: to.metricsOtlpHttp, ...delivery },
      ...(s.debugExporter ? { debug: DEBUG } : {}),
    },
    service: { extensions: Object.keys(extensions), telemetry: telemetry(ports), pipelines },
  };
}

/** What the sampler tier needs: the gateway's settings minus what only the gateway does. */
export type SamplerSettings = Pick<CollectorPipelineSettings, 'memoryLimitBytes' | 'sampling' | 'debugExporter' | 'profiling' | 'queueDirectory' | 'batchTimeoutMs'>;

/**
 * The sampler tier's config: receives whole traces from the gateways' loadbalancing exporter,
 * builds the service graph from them (before sampling), tail-samples, and sends to Tempo.
 */
export function samplerConfig(ports: CollectorPorts, to: Pick<CollectorTargets, 'tracesOtlpGrpc' | 'metricsOtlpHttp'>, s: SamplerSettings): CollectorConfig {
  const delivery = deliveryOptions(s.queueDirectory);
  const debug = s.debugExporter ? ['debug'] : [];
  const extensions = baseExtensions(ports, s);
  return {
    extensions,
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${ports.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${ports.otlpHttp}` } } } },
    processors: { memory_limiter: memoryLimiter(s.memoryLimitBytes), tail_sampling: tailSampling(s.sampling), batch: batch(s.batchTimeoutMs) },
    connectors: { servicegraph: SERVICE_GRAPH, 'forward/sampling': {} },
    exporters: {
      'otlp_grpc/tempo': tempoExporter(to.tracesOtlpGrpc, delivery),
      'otlp_http/prometheus': { endpoint: to.metricsOtlpHttp, ...delivery },
      ...(s.debugExporter ? { debug: DEBUG } : {}),
    },
    service: {
      extensions: Object.keys(extensions),
      telemetry: telemetry(ports),
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['servicegraph', 'forward/sampling'] },
        'traces/sampled': { receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: ['otlp_grpc/tempo', ...debug] },
        metrics: { receivers: ['servicegraph'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_http/prometheus', ...debug] },
      },
    },
  };
}

/** Batches of up to 8192 items, sent at the latest after the timeout. */
export function batch(timeoutMs = 5000): BatchConfig {
  return { send_batch_size: 8192, send_batch_max_size: 16384, timeout: goDuration(Duration.millis(timeoutMs)) };
}
const DEBUG: DebugExporterConfig = { verbosity: 'basic', sampling_initial: 5, sampling_thereafter: 500 };
const SERVICE_GRAPH: ServiceGraphConfig = { latency_histogram_buckets: ['10ms', '50ms', '100ms', '250ms', '500ms', '1s', '5s'], store: { ttl: '2s', max_items: 10000 } };

/** Traces to Tempo over OTLP gRPC; plain inside the cluster, where NetworkPolicies bound who can connect. */
function tempoExporter(endpoint: string, delivery: DeliveryConfig): OtlpExporterConfig {
  return { endpoint, tls: { insecure: true }, ...delivery };
}

/** 80 % of the container's memory limit, with a quarter of that as spike headroom. */
export function memoryLimiter(memoryLimitBytes: number): MemoryLimiterConfig {
  const limitMib = Math.floor((memoryLimitBytes / 2 ** 20) * 0.8);
  return { check_interval: '1s', limit_mib: limitMib, spike_limit_mib: Math.floor(limitMib * 0.25) };
}

/** Retries with backoff, and a bounded queue: on disk when a directory is given. */
export function deliveryOptions(queueDirectory?: string, storage: StorageId = QUEUE_STORAGE): DeliveryConfig {
  return {
    retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
    sending_queue: { enabled: true, num_consumers: 4, queue_size: 5000, ...(queueDirectory ? { storage } : {}) },
  };
}

/** health_check always; file_storage for a persistent queue; pprof and zpages when profiling. */
function baseExtensions(ports: CollectorPorts, s: Pick<CollectorPipelineSettings, 'queueDirectory' | 'profiling'>): Extensions {
  const extensions: Extensions = { health_check: { endpoint: `0.0.0.0:${ports.health}` } };
  if (s.queueDirectory) {
    extensions[QUEUE_STORAGE] = { directory: s.queueDirectory, timeout: '1s', compaction: { on_start: true, on_rebound: true, directory: s.queueDirectory } };
  }
  if (s.profiling) {
    // Loopback only: reachable through `kubectl port-forward`, never from the network.
    extensions.pprof = { endpoint: 'localhost:1777' };
    extensions.zpages = { endpoint: 'localhost:55679' };
  }
  return extensions;
}

/** The collector's own metrics on a pull reader for Prometheus. */
export function telemetry(ports: Pick<CollectorPorts, 'metrics'>): ServiceTelemetry {
  return {
    logs: { level: 'info' },
    metrics: { level: 'normal', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: ports.metrics } } } }] },
  };
}

/** Keep errors, slow traces and flagged traces; a probabilistic share of the rest. Policies are OR-ed. */
function tailSampling(s: SamplingSettings): TailSamplingConfig {
  const policies: TailSamplingPolicy[] = [];
  if (s.keepErrors) policies.push({ name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } });
  policies.push({ name: 'slow', type: 'latency', latency: { threshold_ms: s.keepSlowerThanMs } });
  for (const attr of s.keepAttributes) {
    policies.push({ name: `keep-${attr.key}`, type: 'string_attribute', string_attribute: { key: attr.key, values: [...attr.values] } });
  }
  policies.push({ name: 'rest', type: 'probabilistic', probabilistic: { sampling_percentage: s.percentOfRest } });
  return { decision_wait: `${s.decisionWaitSeconds}s`, num_traces: 50000, expected_new_traces_per_sec: 100, policies };
}
