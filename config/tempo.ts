import { Duration } from 'cdk8s';
import { goDuration } from '../settings/units';

/**
 * The parts of Tempo 3.0's config file (monolithic, `-target=all`) that this stack sets. Tempo 3
 * has no ingester or compactor: the distributor hands spans in-process to the live-store (recent
 * traces, its WAL), which writes blocks; the backend scheduler and worker compact them and apply
 * retention. Monolithic mode uses no Kafka.
 */
export interface TempoConfig {
  /** Serve search and metrics queries as streams over HTTP, which Grafana's Tempo datasource uses. */
  stream_over_http_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
  live_store: { max_trace_idle: string; flush_check_period: string; wal: { path: string }; shutdown_marker_dir: string };
  /** Schedules compaction and retention jobs; its work cache lives on the data volume. */
  backend_scheduler: { local_work_path: string; provider: { compaction: { compaction: { block_retention: string } } } };
  /** Runs those jobs: retention deletes blocks older than block_retention. */
  backend_worker: { compaction: { block_retention: string } };
  storage: {
    trace: { wal: { path: string }; block: { version: 'vParquet4' } } & (
      | { backend: 'local'; local: { path: string } }
      | { backend: 's3'; s3: { bucket: string; endpoint: string; region: string; insecure: boolean } }
    );
  };
  /** Searches leave out the newest `query_end_cutoff` of their range (Tempo 3 defaults to 30 s, so a trace was unsearchable for 30 s). */
  query_frontend: { query_end_cutoff: string };
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
   * After how long without new spans the live-store moves a trace to its WAL (searchable), ms.
   * @default 10000 (Tempo 3's own default is 5000)
   */
  readonly traceIdlePeriodMs?: number;
  /**
   * How often the live-store looks for idle traces, ms.
   * @default 10000 (Tempo 3's own default is 5000)
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

/**
 * Tempo's config: OTLP receivers bound to all interfaces (Tempo ≥ 2.7 binds localhost by default),
 * the live-store's WAL, the scheduler's work cache and the blocks (or only the WAL, with a bucket)
 * on the data volume, block format vParquet4 (the oldest Tempo 3 reads).
 */
export function tempoConfig(s: TempoSettings): TempoConfig {
  const traceIdle = goDuration(Duration.millis(s.traceIdlePeriodMs ?? 10000));
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
    live_store: {
      max_trace_idle: traceIdle,
      flush_check_period: goDuration(Duration.millis(s.flushCheckPeriodMs ?? 10000)),
      wal: { path: `${s.dataDir}/live-store/traces` },
      shutdown_marker_dir: `${s.dataDir}/live-store/shutdown-marker`,
    },
    // One retention, written where the scheduler plans retention jobs and where the worker runs them.
    backend_scheduler: { local_work_path: `${s.dataDir}/backend-scheduler`, provider: { compaction: { compaction: { block_retention: s.retention } } } },
    backend_worker: { compaction: { block_retention: s.retention } },
    storage: {
      trace: s.s3
        ? { backend: 's3', wal: { path: `${s.dataDir}/wal` }, block: { version: 'vParquet4' }, s3: { bucket: s.s3.bucket, endpoint: s.s3.endpoint, region: s.s3.region, insecure: s.s3.insecure } }
        : { backend: 'local', wal: { path: `${s.dataDir}/wal` }, block: { version: 'vParquet4' }, local: { path: `${s.dataDir}/blocks` } },
    },
    // A trace is complete once idle for max_trace_idle: searches need not wait longer than that for it.
    query_frontend: { query_end_cutoff: traceIdle },
    usage_report: { reporting_enabled: false },
  };
}
