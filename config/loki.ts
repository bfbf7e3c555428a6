import type { S3Bucket } from './tempo';

/** The parts of Loki 3.7's config file (monolithic mode) that this stack sets. */
export interface LokiConfig {
  auth_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  common: {
    instance_addr: string;
    path_prefix: string;
    storage:
      | { filesystem: { chunks_directory: string; rules_directory: string } }
      | { s3: { bucketnames: string; endpoint: string; region: string; insecure: boolean; s3forcepathstyle: boolean } };
    replication_factor: number;
    ring: { kvstore: { store: 'inmemory' } };
  };
  schema_config: {
    configs: Array<{ from: string; store: 'tsdb'; object_store: 'filesystem' | 's3'; schema: 'v13'; index: { prefix: string; period: string } }>;
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
  compactor: { working_directory: string; retention_enabled: boolean; delete_request_store: 'filesystem' | 's3' };
  analytics: { reporting_enabled: boolean };
}

/** What Loki's config depends on. */
export interface LokiSettings {
  /** Listen ports, owned by the Loki construct. */
  readonly ports: { readonly http: number; readonly grpc: number };
  /** Log retention enforced by the compactor (a duration Loki parses, e.g. `168h`; at least 24h). */
  readonly retention: string;
  /** Directory on the data volume. */
  readonly dataDir: string;
  /** Sustained ingestion limit per tenant, MB/s. */
  readonly ingestionRateMb: number;
  /** Burst ingestion limit per tenant, MB. */
  readonly ingestionBurstMb: number;
  /**
   * S3-compatible bucket for chunks and index; credentials come from the AWS_* environment variables.
   * @default - the data volume
   */
  readonly s3?: S3Bucket;
}

/**
 * OTLP resource attributes that become index labels: few and bounded (a pod's app name is
 * `service.name`, its container `k8s.container.name`; the level is Loki's `detected_level`).
 * Everything else is kept as structured metadata: trace_id and span_id, and pod name and UID,
 * which change with every rollout and would multiply streams.
 */
export const LOKI_INDEX_LABELS = ['service.name', 'service.namespace', 'deployment.environment.name', 'k8s.namespace.name', 'k8s.container.name'] as const;

/**
 * Loki's config: one process, schema v13 on the tsdb index (required for structured metadata,
 * where OTLP trace_id/span_id land), filesystem storage, compactor-driven retention.
 */
export function lokiConfig(s: LokiSettings): LokiConfig {
  return {
    auth_enabled: false,
    server: { http_listen_port: s.ports.http, grpc_listen_port: s.ports.grpc, log_level: 'info' },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: s.dataDir,
      storage: s.s3
        ? { s3: { bucketnames: s.s3.bucket, endpoint: s.s3.endpoint, region: s.s3.region, insecure: s.s3.insecure, s3forcepathstyle: true } }
        : { filesystem: { chunks_directory: `${s.dataDir}/chunks`, rules_directory: `${s.dataDir}/rules` } },
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    },
    schema_config: {
      // Switching an existing installation's store needs a new schema period starting in the future; see README.
      configs: [{ from: '2024-04-01', store: 'tsdb', object_store: s.s3 ? 's3' : 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
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
    compactor: { working_directory: `${s.dataDir}/compactor`, retention_enabled: true, delete_request_store: s.s3 ? 's3' : 'filesystem' },
    analytics: { reporting_enabled: false },
  };
}
