import { AZURE_KEY_VARIABLE, ObjectStore } from './object-storage';

/** Where Loki keeps chunks and index: `common.storage`, one block per kind. */
export type LokiStorage =
  | { filesystem: { chunks_directory: string; rules_directory: string } }
  | { s3: { bucketnames: string; endpoint: string; region: string; insecure: boolean; s3forcepathstyle: boolean } }
  | { gcs: { bucket_name: string } }
  // account_key names the environment variable (expanded by -config.expand-env), never the key itself.
  | { azure: { account_name: string; container_name: string; account_key: string; endpoint_suffix?: string } };

/** The store kinds `schema_config` and the compactor's delete requests name. */
export type LokiObjectStore = 'filesystem' | 's3' | 'gcs' | 'azure';

/** The parts of Loki 3.7's config file (`-target=all`: monolithic, or several replicas on a memberlist ring) that this stack sets. */
export interface LokiConfig {
  auth_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  common: {
    /** Pinned to loopback for one process; on a ring each replica advertises its pod address (eth0's). */
    instance_addr?: string;
    path_prefix: string;
    storage: LokiStorage;
    replication_factor: number;
    ring: { kvstore: { store: 'inmemory' | 'memberlist' } };
  };
  /** The gossip ring the replicas share (with more than one). */
  memberlist?: { join_members: string[]; bind_port: number; cluster_label: string };
  /** The ingester's write-ahead log, on the replica's own volume (replayed after a restart). */
  ingester?: { wal: { enabled: boolean; dir: string } };
  schema_config: {
    configs: Array<{ from: string; store: 'tsdb'; object_store: LokiObjectStore; schema: 'v13'; index: { prefix: string; period: string } }>;
  };
  limits_config: {
    retention_period: string;
    allow_structured_metadata: boolean;
    volume_enabled: boolean;
    ingestion_rate_mb: number;
    ingestion_burst_size_mb: number;
    max_line_size: string;
    otlp_config: { resource_attributes: { ignore_defaults: boolean; attributes_config: Array<{ action: 'index_label'; attributes: string[] }> } };
  };
  compactor: { working_directory: string; retention_enabled: boolean; delete_request_store: LokiObjectStore };
  analytics: { reporting_enabled: boolean };
}

/** What Loki's config depends on. */
export interface LokiSettings {
  /** Listen ports, owned by the Loki construct. */
  readonly ports: { readonly http: number; readonly grpc: number; readonly memberlist?: number };
  /** Log retention enforced by the compactor (a duration Loki parses, e.g. `168h`; at least 24h). */
  readonly retention: string;
  /** Directory on the data volume. */
  readonly dataDir: string;
  /** Sustained ingestion limit per tenant, MB/s. */
  readonly ingestionRateMb: number;
  /** Burst ingestion limit per tenant, MB. */
  readonly ingestionBurstMb: number;
  /**
   * Bucket for chunks and index (S3-compatible, GCS or Azure); credentials come from the environment.
   * @default - the data volume
   */
  readonly objectStore?: ObjectStore;
  /**
   * Several replicas on one ring: its replication factor, where a replica finds the others, and a
   * label that keeps other gossip clusters out.
   * @default - one process, its ring in memory
   */
  readonly ring?: LokiRing;
}

/** The memberlist ring of several Loki replicas. */
export interface LokiRing {
  /** Copies of every stream. */
  readonly replicationFactor: number;
  /** Addresses to join, e.g. `dns+loki-memberlist.logs.svc:7946` (every replica, by DNS). */
  readonly joinMembers: readonly string[];
  /** Members with another label are refused (e.g. a second stack's ring). */
  readonly clusterLabel: string;
}

/**
 * OTLP resource attributes that become index labels: few and bounded (a pod's app name is
 * `service.name`, its container `k8s.container.name`; the level is Loki's `detected_level`).
 * Everything else is kept as structured metadata: trace_id and span_id, and pod name and UID,
 * which change with every rollout and would multiply streams.
 */
export const LOKI_INDEX_LABELS = ['service.name', 'service.namespace', 'deployment.environment.name', 'k8s.namespace.name', 'k8s.container.name'] as const;

/**
 * Loki's config: schema v13 on the tsdb index (required for structured metadata, where OTLP
 * trace_id/span_id land), compactor-driven retention, chunks and index on the data volume or in a
 * bucket. With a ring, every replica runs every component (`-target=all`), gossips over memberlist
 * and keeps its WAL on its own volume; each stream is written to `replicationFactor` replicas.
 */
export function lokiConfig(s: LokiSettings): LokiConfig {
  const store = s.objectStore?.kind ?? 'filesystem';
  const ring = s.ring;
  if (ring && s.ports.memberlist === undefined) throw new Error('lokiConfig: a ring needs ports.memberlist');
  return {
    auth_enabled: false,
    server: { http_listen_port: s.ports.http, grpc_listen_port: s.ports.grpc, log_level: 'info' },
    common: {
      ...(ring ? {} : { instance_addr: '127.0.0.1' }),
      path_prefix: s.dataDir,
      storage: lokiStorage(s.objectStore, s.dataDir),
      replication_factor: ring?.replicationFactor ?? 1,
      ring: { kvstore: { store: ring ? 'memberlist' : 'inmemory' } },
    },
    ...(ring ? {
      memberlist: { join_members: [...ring.joinMembers], bind_port: s.ports.memberlist!, cluster_label: ring.clusterLabel },
      ingester: { wal: { enabled: true, dir: `${s.dataDir}/wal` } },
    } : {}),
    schema_config: {
      // Switching an existing installation's store needs a new schema period starting in the future; see README.
      configs: [{ from: '2024-04-01', store: 'tsdb', object_store: store, schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    limits_config: {
      retention_period: s.retention,
      allow_structured_metadata: true,
      volume_enabled: true,
      ingestion_rate_mb: s.ingestionRateMb,
      ingestion_burst_size_mb: s.ingestionBurstMb,
      max_line_size: '256KB',
      // Loki's default list indexes pod and instance names too; those are unbounded over time.
      otlp_config: { resource_attributes: { ignore_defaults: true, attributes_config: [{ action: 'index_label', attributes: [...LOKI_INDEX_LABELS] }] } },
    },
    compactor: { working_directory: `${s.dataDir}/compactor`, retention_enabled: true, delete_request_store: store },
    analytics: { reporting_enabled: false },
  };
}

/** Loki's command-line arguments: its config file, and environment expansion where the config refers to a variable (Azure's key). */
export function lokiArgs(configFile: string, store: ObjectStore | undefined): string[] {
  return [`-config.file=${configFile}`, ...(store?.kind === 'azure' ? ['-config.expand-env=true'] : [])];
}

function lokiStorage(store: ObjectStore | undefined, dataDir: string): LokiStorage {
  switch (store?.kind) {
    case 's3': return { s3: { bucketnames: store.bucket, endpoint: store.endpoint, region: store.region, insecure: store.insecure, s3forcepathstyle: true } };
    case 'gcs': return { gcs: { bucket_name: store.bucket } };
    case 'azure': return {
      azure: { account_name: store.accountName, container_name: store.bucket, account_key: `\${${AZURE_KEY_VARIABLE}}`, endpoint_suffix: store.endpointSuffix },
    };
    default: return { filesystem: { chunks_directory: `${dataDir}/chunks`, rules_directory: `${dataDir}/rules` } };
  }
}
