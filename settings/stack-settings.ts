import {
  AlertSettings, AlertingSettings, BudgetSettings, CardinalityAssumptions, TempoTopologySettings, AppSettings, AutoscalingSettings, ClusterTelemetrySettings, CollectorSettings, FreshnessSettings, GrafanaSettings, InstrumentationSettings, LogIngestionSettings, NetworkPolicySettings,
  ObjectStorageSettings, RemoteWriteSettings, SamplingSettings, LoadGeneratorSettings, PersistenceSettings, ResourceSettings, RetentionSettings,
  BackendSettings, COLLECTOR_DISTRIBUTIONS, Destination, DestinationSettings, ImageSettings, LokiTopologySettings, PodSettings, PrometheusTopologySettings, ReceiverSettings, StatefulComponent,
  VerifyJobSettings, WorkloadName,
} from './schema';
import {
  SettingsError, checkDnsLabel, checkDuration, checkInteger, checkNumber, checkOneOf, checkQuantity, durationSeconds,
} from './validation';
import { DEFAULT_ALERTS, alertSettingsProblems } from './alerts';
import { DEFAULT_CARDINALITY, cardinalityProblems } from './cardinality';
import { DEFAULT_CLUSTER_TELEMETRY, clusterTelemetryProblems } from './cluster-telemetry';
import { collectorProblems } from './collector-checks';
import { MAX_PROMETHEUS_REPLICAS } from './collector-tiers';
import { lokiTopologyProblems } from './loki-topology';
import { tempoMicroservicesProblems } from './tempo-topology';
import { objectStorageProblems } from './object-storage';
import { parseQuantity } from './units';

/** The stack's namespace when neither the props nor the stack's Chart name one. */
export const DEFAULT_STACK_NAMESPACE = 'observability';

/** Pull policies Kubernetes accepts. */
export const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
/** A container image pull policy. */
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

/** Trace samplers the OpenTelemetry SDK understands through `OTEL_TRACES_SAMPLER`. */
export const TRACE_SAMPLERS = [
  'always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio',
] as const;

/** Resource defaults: sized for a modest shared cluster; overlays scale them. */
export const DEFAULT_RESOURCES: Readonly<Record<WorkloadName, ResourceSettings>> = {
  collector: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  tempo: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  loki: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  prometheus: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
  grafana: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  alertmanager: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  app: { requests: { cpu: '100m', memory: '160Mi' }, limits: { cpu: '500m', memory: '320Mi' } },
  loadgen: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '200m', memory: '160Mi' } },
};

/** Claim sizes used when persistence is on and an overlay does not size them. */
export const DEFAULT_VOLUME_SIZES: Readonly<Record<StatefulComponent, string>> = {
  collector: '2Gi', prometheus: '10Gi', loki: '10Gi', tempo: '10Gi', grafana: '1Gi', alertmanager: '1Gi',
};

/** Default tail sampling: off (every trace kept); the policy values apply when an overlay turns it on. */
export const DEFAULT_SAMPLING: SamplingSettings = {
  enabled: false,
  keepErrors: true,
  keepSlowerThanMs: 1000,
  keepAttributes: [{ key: 'priority', values: ['high'] }],
  percentOfRest: 10,
  decisionWaitSeconds: 10,
  decisionAfterRootSeconds: 1,
  loadBalancing: false,
  samplerReplicas: 1,
};

/** Default demo-service settings. */
export const DEFAULT_APP: AppSettings = {
  enabled: true,
  image: 'otel-lgtm-cdk8s/demo-app:0.1.0',
  replicas: 2,
  tracesSampler: 'parentbased_always_on',
  tracesSamplerRatio: 1,
  metricExportIntervalMs: 15000,
  spanExportDelayMs: 5000,
};

/** Default verify Job: not synthesized; when on, 120 s per attempt and 5 retries (the stack may still be starting). */
export const DEFAULT_VERIFY_JOB: VerifyJobSettings = {
  enabled: false,
  deadlineSeconds: 120,
  retries: 5,
  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '192Mi' } },
};

/** Default retention per signal. */
export const DEFAULT_RETENTION: RetentionSettings = { metrics: '7d', logs: '72h', traces: '48h' };

/** Default freshness: the programs' own defaults (collector batch 5 s, Tempo idle period and flush check 10 s). */
export const DEFAULT_FRESHNESS: FreshnessSettings = {
  collectorBatchTimeoutMs: 5000,
  traceIdlePeriodMs: 10000,
  traceFlushCheckPeriodMs: 10000,
};

/** Default load-generator settings. */
export const DEFAULT_LOAD_GENERATOR: LoadGeneratorSettings = {
  enabled: true, rate: 5, errorPercent: 5, workPercent: 30, maxWorkMs: 1500,
};

/** Default Grafana settings: log in required, credentials from a Secret managed outside this repo. */
export const DEFAULT_GRAFANA: GrafanaSettings = {
  anonymousAccess: false,
  adminCredentials: { secretName: 'grafana-admin', generateDevSecret: false },
};

/** A receiver with no integration: Alertmanager accepts and discards what is routed to it. */
export const NULL_RECEIVER: ReceiverSettings = {};

/** Default pod settings: nothing added. */
export const DEFAULT_PODS: PodSettings = {
  nodeSelector: {}, tolerations: [], labels: {}, annotations: {}, serviceAccountAnnotations: {}, imagePullSecrets: [], extraEnv: {}, extraVolumes: {},
};

/** Default images: the pins of infra/images.ts, from their own registries. */
export const DEFAULT_IMAGES: ImageSettings = { components: {} };

/** Default alerting: pages to PagerDuty, tickets to Slack, each credential from its own Secret. */
export const DEFAULT_ALERTING: AlertingSettings = {
  page: { pagerduty: { secretName: 'alertmanager-pagerduty' } },
  ticket: { slack: { secretName: 'alertmanager-slack', channel: '#observability' } },
  replicas: 1,
};

/**
 * Everything that may differ between environments, with its default.
 * An overlay (dev.ts, staging.ts, prod.ts) extends this class and overrides only what differs;
 * constructs read these settings and never ask which environment they are in.
 */
export abstract class StackSettings {
  /**
   * Name of the environment; also the folder under `dist/` and `deployment.environment.name`.
   * @default - the LgtmStack's construct id
   */
  abstract readonly name: string;

  /**
   * Namespace of the observability stack (collector, Tempo, Loki, Prometheus, Grafana).
   * @default - the namespace of the Chart the LgtmStack is in, else 'observability'
   */
  readonly stackNamespace: string = DEFAULT_STACK_NAMESPACE;

  /**
   * Namespace of the demo service and the load generator.
   * @default - 'demo' for a stack in 'observability', else `<stackNamespace>-demo` (two stacks never share one)
   */
  readonly appNamespace: string = 'demo';

  /**
   * Pull policy of every container.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy: ImagePullPolicy = 'IfNotPresent';

  /**
   * Scheduling and metadata for every pod: node selector, tolerations, affinity, priority class,
   * extra labels and annotations, ServiceAccount annotations, image pull secrets, extra env.
   * @default DEFAULT_PODS (nothing added)
   */
  readonly pods: PodSettings = DEFAULT_PODS;

  /**
   * Registry, repository and tag of the stack's images.
   * @default DEFAULT_IMAGES (the pins of infra/images.ts)
   */
  readonly images: ImageSettings = DEFAULT_IMAGES;

  /**
   * CPU and memory requests and limits per workload.
   * @default DEFAULT_RESOURCES
   */
  readonly resources: Readonly<Record<WorkloadName, ResourceSettings>> = DEFAULT_RESOURCES;

  /**
   * Collector replicas.
   * @default 1
   */
  readonly collectorReplicas: number = 1;

  /**
   * Autoscale the collector (the gateway tier when sampling is load-balanced) on CPU.
   * @default - fixed collectorReplicas
   */
  readonly collectorAutoscaling?: AutoscalingSettings;

  /**
   * Where Tempo, Loki, Prometheus and Grafana keep data.
   * @default - persistent, default StorageClass, DEFAULT_VOLUME_SIZES
   */
  readonly persistence: PersistenceSettings = { enabled: true, size: DEFAULT_VOLUME_SIZES };

  /**
   * How long each signal is kept.
   * @default { metrics: '7d', logs: '72h', traces: '48h' }
   */
  readonly retention: RetentionSettings = DEFAULT_RETENTION;

  /**
   * The demo service.
   * @default DEFAULT_APP (2 replicas, parent-based always-on sampling, metrics every 15 s)
   */
  readonly app: AppSettings = DEFAULT_APP;

  /**
   * The load generator.
   * @default DEFAULT_LOAD_GENERATOR (on, 5 requests/s, 5 % errors, 30 % slow work up to 1.5 s)
   */
  readonly loadGenerator: LoadGeneratorSettings = DEFAULT_LOAD_GENERATOR;

  /**
   * Grafana access.
   * @default - no anonymous access; admin credentials from an existing Secret `grafana-admin`
   */
  readonly grafana: GrafanaSettings = DEFAULT_GRAFANA;

  /**
   * Name stamped on all telemetry as `k8s.cluster.name`.
   * @default 'local'
   */
  readonly clusterName: string = 'local';

  /**
   * Tail sampling of traces in the collector.
   * @default DEFAULT_SAMPLING (off)
   */
  readonly sampling: SamplingSettings = DEFAULT_SAMPLING;

  /**
   * Collector options.
   * @default - no CORS origins, no debug exporter, no profiling endpoints, the contrib distribution
   */
  readonly collector: CollectorSettings = { corsAllowedOrigins: [], debugExporter: false, profiling: false, distribution: 'contrib' };

  /**
   * How soon telemetry becomes queryable (batching in the collector, trace cut-off in Tempo).
   * @default DEFAULT_FRESHNESS
   */
  readonly freshness: FreshnessSettings = DEFAULT_FRESHNESS;

  /**
   * The in-cluster verify Job.
   * @default DEFAULT_VERIFY_JOB (off)
   */
  readonly verifyJob: VerifyJobSettings = DEFAULT_VERIFY_JOB;

  /**
   * Loki ingestion limits.
   * @default { rateMb: 4, burstMb: 8 }
   */
  readonly logIngestion: LogIngestionSettings = { rateMb: 4, burstMb: 8 };

  /**
   * NetworkPolicies.
   * @default { enabled: true, ingressControllerNamespace: 'ingress-nginx' }
   */
  readonly networkPolicies: NetworkPolicySettings = { enabled: true, ingressControllerNamespace: 'ingress-nginx' };

  /**
   * How `instrument(workload, { autoInstrument })` injects the SDK: by itself (an init container),
   * or through the OpenTelemetry Operator (`{ operator: true }`: an `Instrumentation` resource and
   * the inject annotation).
   * @default { operator: false }
   */
  readonly instrumentation: InstrumentationSettings = { operator: false };

  /**
   * Where Alertmanager sends the stack's alerts, by severity; credentials come from Secrets mounted as files.
   * @default DEFAULT_ALERTING (page → PagerDuty, ticket → Slack)
   */
  readonly alerting: AlertingSettings = DEFAULT_ALERTING;

  /**
   * Alerts switched off or tuned by name: `{ disable: ['KubeContainerCpuNearLimit'], override: { LokiWriteErrors: { for: '15m', severity: 'ticket', threshold: 0.1, labels: { team: 'platform' } } } }`.
   * An environment carries only the alerts its components can feed (no cluster alerts without clusterTelemetry).
   * @default { disable: [], override: {} } (every alert, as tuned by the stack)
   */
  readonly alerts: AlertSettings = DEFAULT_ALERTS;

  /**
   * What the active-series estimate (`otel-lgtm cardinality`, `budget`) assumes about the cluster and its services.
   * @default DEFAULT_CARDINALITY (3 nodes × 20 pods, no services beyond those the stack knows)
   */
  readonly cardinality: CardinalityAssumptions = DEFAULT_CARDINALITY;

  /**
   * Limits on what the environment costs: `{ activeSeries: 50000 }` fails synthesis when the estimate is higher.
   * @default {} (no budget)
   */
  readonly budget: BudgetSettings = {};

  /**
   * External OTLP destinations per signal, in addition to the in-cluster backends (or instead, with `backends`).
   * @default - none
   */
  readonly destinations: DestinationSettings = { traces: [], logs: [], metrics: [] };

  /**
   * Which in-cluster backends run (Tempo, Loki, Prometheus); one turned off needs a destination for its signal with a `queryUrl`.
   * @default { tempo: true, loki: true, prometheus: true }
   */
  readonly backends: BackendSettings = { tempo: true, loki: true, prometheus: true };

  /**
   * Keep traces and logs in object storage (S3-compatible, GCS or Azure) instead of the pods' volumes
   * (the volumes then hold only WALs); credentials come from a Secret by reference.
   * @default - local volumes
   */
  readonly objectStorage?: ObjectStorageSettings;

  /**
   * How Loki runs: one process (monolithic), or several replicas of the same binary on one
   * memberlist ring with a replication factor ("HA monolithic"; needs objectStorage).
   * @default { replicas: 1 } (monolithic, replication factor 1)
   */
  readonly loki: LokiTopologySettings = { replicas: 1 };

  /**
   * How Tempo runs: monolithic (one process, no Kafka), or `{ microservices: { kafkaAddress } }`: a workload
   * per Tempo 3 component with your Kafka-compatible queue between them (needs objectStorage; validated with
   * `tempo -config.verify` per target, not run by this project: see the README).
   * @default {} (monolithic)
   */
  readonly tempo: TempoTopologySettings = {};

  /**
   * How many Prometheus servers run: one, or an HA pair that each get every point.
   * @default { replicas: 1 }
   */
  readonly prometheus: PrometheusTopologySettings = { replicas: 1 };

  /**
   * Also send every Prometheus sample to a long-term store.
   * @default - no remote write
   */
  readonly remoteWrite?: RemoteWriteSettings;

  /**
   * Cluster telemetry: a node agent (pod logs, kubelet metrics) and a cluster receiver (cluster state, events).
   * @default DEFAULT_CLUSTER_TELEMETRY (on; agent in namespace `observability-agent`)
   */
  readonly clusterTelemetry: ClusterTelemetrySettings = DEFAULT_CLUSTER_TELEMETRY;

  /** Every problem with these settings, each naming its field; empty when valid. */
  problems(): string[] {
    const problems: string[] = [
      ...checkDnsLabel('name', this.name),
      ...checkDnsLabel('stackNamespace', this.stackNamespace),
      ...checkDnsLabel('appNamespace', this.appNamespace),
      ...checkOneOf('imagePullPolicy', this.imagePullPolicy, IMAGE_PULL_POLICIES),
      ...checkOneOf('collector.distribution', this.collector.distribution, COLLECTOR_DISTRIBUTIONS),
      ...checkInteger('collectorReplicas', this.collectorReplicas, 1),
      ...checkDuration('retention.metrics', this.retention.metrics),
      ...checkDuration('retention.logs', this.retention.logs),
      ...checkDuration('retention.traces', this.retention.traces),
      ...checkInteger('app.replicas', this.app.replicas, 1),
      ...checkOneOf('app.tracesSampler', this.app.tracesSampler, TRACE_SAMPLERS),
      ...checkNumber('app.tracesSamplerRatio', this.app.tracesSamplerRatio, 0, 1),
      ...checkInteger('app.metricExportIntervalMs', this.app.metricExportIntervalMs, 1000),
      ...checkInteger('app.spanExportDelayMs', this.app.spanExportDelayMs, 100, 60000),
      ...checkInteger('freshness.collectorBatchTimeoutMs', this.freshness.collectorBatchTimeoutMs, 100, 60000),
      ...checkInteger('freshness.traceIdlePeriodMs', this.freshness.traceIdlePeriodMs, 100, 600000),
      ...checkInteger('freshness.traceFlushCheckPeriodMs', this.freshness.traceFlushCheckPeriodMs, 100, 600000),
      ...checkNumber('loadGenerator.rate', this.loadGenerator.rate, 0.1, 1000),
      ...checkNumber('loadGenerator.errorPercent', this.loadGenerator.errorPercent, 0, 100),
      ...checkNumber('loadGenerator.workPercent', this.loadGenerator.workPercent, 0, 100),
      ...checkInteger('loadGenerator.maxWorkMs', this.loadGenerator.maxWorkMs, 0, 10000),
      ...checkDnsLabel('clusterName', this.clusterName),
      ...checkDnsLabel('networkPolicies.ingressControllerNamespace', this.networkPolicies.ingressControllerNamespace),
      ...checkDnsLabel('grafana.adminCredentials.secretName', this.grafana.adminCredentials.secretName),
      ...checkNumber('logIngestion.rateMb', this.logIngestion.rateMb, 0.1, 1024),
      ...checkNumber('logIngestion.burstMb', this.logIngestion.burstMb, this.logIngestion.rateMb, 4096),
      ...checkInteger('sampling.keepSlowerThanMs', this.sampling.keepSlowerThanMs, 1),
      ...checkNumber('sampling.percentOfRest', this.sampling.percentOfRest, 0, 100),
      ...checkInteger('sampling.decisionWaitSeconds', this.sampling.decisionWaitSeconds, 1, 300),
      ...checkInteger('sampling.decisionAfterRootSeconds', this.sampling.decisionAfterRootSeconds, 0, Math.max(0, this.sampling.decisionWaitSeconds - 1)),
      ...this.collector.corsAllowedOrigins.flatMap((origin, i) => (/^(https?:\/\/[^\s/]+|\*)$/.test(origin)
        ? [] : [`collector.corsAllowedOrigins[${i}]: '${origin}' is not an origin (scheme://host[:port], e.g. https://app.example.com)`])),
    ];
    problems.push(...autoscalingProblems('app.autoscaling', this.app.autoscaling));
    problems.push(...autoscalingProblems('collectorAutoscaling', this.collectorAutoscaling));
    problems.push(...checkInteger('sampling.samplerReplicas', this.sampling.samplerReplicas, 1));
    const ingress = this.grafana.ingress;
    if (ingress) {
      if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/.test(ingress.host)) {
        problems.push(`grafana.ingress.host: '${ingress.host}' is not a host name (a DNS name such as grafana.example.com; required for an Ingress)`);
      }
      problems.push(...checkDnsLabel('grafana.ingress.tlsSecretName', ingress.tlsSecretName));
      problems.push(...checkDnsLabel('grafana.ingress.className', ingress.className));
    }
    problems.push(...objectStorageProblems(this.objectStorage));
    if (this.backends.loki) problems.push(...lokiTopologyProblems(this.loki, this.objectStorage !== undefined));
    if (this.backends.tempo) problems.push(...tempoMicroservicesProblems(this.tempo.microservices, this.objectStorage !== undefined));
    problems.push(...checkInteger('prometheus.replicas', this.prometheus.replicas, 1, MAX_PROMETHEUS_REPLICAS));
    problems.push(...destinationProblems(this.destinations, this.backends));
    problems.push(...collectorProblems({
      distribution: this.collector.distribution,
      additions: this.collector.additions,
      destinations: this.destinations,
      tiers: [
        'gateway',
        ...(this.sampling.enabled && this.sampling.loadBalancing ? ['sampler' as const] : []),
        ...(this.clusterTelemetry.enabled ? ['nodeAgent' as const, 'clusterReceiver' as const] : []),
      ],
    }));
    if (typeof this.instrumentation.operator !== 'boolean') {
      problems.push(`instrumentation.operator: ${JSON.stringify(this.instrumentation.operator)} is not allowed (true or false)`);
    }
    problems.push(...this.pods.imagePullSecrets.flatMap((name, i) => checkDnsLabel(`pods.imagePullSecrets[${i}]`, name)));
    if (this.pods.priorityClassName !== undefined) problems.push(...checkDnsLabel('pods.priorityClassName', this.pods.priorityClassName));
    if (this.images.registry !== undefined && !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(this.images.registry)) {
      problems.push(`images.registry: '${this.images.registry}' is not a registry (host[:port][/path], no scheme; e.g. registry.example.com/mirror)`);
    }
    for (const [component, image] of Object.entries(this.images.components)) {
      if (image?.tag !== undefined && (image.tag === 'latest' || !/^[\w][\w.-]{0,127}$/.test(image.tag))) {
        problems.push(`images.components.${component}.tag: '${image.tag}' must be a pinned tag (e.g. 1.2.3), not latest or empty`);
      }
    }
    problems.push(...receiverProblems('alerting.page', this.alerting.page), ...receiverProblems('alerting.ticket', this.alerting.ticket));
    problems.push(...checkInteger('alerting.replicas', this.alerting.replicas, 1, 9));
    problems.push(...alertSettingsProblems(this.alerts));
    problems.push(...cardinalityProblems(this.cardinality, this.budget));
    if (this.collector.otlpTls) {
      problems.push(...checkDnsLabel('collector.otlpTls.secretName', this.collector.otlpTls.secretName));
      problems.push(...checkDnsLabel('collector.otlpTls.caConfigMapName', this.collector.otlpTls.caConfigMapName));
    }
    if (this.remoteWrite && !this.backends.prometheus) {
      problems.push('remoteWrite: needs backends.prometheus (the in-cluster Prometheus is what remote-writes); send metrics to destinations.metrics instead');
    }
    if (this.remoteWrite) {
      if (hasUserInfo(this.remoteWrite.url)) {
        problems.push(`remoteWrite.url: ${USER_INFO_REFUSAL} (use remoteWrite.basicAuthSecret)`);
      } else if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(this.remoteWrite.url)) {
        problems.push(`remoteWrite.url: '${this.remoteWrite.url}' is not an http(s) URL (e.g. https://mimir.example.com/api/v1/push)`);
      }
      if (this.remoteWrite.basicAuthSecret !== undefined) problems.push(...checkDnsLabel('remoteWrite.basicAuthSecret', this.remoteWrite.basicAuthSecret));
    }
    const collectorScalesOut = this.collectorReplicas > 1 || (this.collectorAutoscaling?.maxReplicas ?? 1) > 1;
    if (this.sampling.enabled && !this.sampling.loadBalancing && collectorScalesOut) {
      problems.push('sampling.enabled with more than one collector replica (collectorReplicas or collectorAutoscaling) and no '
        + 'load-balancing tier: tail sampling needs all spans of a trace on one replica; set sampling.loadBalancing, '
        + 'keep one collector replica, or turn sampling off');
    }
    if (this.sampling.loadBalancing && !this.sampling.enabled) {
      problems.push('sampling.loadBalancing: needs sampling.enabled (the sampler tier exists only to tail-sample)');
    }
    if (problems.every((p) => !p.startsWith('retention.logs')) && durationSeconds(this.retention.logs) < 86400) {
      problems.push(`retention.logs: '${this.retention.logs}' is shorter than Loki's minimum retention of 24h`);
    }
    if (this.loadGenerator.enabled && !this.app.enabled) {
      problems.push('loadGenerator.enabled: needs app.enabled (it sends its traffic to the demo service)');
    }
    if (this.loadGenerator.errorPercent + this.loadGenerator.workPercent > 100) {
      problems.push('loadGenerator: errorPercent + workPercent must not exceed 100');
    }
    if (this.app.image.endsWith(':latest') || !/:[\w][\w.-]*$/.test(this.app.image)) {
      problems.push(`app.image: '${this.app.image}' must carry a pinned tag (e.g. name:1.2.3), not latest or none`);
    }
    for (const [workload, spec] of Object.entries(this.resources)) problems.push(...resourceProblems(`resources.${workload}`, spec));
    problems.push(...clusterTelemetryProblems(this.clusterTelemetry, [this.stackNamespace, this.appNamespace]));
    if (this.clusterTelemetry.enabled) {
      problems.push(...resourceProblems('clusterTelemetry.agentResources', this.clusterTelemetry.agentResources));
      problems.push(...resourceProblems('clusterTelemetry.clusterReceiverResources', this.clusterTelemetry.clusterReceiverResources));
    }
    if (this.verifyJob.enabled) {
      problems.push(...checkInteger('verifyJob.deadlineSeconds', this.verifyJob.deadlineSeconds, 1, 3600));
      problems.push(...checkInteger('verifyJob.retries', this.verifyJob.retries, 0, 20));
      problems.push(...resourceProblems('verifyJob.resources', this.verifyJob.resources));
    }
    for (const [component, size] of Object.entries(this.persistence.size)) {
      problems.push(...checkQuantity(`persistence.size.${component}`, size));
    }
    if (this.persistence.storageClass !== undefined) {
      problems.push(...checkDnsLabel('persistence.storageClass', this.persistence.storageClass));
    }
    return problems;
  }

  /** Secrets the manifests reference but do not contain: they must exist in the cluster before applying. */
  externalSecrets(): string[] {
    return [
      ...Object.values(this.destinations).flat().flatMap((d) => (d.headersSecret ? [d.headersSecret] : [])),
      ...(this.collector.otlpTls ? [this.collector.otlpTls.secretName] : []),
      ...(this.objectStorage ? [this.objectStorage.credentialsSecret] : []),
      ...(this.remoteWrite?.basicAuthSecret ? [this.remoteWrite.basicAuthSecret] : []),
      ...(this.grafana.adminCredentials.generateDevSecret ? [] : [this.grafana.adminCredentials.secretName]),
      ...(this.grafana.ingress ? [this.grafana.ingress.tlsSecretName] : []),
      ...receiverSecrets(this.alerting).filter((name, i, all) => all.indexOf(name) === i),
    ];
  }

  /** ConfigMaps the manifests reference but do not contain (in the application namespace). */
  externalConfigMaps(): string[] {
    return this.collector.otlpTls ? [this.collector.otlpTls.caConfigMapName] : [];
  }

  /** ConfigMaps the manifests reference in the stack namespace but do not contain (destinations' CAs). */
  externalStackConfigMaps(): string[] {
    return destinationCaConfigMaps(this.destinations);
  }

  /** Throws a SettingsError listing every problem, if there is any. */
  validate(): this {
    const problems = this.problems();
    if (problems.length > 0) throw new SettingsError(this.name, problems);
    return this;
  }
}

/** The ConfigMaps holding the destinations' CA certificates, each once. */
export function destinationCaConfigMaps(destinations: DestinationSettings): string[] {
  return [...new Set(Object.values(destinations).flat().flatMap((d) => (d.tls?.caConfigMap ? [d.tls.caConfigMap] : [])))];
}

/** Problems with the destinations, and with a backend turned off without one Grafana can query. */
function destinationProblems(destinations: DestinationSettings, backends: BackendSettings): string[] {
  const problems: string[] = [];
  for (const [signal, list] of Object.entries(destinations) as Array<[keyof DestinationSettings, readonly Destination[]]>) {
    list.forEach((d, i) => {
      const field = `destinations.${signal}[${i}]`;
      problems.push(...checkOneOf(`${field}.protocol`, d.protocol, ['otlp_http', 'otlp_grpc']));
      if (hasUserInfo(d.endpoint)) problems.push(`${field}.endpoint: ${USER_INFO_REFUSAL} (use headersSecret and headers)`);
      if (d.queryUrl !== undefined && hasUserInfo(d.queryUrl)) problems.push(`${field}.queryUrl: ${USER_INFO_REFUSAL}`);
      // One line per field: an address with user information is reported as that alone.
      const endpointOk = hasUserInfo(d.endpoint)
        || (d.protocol === 'otlp_grpc' ? /^[a-z0-9.-]+:\d{1,5}$/.test(d.endpoint) : /^https?:\/\/[^\s/]+(\/\S*)?$/.test(d.endpoint));
      if (!endpointOk) {
        problems.push(`${field}.endpoint: '${d.endpoint}' is not ${d.protocol === 'otlp_grpc' ? 'host:port (e.g. tempo.example.com:443)' : 'an http(s) URL (e.g. https://otlp.example.com/otlp)'}`);
      }
      if (Object.keys(d.headers ?? {}).length > 0 && !d.headersSecret) problems.push(`${field}.headers: need headersSecret (the Secret the values come from)`);
      if (d.headersSecret !== undefined) problems.push(...checkDnsLabel(`${field}.headersSecret`, d.headersSecret));
      if (d.tls?.caConfigMap !== undefined) problems.push(...checkDnsLabel(`${field}.tls.caConfigMap`, d.tls.caConfigMap));
      if (d.queryUrl !== undefined && !hasUserInfo(d.queryUrl) && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(d.queryUrl)) problems.push(`${field}.queryUrl: '${d.queryUrl}' is not an http(s) URL`);
    });
  }
  for (const [backend, signal] of [['tempo', 'traces'], ['loki', 'logs'], ['prometheus', 'metrics']] as const) {
    if (!backends[backend] && !destinations[signal].some((d) => d.queryUrl)) {
      problems.push(`backends.${backend}: off needs a destinations.${signal} entry with a queryUrl (where ${signal} then go, and where Grafana reads them)`);
    }
  }
  return problems;
}

/** Why a URL with user information is refused: it would be written, credential and all, into a config in a ConfigMap. */
const USER_INFO_REFUSAL = 'holds user information (user:password@host), which would be written into a ConfigMap; credentials come from a Secret';

/** Whether a URL or `host:port` carries `user[:password]@` before its host. */
function hasUserInfo(address: string): boolean {
  return /^([a-z][a-z0-9+.-]*:\/\/)?[^\s/@]+@/i.test(address);
}

/** The Secrets of every receiver integration, in order. */
export function receiverSecrets(alerting: Pick<AlertingSettings, 'page' | 'ticket'>): string[] {
  return [alerting.page, alerting.ticket].flatMap((r) => [r.webhook, r.slack, r.email, r.pagerduty].flatMap((i) => (i ? [i.secretName] : [])));
}

function receiverProblems(field: string, receiver: ReceiverSettings): string[] {
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const problems = [receiver.webhook, receiver.slack, receiver.email, receiver.pagerduty].flatMap((integration, i) => (integration
    ? checkDnsLabel(`${field}.${['webhook', 'slack', 'email', 'pagerduty'][i]}.secretName`, integration.secretName) : []));
  if (receiver.webhook?.port !== undefined) problems.push(...checkInteger(`${field}.webhook.port`, receiver.webhook.port, 1, 65535));
  if (receiver.slack && !/^[#@]?[\w.-]{1,80}$/.test(receiver.slack.channel)) {
    problems.push(`${field}.slack.channel: '${receiver.slack.channel}' is not a Slack channel (e.g. #observability or @user)`);
  }
  if (receiver.email) {
    for (const key of ['to', 'from'] as const) {
      if (!email.test(receiver.email[key])) problems.push(`${field}.email.${key}: '${receiver.email[key]}' is not an email address (e.g. oncall@example.com)`);
    }
    if (!/^[a-z0-9.-]+:\d{1,5}$/.test(receiver.email.smarthost)) {
      problems.push(`${field}.email.smarthost: '${receiver.email.smarthost}' is not host:port (e.g. smtp.example.com:587)`);
    }
    if (!receiver.email.username) problems.push(`${field}.email.username: required (the SMTP user)`);
  }
  return problems;
}

function autoscalingProblems(field: string, scaling: AutoscalingSettings | undefined): string[] {
  if (!scaling) return [];
  return [
    ...checkInteger(`${field}.minReplicas`, scaling.minReplicas, 1),
    ...checkInteger(`${field}.maxReplicas`, scaling.maxReplicas, Math.max(1, scaling.minReplicas)),
    ...checkInteger(`${field}.cpuUtilizationPercent`, scaling.cpuUtilizationPercent, 1, 100),
  ];
}

function resourceProblems(field: string, spec: ResourceSettings): string[] {
  const problems = [
    ...checkQuantity(`${field}.requests.cpu`, spec.requests.cpu),
    ...checkQuantity(`${field}.requests.memory`, spec.requests.memory),
    ...checkQuantity(`${field}.limits.cpu`, spec.limits.cpu),
    ...checkQuantity(`${field}.limits.memory`, spec.limits.memory),
  ];
  if (problems.length > 0) return problems;
  for (const kind of ['cpu', 'memory'] as const) {
    if (parseQuantity(spec.requests[kind]) > parseQuantity(spec.limits[kind])) {
      problems.push(`${field}.requests.${kind}: ${spec.requests[kind]} exceeds limits.${kind} ${spec.limits[kind]} (a request must not exceed its limit)`);
    }
  }
  return problems;
}
