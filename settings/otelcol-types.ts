/**
 * The OpenTelemetry Collector's config file, typed after the Go config structs of the components
 * this stack uses (collector core + contrib 0.156–0.159; `config.go` of each component upstream,
 * cross-checked with the generated JSON schemas). What the program reads as a string is a string
 * here: durations are Go `time.Duration` text, the DNS resolver's port is text; enums are unions.
 * The real collector (`otelcol validate`, in `npm run e2e`) stays the final judge.
 */

/** A Go `time.Duration` as the collector parses it: `500ms`, `5s`, `1m30s` (no day unit). */
export type GoDuration = `${number}${GoUnit}` | `${number}${GoUnit}${number}${GoUnit}`;
type GoUnit = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/** `host:port` a server binds. */
export type ListenAddress = `${string}:${number}`;

/** A component id: its type, or `type/name` for a second instance. */
type Id<T extends string> = T | `${T}/${string}`;
/** The id of a named file_storage extension. */
export type StorageId = `file_storage/${string}`;

// ---- shared config structs (config/configtls, confighttp, configgrpc, exporterhelper) ----

/** configtls.ServerConfig: a served certificate. */
export interface TlsServerConfig {
  cert_file: string;
  key_file: string;
  client_ca_file?: string;
}

/** configtls.ClientConfig. */
export interface TlsClientConfig {
  /** Plain text (no TLS) for gRPC. */
  insecure?: boolean;
  ca_file?: string;
  insecure_skip_verify?: boolean;
}

/** configretry.BackOffConfig. */
export interface RetryConfig {
  enabled: boolean;
  initial_interval: GoDuration;
  max_interval: GoDuration;
  max_elapsed_time: GoDuration;
}

/** exporterhelper's queue: bounded, on disk when `storage` names a storage extension. */
export interface SendingQueueConfig {
  enabled: boolean;
  num_consumers: number;
  queue_size: number;
  /** A storage extension id (e.g. `file_storage/queue`): the queue survives restarts. */
  storage?: Id<'file_storage'>;
}

/** What every queued exporter accepts. */
export interface DeliveryConfig {
  retry_on_failure: RetryConfig;
  sending_queue: SendingQueueConfig;
  timeout?: GoDuration;
}

// ---- receivers ----

/** The OTLP receiver (otlpreceiver.Config). */
export interface OtlpReceiverConfig {
  protocols: {
    grpc?: { endpoint: ListenAddress; tls?: TlsServerConfig };
    http?: { endpoint: ListenAddress; tls?: TlsServerConfig; cors?: { allowed_origins: string[]; allowed_headers?: string[]; max_age?: number } };
  };
}

/**
 * The container operator of stanza (pkg/stanza/operator/parser/container): parses the docker,
 * CRI-O and containerd line formats (auto-detected), joins partial lines, and reads namespace, pod
 * name, pod UID, container name and restart count from the `/var/log/pods/…` path.
 */
export interface ContainerParserOperator {
  type: 'container';
  id?: string;
  /** Detected from the first line when absent. */
  format?: 'docker' | 'crio' | 'containerd';
  /** Set the k8s.* resource attributes from the file path. */
  add_metadata_from_filepath?: boolean;
  /** Longest line kept after joining partial lines, bytes. */
  max_log_size?: number;
}

/** filelogreceiver.FileLogConfig (type `file_log` since contrib 0.149; fileconsumer.Config inside). */
export interface FileLogReceiverConfig {
  include: string[];
  exclude?: string[];
  /** Where a file never seen before is read from; with `storage`, known files resume at their checkpoint. */
  start_at: 'beginning' | 'end';
  include_file_path?: boolean;
  include_file_name?: boolean;
  /** A storage extension id: read offsets survive restarts. */
  storage?: Id<'file_storage'>;
  operators: ContainerParserOperator[];
  retry_on_failure?: { enabled: boolean; initial_interval?: GoDuration; max_interval?: GoDuration; max_elapsed_time?: GoDuration };
  poll_interval?: GoDuration;
}

/** kubeletstatsreceiver.Config (type `kubelet_stats`; `kubeletstats` is its deprecated alias). */
export interface KubeletStatsConfig {
  collection_interval: GoDuration;
  auth_type: 'none' | 'serviceAccount' | 'kubeConfig' | 'tls';
  /** `host:port` of the kubelet's HTTPS API. */
  endpoint: string;
  /** Kubelet serving certificates are usually self-signed by the node, not by the cluster CA. */
  insecure_skip_verify?: boolean;
  metric_groups: Array<'container' | 'pod' | 'node' | 'volume'>;
  node?: string;
}

/** k8sclusterreceiver.Config (type `k8s_cluster`). */
export interface K8sClusterConfig {
  auth_type: 'none' | 'serviceAccount' | 'kubeConfig' | 'tls';
  collection_interval: GoDuration;
  node_conditions_to_report?: string[];
  allocatable_types_to_report?: Array<'cpu' | 'memory' | 'ephemeral-storage' | 'pods'>;
  /** metadata.ResourceAttributesConfig: optional resource attributes switched on (e.g. `k8s.container.status.last_terminated_reason`). */
  resource_attributes?: Record<string, { enabled: boolean }>;
}

/** One watched or pulled kind of the k8sobjectsreceiver (K8sObjectsConfig). */
export interface K8sObjectConfig {
  name: string;
  group?: string;
  mode: 'watch' | 'pull';
  namespaces?: string[];
  field_selector?: string;
  label_selector?: string;
  interval?: GoDuration;
}

/** k8sobjectsreceiver.Config (type `k8s_objects`; `k8sobjects` is its deprecated alias). */
export interface K8sObjectsConfig {
  auth_type: 'none' | 'serviceAccount' | 'kubeConfig' | 'tls';
  objects: K8sObjectConfig[];
}

/** Receivers by id. */
export interface Receivers {
  otlp?: OtlpReceiverConfig;
  file_log?: FileLogReceiverConfig;
  kubelet_stats?: KubeletStatsConfig;
  k8s_cluster?: K8sClusterConfig;
  k8s_objects?: K8sObjectsConfig;
  [otlp: `otlp/${string}`]: OtlpReceiverConfig;
}

// ---- processors ----

/** memorylimiterprocessor.Config. */
export interface MemoryLimiterConfig {
  check_interval: GoDuration;
  limit_mib: number;
  spike_limit_mib: number;
}

/** k8sattributesprocessor.Config. */
export interface K8sAttributesConfig {
  auth_type: 'none' | 'serviceAccount' | 'kubeConfig' | 'tls';
  /** Only pass the pod IP through, without the Kubernetes API (for a collector outside a cluster). */
  passthrough?: boolean;
  extract: {
    metadata: string[];
    /** Pod or namespace labels copied to resource attributes (`tag_name`). */
    labels?: Array<{ tag_name: string; key: string; from: 'pod' | 'namespace' }>;
  };
  pod_association: Array<{ sources: Array<{ from: 'resource_attribute' | 'connection'; name?: string }> }>;
  filter?: { node_from_env_var?: string; namespace?: string };
}

/** resourcedetectionprocessor.Config (detectors this stack uses). */
export interface ResourceDetectionConfig {
  detectors: Array<'env' | 'system' | 'k8snode' | 'docker'>;
  system?: { hostname_sources: Array<'dns' | 'os' | 'cname' | 'lookup'> };
  timeout: GoDuration;
  override: boolean;
}

/** resourceprocessor.Config: attribute actions. */
export interface ResourceProcessorConfig {
  attributes: Array<{ key: string; value?: string; action: 'insert' | 'update' | 'upsert' | 'delete' | 'hash' | 'extract' | 'convert' }>;
}

/** transformprocessor.Config (OTTL statements per signal). */
export interface TransformConfig {
  error_mode: 'ignore' | 'silent' | 'propagate';
  trace_statements?: string[];
  metric_statements?: string[];
  log_statements?: string[];
}

/** redactionprocessor.Config. */
export interface RedactionConfig {
  allow_all_keys: boolean;
  blocked_values: string[];
  hash_function: 'md5' | 'sha1' | 'sha3';
  summary: 'debug' | 'info' | 'silent';
}

/** One tail-sampling policy (tailsamplingprocessor.PolicyCfg), for the policy types this stack uses. */
export type TailSamplingPolicy =
  | { name: string; type: 'status_code'; status_code: { status_codes: Array<'OK' | 'ERROR' | 'UNSET'> } }
  | { name: string; type: 'latency'; latency: { threshold_ms: number } }
  | { name: string; type: 'string_attribute'; string_attribute: { key: string; values: string[] } }
  | { name: string; type: 'probabilistic'; probabilistic: { sampling_percentage: number } };

/** tailsamplingprocessor.Config. */
export interface TailSamplingConfig {
  decision_wait: GoDuration;
  /** Decide this long after a trace's root span arrives, instead of waiting out decision_wait. */
  decision_wait_after_root_received?: GoDuration;
  /** LRU caches of trace IDs decided: a late span follows its trace's decision instead of being decided alone. */
  decision_cache?: { sampled_cache_size: number; non_sampled_cache_size: number };
  num_traces: number;
  expected_new_traces_per_sec: number;
  policies: TailSamplingPolicy[];
}

/** batchprocessor.Config. */
export interface BatchConfig {
  timeout: GoDuration;
  send_batch_size: number;
  send_batch_max_size: number;
}

/** attributesprocessor.Config: actions on span, log record or data point attributes. */
export interface AttributesConfig {
  actions: Array<{ key: string; value?: string | number | boolean; from_attribute?: string; pattern?: string; action: 'insert' | 'update' | 'upsert' | 'delete' | 'hash' | 'extract' | 'convert' }>;
}

/**
 * filterprocessor.Config: name matching (`metrics.include`, filtermetric.MatchProperties: keep
 * only the listed metrics) or OTTL conditions (matching telemetry is dropped).
 */
export interface FilterConfig {
  error_mode: 'ignore' | 'silent' | 'propagate';
  traces?: { span?: string[]; spanevent?: string[] };
  metrics?: {
    include?: { match_type: 'strict' | 'regexp'; metric_names: string[] };
    exclude?: { match_type: 'strict' | 'regexp'; metric_names: string[] };
    /** OTTL conditions on the metric (context `metric`, with `resource`): a metric matching any is dropped. */
    metric?: string[];
    datapoint?: string[];
  };
  logs?: { log_record?: string[] };
}

/** Processors by id. */
export interface Processors {
  memory_limiter?: MemoryLimiterConfig;
  k8s_attributes?: K8sAttributesConfig;
  resource_detection?: ResourceDetectionConfig;
  resource?: ResourceProcessorConfig;
  tail_sampling?: TailSamplingConfig;
  batch?: BatchConfig;
  [transform: `transform/${string}`]: TransformConfig;
  [redaction: `redaction/${string}`]: RedactionConfig;
  [attributes: `attributes/${string}`]: AttributesConfig;
  [filter: `filter/${string}`]: FilterConfig;
  [resource: `resource/${string}`]: ResourceProcessorConfig;
}

// ---- connectors ----

/** spanmetricsconnector.Config. */
export interface SpanMetricsConfig {
  namespace: string;
  histogram: { unit: 'ms' | 's'; explicit: { buckets: GoDuration[] } };
  exemplars: { enabled: boolean };
  metrics_flush_interval: GoDuration;
}

/** servicegraphconnector.Config. */
export interface ServiceGraphConfig {
  latency_histogram_buckets: GoDuration[];
  store: { ttl: GoDuration; max_items: number };
}

/** Connectors by id. */
export interface Connectors {
  span_metrics?: SpanMetricsConfig;
  servicegraph?: ServiceGraphConfig;
  [forward: `forward/${string}`]: Record<string, never>;
}

// ---- exporters ----

/** otlpexporter (gRPC) and otlphttpexporter config: where to, how, with queue and retries. */
export interface OtlpExporterConfig extends DeliveryConfig {
  endpoint: string;
  tls?: TlsClientConfig;
}

/** loadbalancingexporter.Config: routes by trace ID to the backends a resolver finds. */
export interface LoadBalancingConfig extends Partial<DeliveryConfig> {
  routing_key: 'traceID' | 'service' | 'resource' | 'metric' | 'streamID' | 'attributes';
  /**
   * The OTLP exporter settings used towards every backend (its endpoint comes from the resolver).
   * Its own queue and retry are per backend; the top-level ones (this type's `sending_queue` and
   * `retry_on_failure`) route a retried batch again, to whichever backend owns its key by then.
   */
  protocol: { otlp: Omit<OtlpExporterConfig, 'endpoint' | keyof DeliveryConfig> & { retry_on_failure?: { enabled: false }; sending_queue?: { enabled: false } } };
  resolver: {
    /** Every address a DNS name resolves to (a headless Service); `port` is text in the Go struct. */
    dns?: { hostname: string; port?: `${number}`; interval?: GoDuration; timeout?: GoDuration };
  };
}

/** debugexporter.Config. */
export interface DebugExporterConfig {
  verbosity: 'basic' | 'normal' | 'detailed';
  sampling_initial: number;
  sampling_thereafter: number;
}

/** Exporters by id. */
export interface Exporters {
  load_balancing?: LoadBalancingConfig;
  debug?: DebugExporterConfig;
  [otlpGrpc: `otlp_grpc/${string}`]: OtlpExporterConfig;
  [otlpHttp: `otlp_http/${string}`]: OtlpExporterConfig;
}

// ---- extensions ----

/** filestorage.Config: one bbolt file per component that uses it, in `directory` (which must exist). */
export interface FileStorageConfig {
  directory: string;
  timeout: GoDuration;
  compaction: { on_start: boolean; on_rebound: boolean; directory: string };
}

/** Extensions by id. */
export interface Extensions {
  health_check?: { endpoint: ListenAddress };
  pprof?: { endpoint: ListenAddress };
  zpages?: { endpoint: ListenAddress };
  [fileStorage: `file_storage/${string}`]: FileStorageConfig;
}

// ---- service ----

/** A pipeline: where data enters, what runs on it in order, where it leaves. */
export interface Pipeline {
  receivers: string[];
  processors: string[];
  exporters: string[];
}

/** The collector's own telemetry (otelconf: a pull reader with a Prometheus exporter). */
export interface ServiceTelemetry {
  logs: { level: 'debug' | 'info' | 'warn' | 'error' };
  metrics: {
    level: 'none' | 'basic' | 'normal' | 'detailed';
    readers: Array<{ pull: { exporter: { prometheus: { host: string; port: number; without_type_suffix?: boolean; without_units?: boolean } } } }>;
  };
}

/** The whole config file. */
export interface CollectorConfig {
  extensions: Extensions;
  receivers: Receivers;
  processors: Processors;
  connectors: Connectors;
  exporters: Exporters;
  service: { extensions: string[]; telemetry: ServiceTelemetry; pipelines: Record<string, Pipeline> };
}
