import { Duration } from 'cdk8s';
import { goDuration } from '../settings/units';

/** The parts of Tempo 2.10's config file (single binary) that this stack sets. */
export interface TempoConfig {
  /** Serve search and metrics queries as streams over HTTP, which Grafana's Tempo datasource uses. */
  stream_over_http_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
  ingester: { max_block_duration: string; trace_idle_period: string; flush_check_period: string };
  compactor: { compaction: { block_retention: string } };
  storage: {
    trace:
      | { backend: 'local'; wal: { path: string }; local: { path: string } }
      | { backend: 's3'; wal: { path: string }; s3: { bucket: string; endpoint: string; region: string; insecure: boolean } };
  };
  usage_report: { reporting_enabled: boolean };
}

/** What Tempo's config depends on. */
export interface TempoSettings {
  /** Listen ports, owned by the Tempo construct. */
  readonly ports: { readonly http: number; readonly grpc: number; readonly otlpGrpc: number; readonly otlpHttp: number };
  /** Block retention, in Go's duration notation (e.g. `168h`). */
  readonly retention: string;
  /** Directory on the data volume. */
  readonly dataDir: string;
  /**
   * S3-compatible bucket for blocks; credentials come from the AWS_* environment variables.
   * @default - blocks on the data volume
   */
  readonly s3?: S3Bucket;
  /**
   * After how long without new spans a trace is cut into the searchable head block, ms.
   * @default 10000 (Tempo's default)
   */
  readonly traceIdlePeriodMs?: number;
  /**
   * How often idle traces are looked for, ms.
   * @default 10000 (Tempo's default)
   */
  readonly flushCheckPeriodMs?: number;
}

/** One S3-compatible bucket. */
export interface S3Bucket {
  readonly bucket: string;
  readonly endpoint: string;
  readonly region: string;
  readonly insecure: boolean;
}

/** Tempo's config: OTLP receivers bound to all interfaces (Tempo ≥ 2.7 binds localhost by default), local storage with WAL on the volume. */
export function tempoConfig(s: TempoSettings): TempoConfig {
  return {
    stream_over_http_enabled: true,
    server: { http_listen_port: s.ports.http, grpc_listen_port: s.ports.grpc, log_level: 'info' },
    distributor: {
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: `0.0.0.0:${s.ports.otlpGrpc}` },
            http: { endpoint: `0.0.0.0:${s.ports.otlpHttp}` },
          },
        },
      },
    },
    ingester: {
      max_block_duration: '5m',
      trace_idle_period: goDuration(Duration.millis(s.traceIdlePeriodMs ?? 10000)),
      flush_check_period: goDuration(Duration.millis(s.flushCheckPeriodMs ?? 10000)),
    },
    compactor: { compaction: { block_retention: s.retention } },
    storage: {
      trace: s.s3
        ? { backend: 's3', wal: { path: `${s.dataDir}/wal` }, s3: { bucket: s.s3.bucket, endpoint: s.s3.endpoint, region: s.s3.region, insecure: s.s3.insecure } }
        : { backend: 'local', wal: { path: `${s.dataDir}/wal` }, local: { path: `${s.dataDir}/blocks` } },
    },
    usage_report: { reporting_enabled: false },
  };
}
