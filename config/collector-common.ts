/**
 * Pieces every collector tier's config shares: ports, batching, memory limits, delivery (retry and
 * queue), base extensions, self-telemetry, tail sampling and the exporters to the in-cluster backends.
 */
import { Duration } from 'cdk8s';
import { goDuration } from '../settings/units';
import type { SamplingSettings } from '../settings/schema';
import type {
  BatchConfig, DebugExporterConfig, DeliveryConfig, Extensions, MemoryLimiterConfig, OtlpExporterConfig, ServiceGraphConfig, ServiceTelemetry, StorageId,
  TailSamplingConfig, TailSamplingPolicy, TlsServerConfig,
} from '../settings/otelcol-types';

/** A server certificate and key, as files. */
export type TlsFiles = TlsServerConfig;

/** Listen ports, owned by the collector construct. */
export interface CollectorPorts {
  readonly otlpGrpc: number;
  readonly otlpHttp: number;
  readonly health: number;
  readonly metrics: number;
}

/** The file_storage extension of a tier's persistent export queue. */
export const QUEUE_STORAGE: StorageId = 'file_storage/queue';

/** A sampled `debug` exporter: a few items, then one in 500. */
export const DEBUG_EXPORTER: DebugExporterConfig = { verbosity: 'basic', sampling_initial: 5, sampling_thereafter: 500 };

/** The service graph from client and server spans of a trace, kept two seconds for its pair. */
export const SERVICE_GRAPH: ServiceGraphConfig = { latency_histogram_buckets: ['10ms', '50ms', '100ms', '250ms', '500ms', '1s', '5s'], store: { ttl: '2s', max_items: 10000 } };

/** Batches of up to 8192 items, sent at the latest after the timeout. */
export function batch(timeoutMs = 5000): BatchConfig {
  return { send_batch_size: 8192, send_batch_max_size: 16384, timeout: goDuration(Duration.millis(timeoutMs)) };
}

/** Traces to Tempo over OTLP gRPC; plain inside the cluster, where NetworkPolicies bound who can connect. */
export function tempoExporter(endpoint: string, delivery: DeliveryConfig): OtlpExporterConfig {
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

/** What the base extensions depend on. */
export interface BaseExtensionProps {
  /**
   * Directory of the persistent export queue.
   * @default - in-memory queues: no file_storage
   */
  readonly queueDirectory?: string;
  /** Serve pprof and zpages on loopback. */
  readonly profiling: boolean;
}

/** health_check always; file_storage for a persistent queue; pprof and zpages when profiling. */
export function baseExtensions(ports: Pick<CollectorPorts, 'health'>, s: BaseExtensionProps): Extensions {
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

/** Traces tail sampling holds undecided at most. */
const TAIL_SAMPLING_TRACES = 50000;

/** Keep errors, slow traces and flagged traces; a probabilistic share of the rest. Policies are OR-ed. */
export function tailSampling(s: SamplingSettings): TailSamplingConfig {
  const policies: TailSamplingPolicy[] = [];
  if (s.keepErrors) policies.push({ name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } });
  policies.push({ name: 'slow', type: 'latency', latency: { threshold_ms: s.keepSlowerThanMs } });
  for (const attr of s.keepAttributes) {
    policies.push({ name: `keep-${attr.key}`, type: 'string_attribute', string_attribute: { key: attr.key, values: [...attr.values] } });
  }
  policies.push({ name: 'rest', type: 'probabilistic', probabilistic: { sampling_percentage: s.percentOfRest } });
  return {
    decision_wait: `${s.decisionWaitSeconds}s`,
    ...(s.decisionAfterRootSeconds > 0 ? { decision_wait_after_root_received: `${s.decisionAfterRootSeconds}s` } : {}),
    // Decisions outlive the spans held (upstream: much larger than num_traces), so a span arriving after
    // its trace was decided (another service's late batch) is kept or dropped with it: traces stay whole.
    decision_cache: { sampled_cache_size: 4 * TAIL_SAMPLING_TRACES, non_sampled_cache_size: 4 * TAIL_SAMPLING_TRACES },
    num_traces: TAIL_SAMPLING_TRACES,
    expected_new_traces_per_sec: 100,
    policies,
  };
}
