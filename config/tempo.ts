import { Duration } from 'cdk8s';
import { goDuration } from '../settings/units';
import type { ObjectStore } from './object-storage';

/**
 * The parts of Tempo 3.0's config file that this stack sets. Tempo 3 has no ingester or compactor:
 * monolithic (`-target=all`), the distributor hands spans in-process to the live-store (recent
 * traces, its WAL), which writes blocks; the backend scheduler and worker compact them and apply
 * retention, with no Kafka. In microservices mode every component is its own `-target` reading this
 * same file: distributors write to Kafka, block-builders turn each partition into blocks in the
 * bucket, live-stores serve what is recent, queriers answer through the query-frontends.
 */
export interface TempoConfig {
  /** Serve search and metrics queries as streams over HTTP, which Grafana's Tempo datasource uses. */
  stream_over_http_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
  live_store: { max_trace_idle: string; flush_check_period: string; wal: { path: string }; shutdown_marker_dir: string };
  /** Schedules compaction and retention jobs; its work cache lives on the data volume. */
  backend_scheduler: { local_work_path: string; provider: { compaction: { compaction: { block_retention: string } } } };
  /** Runs those jobs: retention deletes blocks older than block_retention. In microservices mode it asks the scheduler's Service for work. */
  backend_worker: { backend_scheduler_addr?: string; compaction: { block_retention: string }; ring?: { kvstore: { store: 'memberlist' } } };
  storage: {
    trace: { wal: { path: string }; block: { version: 'vParquet4' } } & TempoBlockStore;
  };
  /** Searches leave out the newest `query_end_cutoff` of their range (Tempo 3 defaults to 30 s, so a trace was unsearchable for 30 s). */
  query_frontend: { query_end_cutoff: string };
  usage_report: { reporting_enabled: boolean };
  /** Microservices: the components' rings gossip over memberlist. */
  memberlist?: { abort_if_cluster_join_fails: boolean; bind_port: number; join_members: string[] };
  /** Microservices: distributors write to Kafka; live-stores and block-builders consume it. */
  ingest?: { kafka: { address: string; topic: string } };
  /** Microservices: each block-builder consumes the partition of its StatefulSet ordinal. */
  block_builder?: { partitions_per_instance: number };
  /** Microservices: queriers pull work from the query-frontends (their headless Service, every pod). */
  querier?: { frontend_worker: { frontend_address: string } };
}

/** Microservices mode: where the components find Kafka and one another. */
export interface TempoMicroservices {
  /** The Kafka-compatible queue (`host:port`) and topic, which the user runs. */
  readonly kafka: { readonly address: string; readonly topic: string };
  /** memberlist port and the addresses to join (`dns+<headless service>:<port>`). */
  readonly memberlist: { readonly port: number; readonly joinMembers: readonly string[] };
  /** The query-frontends' gRPC, every pod (a headless Service). */
  readonly queryFrontendGrpc: string;
  /** The backend-scheduler's gRPC. */
  readonly backendSchedulerGrpc: string;
}

/** Where Tempo keeps its blocks: `storage.trace.backend` and that backend's block. */
export type TempoBlockStore =
  | { backend: 'local'; local: { path: string } }
  | { backend: 's3'; s3: { bucket: string; endpoint: string; region: string; insecure: boolean } }
  | { backend: 'gcs'; gcs: { bucket_name: string } }
  // The account key: from AZURE_STORAGE_KEY, which Tempo reads itself.
  | { backend: 'azure'; azure: { storage_account_name: string; container_name: string; endpoint_suffix?: string } };

/** What Tempo's config depends on. */
export interface TempoSettings {
  /** Listen ports, owned by the Tempo construct. */
  readonly ports: { readonly http: number; readonly grpc: number; readonly otlpGrpc: number; readonly otlpHttp: number };
  /** Block retention, in Go's duration notation (e.g. `168h`). */
  readonly retention: string;
  /** Directory on the data volume. */
  readonly dataDir: string;
  /**
   * Bucket for blocks (S3-compatible, GCS or Azure); credentials come from the environment.
   * @default - blocks on the data volume
   */
  readonly objectStore?: ObjectStore;
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
  /**
   * Run as microservices (one config for every `-target`), with Kafka between write and read paths.
   * @default - monolithic (`-target=all`, no Kafka)
   */
  readonly microservices?: TempoMicroservices;
}

/**
 * Tempo's config: OTLP receivers bound to all interfaces (Tempo ≥ 2.7 binds localhost by default),
 * the live-store's WAL, the scheduler's work cache and the blocks (or only the WAL, with a bucket)
 * on the data volume, block format vParquet4 (the oldest Tempo 3 reads).
 */
export function tempoConfig(s: TempoSettings): TempoConfig {
  const traceIdle = goDuration(Duration.millis(s.traceIdlePeriodMs ?? 10000));
  const blocks = blockStore(s.objectStore, `${s.dataDir}/blocks`);
  const ms = s.microservices;
  if (ms && blocks.backend === 'local') throw new Error('tempoConfig: microservices need object storage (every component reads the same blocks)');
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
    backend_worker: {
      ...(ms ? { backend_scheduler_addr: ms.backendSchedulerGrpc } : {}),
      compaction: { block_retention: s.retention },
      ...(ms ? { ring: { kvstore: { store: 'memberlist' as const } } } : {}),
    },
    // `backend` first, then the WAL and block format, then the backend's own block.
    storage: { trace: Object.assign({ backend: blocks.backend, wal: { path: `${s.dataDir}/wal` }, block: { version: 'vParquet4' as const } }, blocks) },
    // A trace is complete once idle for max_trace_idle: searches need not wait longer than that for it.
    query_frontend: { query_end_cutoff: traceIdle },
    usage_report: { reporting_enabled: false },
    ...(ms ? {
      memberlist: { abort_if_cluster_join_fails: false, bind_port: ms.memberlist.port, join_members: [...ms.memberlist.joinMembers] },
      ingest: { kafka: { address: ms.kafka.address, topic: ms.kafka.topic } },
      block_builder: { partitions_per_instance: 1 },
      querier: { frontend_worker: { frontend_address: ms.queryFrontendGrpc } },
    } : {}),
  };
}

/** Where Tempo keeps its blocks: the bucket, or `localPath` on the data volume. */
function blockStore(store: ObjectStore | undefined, localPath: string): TempoBlockStore {
  switch (store?.kind) {
    case 's3': return { backend: 's3', s3: { bucket: store.bucket, endpoint: store.endpoint, region: store.region, insecure: store.insecure } };
    case 'gcs': return { backend: 'gcs', gcs: { bucket_name: store.bucket } };
    case 'azure': return { backend: 'azure', azure: { storage_account_name: store.accountName, container_name: store.bucket, endpoint_suffix: store.endpointSuffix } };
    default: return { backend: 'local', local: { path: localPath } };
  }
}
