import type { k8s } from 'cdk8s-plus-28';
import type { Exporters, Processors } from './otelcol-types';

/** The collector distributions a tier can run (settings/collector-distribution.ts lists each one's components). */
export const COLLECTOR_DISTRIBUTIONS = ['contrib', 'alloy'] as const;

/** A collector distribution. */
export type CollectorDistribution = (typeof COLLECTOR_DISTRIBUTIONS)[number];

/** The gateway pipelines a user's additions can go into: one per signal, in every environment. */
export const ADDITION_PIPELINES = ['traces', 'metrics', 'logs'] as const;

/** A gateway pipeline additions can go into. */
export type AdditionPipeline = (typeof ADDITION_PIPELINES)[number];

/** Components to add, and where. */
export interface CollectorAdditions {
  /**
   * Processors by id (`type` or `type/name`).
   * @default {}
   */
  readonly processors?: Processors;
  /**
   * Exporters by id (`type` or `type/name`).
   * @default {}
   */
  readonly exporters?: Exporters;
  /**
   * Per pipeline of the gateway (`traces`, `metrics`, `logs`): ids of added processors and exporters.
   * @default {}
   */
  readonly pipelines?: Readonly<Partial<Record<AdditionPipeline, { readonly processors?: readonly string[]; readonly exporters?: readonly string[] }>>>;
}


/**
 * The typed shapes of every environment setting. `StackSettings` (environment.ts)
 * gives each one a documented default; overlays override only what differs.
 */

/** A CPU and memory pair, in Kubernetes quantity notation (e.g. `250m`, `512Mi`). */
export interface CpuMemory {
  /**
   * CPU, e.g. `100m` or `1`.
   * @default - per workload, see DEFAULT_RESOURCES
   */
  readonly cpu: string;
  /**
   * Memory, e.g. `256Mi` or `1Gi`.
   * @default - per workload, see DEFAULT_RESOURCES
   */
  readonly memory: string;
}

/** Requests and limits for one container. */
export interface ResourceSettings {
  /**
   * What the scheduler reserves.
   * @default - per workload, see DEFAULT_RESOURCES
   */
  readonly requests: CpuMemory;
  /**
   * The ceiling the kubelet enforces; memory over it is OOM-killed.
   * @default - per workload, see DEFAULT_RESOURCES
   */
  readonly limits: CpuMemory;
}

/** Every workload the stack runs, by the name used in settings. */
export type WorkloadName = 'collector' | 'tempo' | 'loki' | 'prometheus' | 'grafana' | 'alertmanager' | 'app' | 'loadgen';

/** The components that keep data on a volume (the collector: its persistent export queue; Alertmanager: silences). */
export type StatefulComponent = 'collector' | 'tempo' | 'loki' | 'prometheus' | 'grafana' | 'alertmanager';

/** Where stateful components keep their data. */
export interface PersistenceSettings {
  /**
   * Store data on PersistentVolumeClaims; when false, on emptyDir volumes that die with the pod.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * Claim size per stateful component (Kubernetes quantity, e.g. `10Gi`).
   * @default DEFAULT_VOLUME_SIZES (collector 2Gi, prometheus/loki/tempo 10Gi, grafana 1Gi, alertmanager 1Gi)
   */
  readonly size: Readonly<Record<StatefulComponent, string>>;
}

/** How long each signal is kept, in Prometheus duration notation (`15d`, `48h`, `90m`). */
export interface RetentionSettings {
  /**
   * Prometheus TSDB retention.
   * @default '7d'
   */
  readonly metrics: string;
  /**
   * Loki compactor retention.
   * @default '72h'
   */
  readonly logs: string;
  /**
   * Tempo block retention.
   * @default '48h'
   */
  readonly traces: string;
}

/** CPU-based horizontal autoscaling. */
export interface AutoscalingSettings {
  /**
   * Fewest replicas.
   * @default - required when autoscaling is set
   */
  readonly minReplicas: number;
  /**
   * Most replicas.
   * @default - required when autoscaling is set
   */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of requests.
   * @default - required when autoscaling is set
   */
  readonly cpuUtilizationPercent: number;
}

/** The demo service. */
export interface AppSettings {
  /**
   * Deploy the demo service (and, with `loadGenerator.enabled`, its load generator) in `appNamespace`.
   * Turn off when the stack observes your own workloads (see `LgtmStack.instrument`).
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Container image of `app/` (built from app/Dockerfile).
   * @default 'otel-lgtm-cdk8s/demo-app:0.1.0'
   */
  readonly image: string;
  /**
   * Replica count.
   * @default 2
   */
  readonly replicas: number;
  /**
   * `OTEL_TRACES_SAMPLER` (an SDK sampler name, e.g. `parentbased_always_on`, `parentbased_traceidratio`).
   * @default 'parentbased_always_on'
   */
  readonly tracesSampler: string;
  /**
   * `OTEL_TRACES_SAMPLER_ARG`, the ratio for ratio samplers (0..1).
   * @default 1
   */
  readonly tracesSamplerRatio: number;
  /**
   * `OTEL_METRIC_EXPORT_INTERVAL` in milliseconds.
   * @default 15000
   */
  readonly metricExportIntervalMs: number;
  /**
   * `OTEL_BSP_SCHEDULE_DELAY`: the longest a finished span waits in the SDK before export, in milliseconds.
   * @default 5000
   */
  readonly spanExportDelayMs: number;
  /**
   * Autoscale instead of running `replicas`.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingSettings;
}

/**
 * How soon telemetry becomes queryable, traded against how much each hop batches
 * (bigger batches: less CPU and fewer requests per signal).
 */
export interface FreshnessSettings {
  /**
   * The collector's batch processor timeout: the longest a span, log record or point waits in the collector, ms.
   * @default 5000
   */
  readonly collectorBatchTimeoutMs: number;
  /**
   * Tempo cuts a trace into its searchable head block after this long without new spans, ms (lookups by id find it earlier).
   * @default 10000
   */
  readonly traceIdlePeriodMs: number;
  /**
   * How often Tempo looks for idle traces to cut, ms.
   * @default 10000
   */
  readonly traceFlushCheckPeriodMs: number;
}

/** A Job that runs `verify` inside the cluster, so `kubectl wait --for=condition=complete job/verify` checks a deployment. */
export interface VerifyJobSettings {
  /**
   * Synthesize the Job.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * verify's `--deadline` per attempt, seconds.
   * @default 120
   */
  readonly deadlineSeconds: number;
  /**
   * Attempts after the first, while the stack starts (the Job's backoffLimit).
   * @default 5
   */
  readonly retries: number;
  /**
   * Requests and limits of its container.
   * @default { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '192Mi' } }
   */
  readonly resources: ResourceSettings;
}

/** The traffic generator that exercises the demo service. */
export interface LoadGeneratorSettings {
  /**
   * Run the load generator Deployment.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Requests per second.
   * @default 5
   */
  readonly rate: number;
  /**
   * Share of requests sent to `/error`, in percent.
   * @default 5
   */
  readonly errorPercent: number;
  /**
   * Share of requests sent to `/work`, in percent.
   * @default 30
   */
  readonly workPercent: number;
  /**
   * Upper bound of the random `/work?ms=` latency.
   * @default 1500
   */
  readonly maxWorkMs: number;
}

/** Where Grafana's admin user and password come from. */
export interface AdminCredentials {
  /**
   * Name of a Secret with keys `admin-user` and `admin-password`, in the stack namespace.
   * @default 'grafana-admin'
   */
  readonly secretName: string;
  /**
   * Generate that Secret with a fixed, publicly known dev password (labelled dev-only).
   * When false the Secret must already exist in the cluster and nothing secret is written to dist/.
   * @default false
   */
  readonly generateDevSecret: boolean;
}

/** Grafana behaviour that differs per environment. */
export interface GrafanaSettings {
  /**
   * Let visitors in without logging in (Viewer role). Only for local development.
   * @default false
   */
  readonly anonymousAccess: boolean;
  /**
   * Admin credentials.
   * @default { secretName: 'grafana-admin', generateDevSecret: false }
   */
  readonly adminCredentials: AdminCredentials;
  /**
   * Expose Grafana through an Ingress.
   * @default - no Ingress (reach it with kubectl port-forward)
   */
  readonly ingress?: GrafanaIngress;
}

/** Grafana's Ingress. */
export interface GrafanaIngress {
  /**
   * Public host name, e.g. `grafana.example.com`.
   * @default - required when ingress is set
   */
  readonly host: string;
  /**
   * Secret (type kubernetes.io/tls) with the certificate for `host`, in the stack namespace.
   * @default - required when ingress is set
   */
  readonly tlsSecretName: string;
  /**
   * IngressClass of the controller.
   * @default - required when ingress is set
   */
  readonly className: string;
}

/** A trace attribute whose listed values always keep a trace. */
export interface KeepAttribute {
  /**
   * Span attribute key, e.g. `priority`.
   * @default - required in each entry
   */
  readonly key: string;
  /**
   * Values that keep the trace.
   * @default - required in each entry
   */
  readonly values: readonly string[];
}

/** Tail sampling in the collector; span metrics are computed before it, so RED metrics stay whole. */
export interface SamplingSettings {
  /**
   * Sample traces at the tail; when false every trace is stored.
   * @default false
   */
  readonly enabled: boolean;
  /**
   * Keep every trace with an error span.
   * @default true
   */
  readonly keepErrors: boolean;
  /**
   * Keep every trace slower than this (ms).
   * @default 1000
   */
  readonly keepSlowerThanMs: number;
  /**
   * Keep traces carrying these attribute values.
   * @default [{ key: 'priority', values: ['high'] }]
   */
  readonly keepAttributes: readonly KeepAttribute[];
  /**
   * Share of the remaining traces kept, in percent.
   * @default 10
   */
  readonly percentOfRest: number;
  /**
   * Seconds the collector waits for a trace's spans before deciding.
   * @default 10
   */
  readonly decisionWaitSeconds: number;
  /**
   * Seconds after a trace's root span arrives before deciding (the root usually ends last, so the
   * trace is whole by then); shortens how long undecided spans sit in memory, which a crash loses. 0: wait out `decisionWaitSeconds`.
   * @default 1
   */
  readonly decisionAfterRootSeconds: number;
  /**
   * Route spans by trace ID from the (scalable) collector to a separate sampler tier, so tail
   * sampling sees whole traces however many collector replicas run. Needed for more than one
   * collector replica with sampling on.
   * @default false
   */
  readonly loadBalancing: boolean;
  /**
   * Replicas of the sampler tier (with loadBalancing).
   * @default 1
   */
  readonly samplerReplicas: number;
}

/** Collector behaviour that differs per environment. */
export interface CollectorSettings {
  /**
   * Browser origins allowed to send OTLP/HTTP (CORS); empty allows none.
   * @default []
   */
  readonly corsAllowedOrigins: readonly string[];
  /**
   * Add a sampled `debug` exporter that prints telemetry to the collector log.
   * @default false
   */
  readonly debugExporter: boolean;
  /**
   * Serve pprof and zpages on the pod's loopback (reach them with kubectl port-forward).
   * @default false
   */
  readonly profiling: boolean;
  /**
   * Serve OTLP (gRPC and HTTP) over TLS.
   * @default - plain OTLP inside the cluster
   */
  readonly otlpTls?: OtlpTlsSettings;
  /**
   * Your own processors and exporters, typed after the collector's config, placed into the
   * gateway's pipelines (processors before `batch`, exporters beside the stack's).
   * @default - none
   */
  readonly additions?: CollectorAdditions;
  /**
   * The program every collector tier runs (gateway, sampler tier, node agent, cluster receiver), with
   * the same generated YAML: `contrib` (the OpenTelemetry Collector contrib image) or `alloy` (Grafana
   * Alloy's OTel Engine, `alloy otel`; experimental upstream). Synthesis stops, naming each one, if a
   * config uses a component the distribution does not bundle.
   * @default 'contrib'
   */
  readonly distribution: CollectorDistribution;
}

/** TLS for the collector's OTLP receivers. */
export interface OtlpTlsSettings {
  /**
   * Secret of type kubernetes.io/tls (keys tls.crt, tls.key) in the stack namespace, e.g. issued by cert-manager.
   * @default - required when otlpTls is set
   */
  readonly secretName: string;
  /**
   * ConfigMap with key `ca.crt` in each application namespace, the CA that signed the certificate.
   * @default - required when otlpTls is set
   */
  readonly caConfigMapName: string;
}

/** Loki's per-tenant ingestion limits. */
export interface LogIngestionSettings {
  /**
   * Sustained rate, MB/s.
   * @default 4
   */
  readonly rateMb: number;
  /**
   * Burst, MB.
   * @default 8
   */
  readonly burstMb: number;
}

/** NetworkPolicies of the stack's namespace. */
export interface NetworkPolicySettings {
  /**
   * Deny by default and allow only the stack's flows (needs a CNI that enforces NetworkPolicy).
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Namespace of the ingress controller allowed to reach Grafana.
   * @default 'ingress-nginx'
   */
  readonly ingressControllerNamespace: string;
}

/** The kinds of object storage Tempo and Loki can keep their data in. */
export const OBJECT_STORAGE_KINDS = ['s3', 'gcs', 'azure'] as const;

/** A kind of object storage. */
export type ObjectStorageKind = (typeof OBJECT_STORAGE_KINDS)[number];

/**
 * Object storage for Tempo's blocks and Loki's chunks and index: S3-compatible, Google Cloud
 * Storage or Azure Blob Storage. Credentials always come from a Secret by reference (environment
 * variables or a mounted file), never from settings: nothing secret is written into a ConfigMap.
 */
export type ObjectStorageSettings = S3ObjectStorage | GcsObjectStorage | AzureObjectStorage;

/** What every kind of object storage has. */
export interface ObjectStorageBase {
  /**
   * Bucket per signal (on Azure: the container per signal, in `accountName`).
   * @default - required when objectStorage is set
   */
  readonly buckets: { readonly traces: string; readonly logs: string };
  /**
   * Secret in the stack namespace with the credentials, under fixed keys per kind
   * (OBJECT_STORAGE_SECRET_KEYS): S3 `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, GCS `key.json`
   * (a service account key), Azure `AZURE_STORAGE_KEY`.
   * @default - required when objectStorage is set
   */
  readonly credentialsSecret: string;
}

/** S3-compatible object storage (AWS S3, MinIO, Ceph…); the shape without `kind` is S3's. */
export interface S3ObjectStorage extends ObjectStorageBase {
  /**
   * The kind of object storage.
   * @default 's3'
   */
  readonly kind?: 's3';
  /**
   * Endpoint host, with a port if not 443 (e.g. `s3.eu-west-1.amazonaws.com`, `minio.storage.svc:9000`).
   * @default - required for S3
   */
  readonly endpoint: string;
  /**
   * Region.
   * @default - required for S3
   */
  readonly region: string;
  /**
   * Plain HTTP instead of HTTPS (an in-cluster MinIO, say).
   * @default - required for S3
   */
  readonly insecure: boolean;
}

/** Google Cloud Storage; the service account key is mounted from the Secret as a file (`GOOGLE_APPLICATION_CREDENTIALS`). */
export interface GcsObjectStorage extends ObjectStorageBase {
  /**
   * The kind of object storage.
   * @default - required: 'gcs'
   */
  readonly kind: 'gcs';
}

/** Azure Blob Storage; the account key comes from the Secret as the environment variable `AZURE_STORAGE_KEY`. */
export interface AzureObjectStorage extends ObjectStorageBase {
  /**
   * The kind of object storage.
   * @default - required: 'azure'
   */
  readonly kind: 'azure';
  /**
   * Storage account name (not a secret), e.g. `acmeobservability`.
   * @default - required for Azure
   */
  readonly accountName: string;
  /**
   * Endpoint suffix of a sovereign cloud, e.g. `blob.core.usgovcloudapi.net`.
   * @default - the public cloud's, `blob.core.windows.net`
   */
  readonly endpointSuffix?: string;
}

/** How Loki runs: one process, or several replicas of the same binary on one memberlist ring ("HA monolithic"). */
export interface LokiTopologySettings {
  /**
   * Replicas of Loki (`-target=all`). More than one needs `objectStorage`: the replicas share the
   * bucket, and each one's volume keeps only its write-ahead log and caches.
   * @default 1
   */
  readonly replicas: number;
  /**
   * Copies of every stream, each on a different replica; a write succeeds once a majority of them
   * (floor(RF / 2) + 1) has it, so RF 3 keeps writing and answering queries with one replica down.
   * @default - 3 with more than one replica, else 1
   */
  readonly replicationFactor?: number;
}

/** How many Prometheus servers run. */
export interface PrometheusTopologySettings {
  /**
   * Replicas of Prometheus, each scraping the same targets, evaluating the same rules and fed every
   * point by the collector (one exporter per replica), so losing one loses nothing. Two make an HA
   * pair; past that, send metrics to a Mimir-compatible store (`destinations.metrics`, `remoteWrite`).
   * @default 1
   */
  readonly replicas: number;
}

/** Prometheus remote_write to a long-term store (Mimir, Thanos Receive, Cortex…). */
export interface RemoteWriteSettings {
  /**
   * Push URL, e.g. `https://mimir.example.com/api/v1/push`.
   * @default - required when remoteWrite is set
   */
  readonly url: string;
  /**
   * Secret in the stack namespace with keys `username` and `password` for basic auth.
   * @default - no authentication
   */
  readonly basicAuthSecret?: string;
}

/** The key each receiver integration reads from its Secret (mounted as files, never put in a ConfigMap). */
export const RECEIVER_SECRET_KEYS = {
  webhook: 'url',
  slack: 'api-url',
  email: 'password',
  pagerduty: 'routing-key',
} as const;

/** A webhook; its URL is a credential, so it comes from a Secret (key `url`). */
export interface WebhookReceiver {
  /**
   * Secret in the stack namespace with key `url`.
   * @default - required for this receiver
   */
  readonly secretName: string;
  /**
   * TCP port of that URL, for the egress NetworkPolicy (the URL itself is secret).
   * @default 443
   */
  readonly port?: number;
}

/** A Slack channel, through an incoming-webhook URL from a Secret (key `api-url`). */
export interface SlackReceiver {
  /**
   * Secret in the stack namespace with key `api-url`.
   * @default - required for this receiver
   */
  readonly secretName: string;
  /**
   * Channel, e.g. `#observability`.
   * @default - required for this receiver
   */
  readonly channel: string;
}

/** Email through an SMTP relay; the password comes from a Secret (key `password`). */
export interface EmailReceiver {
  /**
   * Recipient address.
   * @default - required for this receiver
   */
  readonly to: string;
  /**
   * Sender address.
   * @default - required for this receiver
   */
  readonly from: string;
  /**
   * SMTP relay as `host:port`, e.g. `smtp.example.com:587` (STARTTLS required).
   * @default - required for this receiver
   */
  readonly smarthost: string;
  /**
   * SMTP user name.
   * @default - required for this receiver
   */
  readonly username: string;
  /**
   * Secret in the stack namespace with key `password`.
   * @default - required for this receiver
   */
  readonly secretName: string;
}

/** A PagerDuty service (Events API v2); the integration's routing key comes from a Secret (key `routing-key`). */
export interface PagerDutyReceiver {
  /**
   * Secret in the stack namespace with key `routing-key`.
   * @default - required for this receiver
   */
  readonly secretName: string;
}

/** Where one severity's alerts go. With no integration the receiver discards them (a null receiver). */
export interface ReceiverSettings {
  /**
   * A generic webhook.
   * @default - none
   */
  readonly webhook?: WebhookReceiver;
  /**
   * A Slack channel.
   * @default - none
   */
  readonly slack?: SlackReceiver;
  /**
   * Email.
   * @default - none
   */
  readonly email?: EmailReceiver;
  /**
   * PagerDuty.
   * @default - none
   */
  readonly pagerduty?: PagerDutyReceiver;
}

/** Alertmanager's receivers, by the `severity` label of the stack's alerts. */
export interface AlertingSettings {
  /**
   * `severity="page"`: someone must act now (fast SLO burn, a component down).
   * @default { pagerduty: { secretName: 'alertmanager-pagerduty' } }
   */
  readonly page: ReceiverSettings;
  /**
   * `severity="ticket"`: someone should look during working hours (slow burn, pipeline trouble).
   * @default { slack: { secretName: 'alertmanager-slack', channel: '#observability' } }
   */
  readonly ticket: ReceiverSettings;
  /**
   * Alertmanager replicas: more than one form a gossip cluster that notifies each alert once.
   * @default 1
   */
  readonly replicas: number;
}

/** One alert's tuning: any field left out keeps the stack's value (see `otel-lgtm rules`). */
export interface AlertOverride {
  /**
   * How long the condition must hold before the alert fires (a Prometheus duration, e.g. 15m).
   * @default - the alert's own, tuned against flapping
   */
  readonly for?: string;
  /**
   * `page` or `ticket`: which receiver of `alerting` is told.
   * @default - the alert's own
   */
  readonly severity?: 'page' | 'ticket';
  /**
   * The number in the alert's condition (a ratio, a count: see ALERT_THRESHOLDS in settings/alerts.ts); only for alerts that have one.
   * @default - ALERT_THRESHOLDS[name].value
   */
  readonly threshold?: number;
  /**
   * Extra labels on the alert (e.g. `team: platform`), for routing and silences.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Which alerts the rule file carries, and how each is tuned; alerts are named as in `otel-lgtm rules`. */
export interface AlertSettings {
  /**
   * Alerts left out of the rule file, by name (e.g. `['KubeContainerCpuNearLimit']`). An unknown name stops synthesis.
   * @default []
   */
  readonly disable: readonly string[];
  /**
   * Per alert name: its `for`, severity, threshold and extra labels. An unknown name stops synthesis.
   * @default {}
   */
  readonly override: Readonly<Record<string, AlertOverride | undefined>>;
}

/** Scheduling and metadata for every pod of the stack (what a Helm chart's values put on each pod). */
export interface PodSettings {
  /**
   * Node labels a pod's node must carry.
   * @default {}
   */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /**
   * Taints the pods tolerate.
   * @default []
   */
  readonly tolerations: readonly k8s.Toleration[];
  /**
   * Node and pod affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Extra labels on every pod (never used in selectors, so changing them does not orphan pods).
   * @default {}
   */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Extra annotations on every pod.
   * @default {}
   */
  readonly annotations: Readonly<Record<string, string>>;
  /**
   * Annotations on the ServiceAccounts the stack creates, e.g. cloud workload identity
   * (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`).
   * @default {}
   */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /**
   * Secrets (type kubernetes.io/dockerconfigjson) to pull images with.
   * @default []
   */
  readonly imagePullSecrets: readonly string[];
  /**
   * Extra environment variables, per workload.
   * @default {}
   */
  readonly extraEnv: Readonly<Partial<Record<WorkloadName, Readonly<Record<string, string>>>>>;
  /**
   * Extra volumes and where each container of the workload mounts them, per workload (e.g. a
   * ConfigMap of extra CA certificates).
   * @default {}
   */
  readonly extraVolumes: Readonly<Partial<Record<WorkloadName, ReadonlyArray<ExtraVolume>>>>;
  /**
   * Topology spread constraints for every pod, replacing the default one (replicated workloads
   * spread hard across nodes by `kubernetes.io/hostname`). The pods' selector labels are matched
   * when a constraint has no `labelSelector`.
   * @default - the default spread for replicated workloads
   */
  readonly topologySpread?: readonly k8s.TopologySpreadConstraint[];
}

/** A volume added to a workload, mounted read-only unless said otherwise. */
export interface ExtraVolume {
  /**
   * The pod volume (name and source: configMap, secret, emptyDir, persistentVolumeClaim…).
   * @default - required in each entry
   */
  readonly volume: k8s.Volume;
  /**
   * Where the containers see it.
   * @default - required in each entry
   */
  readonly mountPath: string;
  /**
   * Mount it read-only.
   * @default true
   */
  readonly readOnly?: boolean;
}

/** A stack component's image, by parts; any part left out keeps the pinned one (infra/images.ts). */
export interface ImageOverride {
  /**
   * Repository, e.g. `my-team/otel-collector`.
   * @default - the pinned image's repository
   */
  readonly repository?: string;
  /**
   * Tag.
   * @default - the pinned tag
   */
  readonly tag?: string;
}

/** Where the stack's images come from. */
export interface ImageSettings {
  /**
   * Registry (host and optional path) put in front of every third-party image, e.g. a mirror
   * `registry.example.com/mirror`.
   * @default - the images' own registries
   */
  readonly registry?: string;
  /**
   * Repository and tag per component.
   * @default {}
   */
  readonly components: Readonly<Partial<Record<ImageComponent, ImageOverride>>>;
}

/** The images the stack pins (infra/images.ts), by component; the auto-instrumentation ones are what `instrument()` injects. */
export type ImageComponent = 'collector' | 'alloy' | 'tempo' | 'loki' | 'prometheus' | 'grafana' | 'alertmanager'
  | 'autoInstrumentationNodejs' | 'autoInstrumentationPython' | 'autoInstrumentationJava' | 'autoInstrumentationDotnet';

/** How `LgtmStack.instrument(workload, { autoInstrument })` injects the OpenTelemetry SDK. */
export interface InstrumentationSettings {
  /**
   * Inject through the OpenTelemetry Operator (installed separately): the stack emits an
   * `Instrumentation` resource (opentelemetry.io/v1alpha1) pointing at its collector, and
   * `instrument()` annotates the pod template (`instrumentation.opentelemetry.io/inject-<language>`)
   * plus a hash of that resource's spec, so changing it rolls the pods. Off: `instrument()` adds
   * the init container and the language's hook itself, no Operator needed.
   * @default false
   */
  readonly operator: boolean;
}

/** Which pods' logs the node agent reads (matched on the `/var/log/pods/<namespace>_<pod>_<uid>/<container>/` path). */
export interface PodLogSelection {
  /**
   * Namespaces whose pod logs are read; empty reads every namespace.
   * @default [] (every namespace)
   */
  readonly includeNamespaces: readonly string[];
  /**
   * Namespaces never read (e.g. `kube-system`). The stack's own collectors are always excluded.
   * @default ['kube-system']
   */
  readonly excludeNamespaces: readonly string[];
  /**
   * Container names never read, in any namespace (e.g. sidecars such as `istio-proxy`).
   * @default []
   */
  readonly excludeContainers: readonly string[];
}

/**
 * Telemetry of the cluster itself: a node agent (a collector DaemonSet) reads every node's pod logs
 * and kubelet metrics; a cluster receiver (one collector replica) reports cluster state and events.
 * Both send to the gateway collector, never to the backends.
 */
export interface ClusterTelemetrySettings {
  /**
   * Run the node agent and the cluster receiver.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Taints the node agent tolerates, so it reads logs on every node (control plane and dedicated pools included).
   * @default [{ operator: 'Exists' }] (every taint)
   */
  readonly agentTolerations: readonly k8s.Toleration[];
  /**
   * Namespace of the node agent: its own, because it needs hostPath volumes (Pod Security level `privileged`).
   * @default - `<stackNamespace>-agent` ('observability-agent')
   */
  readonly agentNamespace: string;
  /**
   * Host directory (one per node) where the agent keeps its read offsets, so a restart neither loses nor repeats lines.
   * @default '/var/lib/otel-lgtm/node-agent'
   */
  readonly checkpointHostPath: string;
  /**
   * Whose logs are read.
   * @default every namespace but kube-system
   */
  readonly logs: PodLogSelection;
  /**
   * Seconds between kubelet and cluster-state collections.
   * @default 30
   */
  readonly collectionIntervalSeconds: number;
  /**
   * OTel metric names passed on (filter processor); every other metric of the kubelet and
   * cluster receivers is dropped in the agent, before it costs network, storage or series.
   * @default DEFAULT_METRIC_ALLOWLIST
   */
  readonly metricAllowlist: readonly string[];
  /**
   * Requests and limits of one agent pod: this much runs on every node.
   * @default { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } }
   */
  readonly agentResources: ResourceSettings;
  /**
   * Requests and limits of the cluster receiver (one pod).
   * @default { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } }
   */
  readonly clusterReceiverResources: ResourceSettings;
}

/** A backend outside the cluster that a signal is (also) sent to, over OTLP. */
export interface Destination {
  /**
   * `otlp_http` (endpoint: a base URL; `/v1/traces`, `/v1/logs` or `/v1/metrics` is appended) or `otlp_grpc` (endpoint: `host:port`).
   * @default - required in each destination
   */
  readonly protocol: 'otlp_http' | 'otlp_grpc';
  /**
   * Where to send, e.g. `https://otlp.vendor.example/otlp` or `tempo.example.com:443`.
   * @default - required in each destination
   */
  readonly endpoint: string;
  /**
   * Secret in the stack namespace whose keys become request headers (e.g. key `authorization`
   * → header `authorization`). Read by the collector from its environment; never written to a ConfigMap.
   * @default - no headers
   */
  readonly headersSecret?: string;
  /**
   * Header name → key of `headersSecret`.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * TLS towards the destination.
   * @default - TLS, verified against the system's CAs
   */
  readonly tls?: {
    /**
     * Plain text, no TLS.
     * @default false
     */
    readonly insecure?: boolean;
    /**
     * ConfigMap in the stack namespace with key `ca.crt`: the CA to verify the destination with.
     * @default - the system's CAs
     */
    readonly caConfigMap?: string;
  };
  /**
   * The destination's query API for Grafana (Tempo- or Loki-compatible), used as the signal's
   * datasource when the in-cluster backend is off (`backends`).
   * @default - not queried from Grafana
   */
  readonly queryUrl?: string;
}

/** External destinations per signal, in addition to (or, with `backends`, instead of) the in-cluster backend. */
export interface DestinationSettings {
  /**
   * Trace destinations (after tail sampling, where it runs).
   * @default []
   */
  readonly traces: readonly Destination[];
  /**
   * Log destinations.
   * @default []
   */
  readonly logs: readonly Destination[];
  /**
   * Metric destinations (OTLP; for Prometheus remote write see `remoteWrite`).
   * @default []
   */
  readonly metrics: readonly Destination[];
}

/** Which in-cluster backends run. Off needs a destination for the signal with a `queryUrl`, which Grafana then queries. */
export interface BackendSettings {
  /**
   * Run Tempo in the cluster.
   * @default true
   */
  readonly tempo: boolean;
  /**
   * Run Loki in the cluster.
   * @default true
   */
  readonly loki: boolean;
  /**
   * Run Prometheus (and with it Alertmanager) in the cluster. Off, metrics go only to the
   * metrics destinations, Grafana queries the destination's Prometheus-compatible `queryUrl`,
   * and the rules (`otel-lgtm rules`) belong in that backend's ruler; the stack's own
   * components are no longer scraped.
   * @default true
   */
  readonly prometheus: boolean;
}

/**
 * What `otel-lgtm cardinality` and `budget` assume about the cluster and its services when they
 * estimate the active series (the stack's own parts are read from its configuration).
 */
export interface CardinalityAssumptions {
  /**
   * Nodes in the cluster (node agents, node metrics).
   * @default 3
   */
  readonly nodes: number;
  /**
   * Pods per node, in every namespace (pod and container metrics of the cluster telemetry).
   * @default 20
   */
  readonly podsPerNode: number;
  /**
   * Containers per pod, on average.
   * @default 1.2
   */
  readonly containersPerPod: number;
  /**
   * Persistent volume claims mounted in the cluster.
   * @default 10
   */
  readonly persistentVolumeClaims: number;
  /**
   * Deployments in the cluster.
   * @default 20
   */
  readonly deployments: number;
  /**
   * StatefulSets in the cluster.
   * @default 5
   */
  readonly statefulSets: number;
  /**
   * DaemonSets in the cluster.
   * @default 4
   */
  readonly daemonSets: number;
  /**
   * Jobs kept in the cluster (finished ones included until deleted).
   * @default 5
   */
  readonly jobs: number;
  /**
   * Namespaces in the cluster.
   * @default 10
   */
  readonly namespaces: number;
  /**
   * Instrumented services sending to the stack besides those it knows of (the demo service, workloads passed to `instrument()`).
   * @default 0
   */
  readonly services: number;
  /**
   * Replicas of each such service (and of each `instrument()`ed workload without a fixed replica count).
   * @default 2
   */
  readonly instancesPerService: number;
  /**
   * Operations (HTTP routes, span names) per service.
   * @default 10
   */
  readonly operationsPerService: number;
  /**
   * Services each service calls (edges of the service graph).
   * @default 2
   */
  readonly peersPerService: number;
}

/** Limits synthesis enforces on what an environment will cost. */
export interface BudgetSettings {
  /**
   * Most active series the estimate (`otel-lgtm cardinality`) may reach; above it synthesis fails naming the top sources.
   * @default - no budget
   */
  readonly activeSeries?: number;
}

/** Tempo 3's microservices mode: a workload per component, with a Kafka-compatible queue between the write and read paths. */
export interface TempoMicroservicesSettings {
  /**
   * The Kafka-compatible queue you run (Apache Kafka, Redpanda, WarpStream): broker `host:port`. The stack does not run it.
   * @default - required
   */
  readonly kafkaAddress: string;
  /**
   * The topic Tempo writes to; create it with at least `partitions` partitions.
   * @default 'tempo-ingest'
   */
  readonly kafkaTopic?: string;
  /**
   * Partitions Tempo writes to: one block-builder each, and one live-store each in both zones.
   * @default 2
   */
  readonly partitions?: number;
  /**
   * Replicas of each stateless component (distributor, query-frontend, querier, backend-worker).
   * @default 2
   */
  readonly replicas?: number;
}

/** How Tempo runs. */
export interface TempoTopologySettings {
  /**
   * Tempo 3 as microservices (distributors, block-builders, live-stores in two zones, queriers, query-frontends,
   * backend scheduler and workers), for trace volumes past one process. Needs `objectStorage` and your Kafka.
   * @default - monolithic: one process (`-target=all`), no Kafka
   */
  readonly microservices?: TempoMicroservicesSettings;
}
