/**
 * The sampler tier's config: receives whole traces from the gateways' load_balancing exporter,
 * builds the service graph from them (before sampling), tail-samples, and sends traces to Tempo (when
 * it exists) and the traces destinations, the service graph's metrics to Prometheus and the metrics
 * destinations.
 */
import type { SamplingSettings } from '../settings/schema';
import type { CollectorConfig } from '../settings/otelcol-types';
import {
  CollectorPorts, DEBUG_EXPORTER, SERVICE_GRAPH, baseExtensions, batch, deliveryOptions, memoryLimiter, tailSampling, telemetry, tempoExporter,
} from './collector-common';
import { Destinations, PrometheusTarget, destinationExporters, prometheusExporterIds, prometheusExporters, signalExporters } from './collector-destinations';

/** What the sampler tier's config is built from. */
export interface SamplerConfigProps {
  /** Listen ports. */
  readonly ports: CollectorPorts;
  /** The container's memory limit in bytes; memory_limiter is derived from it. */
  readonly memoryLimitBytes: number;
  /** Tail sampling. */
  readonly sampling: SamplingSettings;
  /** Add a sampled debug exporter to every pipeline that leaves the tier. */
  readonly debugExporter: boolean;
  /** Serve pprof and zpages on loopback. */
  readonly profiling: boolean;
  /**
   * Directory of the persistent export queue; when absent queues live in memory.
   * @default - in-memory queues
   */
  readonly queueDirectory?: string;
  /**
   * The batch processor's timeout, ms.
   * @default 5000 (the batch processor's own default)
   */
  readonly batchTimeoutMs?: number;
  /**
   * External OTLP destinations of traces and metrics (logs do not pass this tier).
   * @default - none
   */
  readonly destinations?: Destinations;
}

/** Where the sampler tier sends. */
export interface SamplerTargets {
  /**
   * Tempo's OTLP gRPC `host:port`.
   * @default - no in-cluster Tempo: sampled traces go to the destinations only
   */
  readonly tracesOtlpGrpc?: string;
  /**
   * Prometheus's OTLP base URL (or each replica's of an HA pair), for the service graph's metrics.
   * @default - no in-cluster Prometheus: the metrics go to the destinations only
   */
  readonly metricsOtlpHttp?: PrometheusTarget;
}

/** Longest the sampler tier batches decided traces, ms. */
const SAMPLER_BATCH_MAX_MS = 1000;

/** The sampler tier's whole config. */
export function samplerConfig(p: SamplerConfigProps, to: SamplerTargets): CollectorConfig {
  const delivery = deliveryOptions(p.queueDirectory);
  const debug = p.debugExporter ? ['debug'] : [];
  const destinations = p.destinations ?? {};
  const extensions = baseExtensions(p.ports, p);
  return {
    extensions,
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${p.ports.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${p.ports.otlpHttp}` } } } },
    processors: {
      memory_limiter: memoryLimiter(p.memoryLimitBytes), tail_sampling: tailSampling(p.sampling),
      // Decided traces wait at most a second in memory before the (persistent) export queue: a crash loses less.
      batch: batch(Math.min(p.batchTimeoutMs ?? SAMPLER_BATCH_MAX_MS, SAMPLER_BATCH_MAX_MS)),
    },
    connectors: { servicegraph: SERVICE_GRAPH, 'forward/sampling': {} },
    exporters: {
      ...(to.tracesOtlpGrpc !== undefined ? { 'otlp_grpc/tempo': tempoExporter(to.tracesOtlpGrpc, delivery) } : {}),
      ...prometheusExporters(to.metricsOtlpHttp, delivery),
      ...(p.debugExporter ? { debug: DEBUG_EXPORTER } : {}),
      ...destinationExporters(destinations, ['traces', 'metrics'], delivery),
    },
    service: {
      extensions: Object.keys(extensions),
      telemetry: telemetry(p.ports),
      pipelines: {
        // No batch before tail sampling: the gateway sent batches already, and a batch here is one more place a crash empties.
        traces: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['servicegraph', 'forward/sampling'] },
        'traces/sampled': {
          receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'],
          exporters: signalExporters('traces', to.tracesOtlpGrpc !== undefined, destinations, debug),
        },
        metrics: {
          receivers: ['servicegraph'], processors: ['memory_limiter', 'batch'],
          exporters: signalExporters('metrics', prometheusExporterIds(to.metricsOtlpHttp), destinations, debug),
        },
      },
    },
  };
}
