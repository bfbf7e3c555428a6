/** The parts of the OpenTelemetry Collector (contrib 0.159) config file that this stack sets. */
export interface CollectorConfig {
  extensions: Record<string, object>;
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, object>;
  exporters: Record<string, object>;
  service: {
    extensions: string[];
    telemetry: {
      logs: { level: string };
      metrics: { level: string; readers: Array<{ pull: { exporter: { prometheus: { host: string; port: number } } } }> };
    };
    pipelines: Record<'traces' | 'metrics' | 'logs', { receivers: string[]; processors: string[]; exporters: string[] }>;
  };
}

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

/** The processors every pipeline runs, in order: memory_limiter first, batch last. */
export const COLLECTOR_PROCESSORS = ['memory_limiter', 'batch'] as const;

/**
 * The collector's config: OTLP in on all interfaces (the collector binds localhost by default
 * since 0.110), memory_limiter then batch, one exporter per signal, health_check for probes,
 * its own metrics on a pull reader.
 */
export function collectorConfig(ports: CollectorPorts, to: CollectorTargets): CollectorConfig {
  const retried = { retry_on_failure: { enabled: true }, sending_queue: { enabled: true } };
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${ports.health}` } },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${ports.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${ports.otlpHttp}` } } },
    },
    processors: {
      // Percentages of the container's cgroup memory limit, so the limiter follows resource settings.
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
      batch: { send_batch_size: 8192, timeout: '5s' },
    },
    exporters: {
      'otlp_grpc/tempo': { endpoint: to.tracesOtlpGrpc, tls: { insecure: true }, ...retried },
      'otlp_http/loki': { endpoint: to.logsOtlpHttp, ...retried },
      'otlp_http/prometheus': { endpoint: to.metricsOtlpHttp, ...retried },
    },
    service: {
      extensions: ['health_check'],
      telemetry: {
        logs: { level: 'info' },
        metrics: { level: 'normal', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: ports.metrics } } } }] },
      },
      pipelines: {
        traces: { receivers: ['otlp'], processors: [...COLLECTOR_PROCESSORS], exporters: ['otlp_grpc/tempo'] },
        metrics: { receivers: ['otlp'], processors: [...COLLECTOR_PROCESSORS], exporters: ['otlp_http/prometheus'] },
        logs: { receivers: ['otlp'], processors: [...COLLECTOR_PROCESSORS], exporters: ['otlp_http/loki'] },
      },
    },
  };
}
