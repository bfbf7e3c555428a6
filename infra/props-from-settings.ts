/**
 * The one place the stack's settings become each component's own props: what `LgtmStack` passes
 * to `Loki`, `Tempo`, `Prometheus`, … (the wiring, endpoints from one construct into the next, is
 * assemble.ts's). Durations and sizes written as text in settings become cdk8s `Duration`s and `Size`s here.
 */
import type { AlertmanagerProps } from './alertmanager';
import type { ClusterReceiverProps } from './cluster-receiver';
import type { OtelCollectorProps } from './collector';
import type { CollectorProgramProps } from './collector-process';
import type { NodeAgentProps } from './node-agent';
import type { ComponentProps, PodOptions, StorageProps } from './component-props';
import type { DemoAppProps } from './demo-app';
import type { GrafanaProps } from './grafana';
import { IMAGES, imageOf } from './images';
import type { LoadGeneratorProps } from './load-generator';
import type { LokiProps } from './loki';
import type { ObjectStorageBucket } from './object-storage';
import type { PrometheusProps } from './prometheus';
import type { TempoProps } from './tempo';
import type { VerifyJobProps } from './verify-job';
import { Duration } from 'cdk8s';
import type { StatefulComponent, WorkloadName } from '../settings/schema';
import type { StackSettings } from '../settings/stack-settings';
import { parseDuration, parseMemory } from '../settings/units';

/** The settings' pod knobs for one workload (its own extra env and volumes picked out). */
export function podOptions(env: StackSettings, workload: WorkloadName): PodOptions {
  const p = env.pods;
  return {
    nodeSelector: p.nodeSelector, tolerations: p.tolerations, affinity: p.affinity, priorityClassName: p.priorityClassName,
    labels: p.labels, annotations: p.annotations, imagePullSecrets: p.imagePullSecrets, topologySpread: p.topologySpread,
    extraEnv: p.extraEnv[workload], extraVolumes: p.extraVolumes[workload], serviceAccountAnnotations: p.serviceAccountAnnotations,
  };
}

/** Image (pinned, with the settings' registry and overrides), pull policy, resources and pod knobs of a stack component. */
export function componentProps(env: StackSettings, component: keyof typeof IMAGES & WorkloadName): ComponentProps {
  return { image: imageOf(component, env.images), imagePullPolicy: env.imagePullPolicy, resources: env.resources[component], pod: podOptions(env, component) };
}

/** A stateful component's volume: a claim of the settings' size where data persists, else none (an emptyDir). */
export function storageOf(env: StackSettings, component: StatefulComponent): StorageProps | undefined {
  const { persistence } = env;
  return persistence.enabled ? { size: parseMemory(persistence.size[component]), storageClass: persistence.storageClass } : undefined;
}

/** One signal's bucket in the settings' object storage (of its kind, with its credentials Secret), when data goes there. */
export function bucketOf(env: StackSettings, signal: 'traces' | 'logs'): ObjectStorageBucket | undefined {
  const s = env.objectStorage;
  if (!s) return undefined;
  const common = { bucket: s.buckets[signal], credentialsSecret: s.credentialsSecret };
  switch (s.kind) {
    case 'gcs': return { kind: 'gcs', ...common };
    case 'azure': return { kind: 'azure', ...common, accountName: s.accountName, endpointSuffix: s.endpointSuffix };
    default: return { ...common, endpoint: s.endpoint, region: s.region, insecure: s.insecure };
  }
}

/** Loki's props: retention, ingestion limits, volume and bucket, and its topology (replicas on a ring, replication factor). */
export const lokiProps = (env: StackSettings): LokiProps => ({
  ...componentProps(env, 'loki'),
  retention: parseDuration(env.retention.logs),
  ingestionRateMb: env.logIngestion.rateMb,
  ingestionBurstMb: env.logIngestion.burstMb,
  storage: storageOf(env, 'loki'),
  objectStorage: bucketOf(env, 'logs'),
  replicas: env.loki.replicas,
  replicationFactor: env.loki.replicationFactor,
});

/** Tempo's props: retention, the trace cut-off (freshness), volume, bucket and topology. */
export const tempoProps = (env: StackSettings): TempoProps => ({
  ...componentProps(env, 'tempo'),
  retention: parseDuration(env.retention.traces),
  traceIdlePeriod: Duration.millis(env.freshness.traceIdlePeriodMs),
  flushCheckPeriod: Duration.millis(env.freshness.traceFlushCheckPeriodMs),
  storage: storageOf(env, 'tempo'),
  objectStorage: bucketOf(env, 'traces'),
  microservices: env.tempo.microservices,
});

/** Alertmanager's props: the receivers by severity and its volume. */
export const alertmanagerProps = (env: StackSettings): AlertmanagerProps => ({
  ...componentProps(env, 'alertmanager'),
  receivers: env.alerting,
  replicas: env.alerting.replicas,
  storage: storageOf(env, 'alertmanager'),
});

/** Prometheus's props: replicas, retention, volume, the environment label and remote write; wired to its Alertmanager. */
export const prometheusProps = (env: StackSettings, wiring: Pick<PrometheusProps, 'alertmanagers'>): PrometheusProps => ({
  ...componentProps(env, 'prometheus'),
  retention: parseDuration(env.retention.metrics),
  storage: storageOf(env, 'prometheus'),
  replicas: env.prometheus.replicas,
  environment: env.name,
  remoteWrite: env.remoteWrite,
  alerts: env.alerts,
  ...wiring,
});

/** Grafana's props: access, credentials, Ingress and volume; wired to the query APIs and dashboards. */
export const grafanaProps = (env: StackSettings, wiring: Pick<GrafanaProps, 'prometheus' | 'tempo' | 'loki' | 'alertmanager' | 'dashboards'>): GrafanaProps => ({
  ...componentProps(env, 'grafana'),
  anonymousAccess: env.grafana.anonymousAccess,
  adminCredentials: env.grafana.adminCredentials,
  ingress: env.grafana.ingress,
  storage: storageOf(env, 'grafana'),
  ...wiring,
});

/** The demo service and the load generator run the demo image as the settings name it (no registry rewrite: it is the user's build). */
const demoImage = (env: StackSettings, workload: 'app' | 'loadgen'): ComponentProps => ({
  image: env.app.image, imagePullPolicy: env.imagePullPolicy, resources: env.resources[workload], pod: podOptions(env, workload),
});

/** The demo service's props: replicas, autoscaling, SDK sampling and export intervals; wired to the collector. */
export const demoAppProps = (env: StackSettings, wiring: Pick<DemoAppProps, 'otlp'>): DemoAppProps => ({
  ...demoImage(env, 'app'),
  otlpCaConfigMap: env.collector.otlpTls?.caConfigMapName,
  replicas: env.app.replicas,
  autoscaling: env.app.autoscaling,
  tracesSampler: env.app.tracesSampler,
  tracesSamplerRatio: env.app.tracesSamplerRatio,
  metricExportInterval: Duration.millis(env.app.metricExportIntervalMs),
  spanExportDelay: Duration.millis(env.app.spanExportDelayMs),
  environment: env.name,
  ...wiring,
});

/** The load generator's props: the traffic mix; wired to the demo service. */
export const loadGeneratorProps = (env: StackSettings, wiring: Pick<LoadGeneratorProps, 'target'>): LoadGeneratorProps => ({
  ...demoImage(env, 'loadgen'),
  rate: env.loadGenerator.rate,
  errorPercent: env.loadGenerator.errorPercent,
  workPercent: env.loadGenerator.workPercent,
  maxWorkMs: env.loadGenerator.maxWorkMs,
  ...wiring,
});

/** The verify Job's props: the CLI image, the environment and Grafana's Secret; wired to the stack's APIs. */
export const verifyJobProps = (env: StackSettings, wiring: Pick<VerifyJobProps, 'endpoints'>): VerifyJobProps => ({
  image: env.app.image,
  imagePullPolicy: env.imagePullPolicy,
  environment: env.name,
  grafanaSecret: env.grafana.adminCredentials.secretName,
  job: env.verifyJob,
  ...wiring,
});

/** The collector program every tier runs: the settings' distribution, its image (with the registry and overrides), pull policy and batching. */
export const collectorProgram = (env: StackSettings): CollectorProgramProps => ({
  distribution: env.collector.distribution,
  image: imageOf(env.collector.distribution === 'alloy' ? 'alloy' : 'collector', env.images),
  imagePullPolicy: env.imagePullPolicy,
  batchTimeout: Duration.millis(env.freshness.collectorBatchTimeoutMs),
});

/** The gateway's (and sampler tier's) props: replicas, sampling, queues, TLS, destinations, additions; wired to the backends. */
export const collectorProps = (env: StackSettings, wiring: Pick<OtelCollectorProps, 'traces' | 'logs' | 'metrics'>): OtelCollectorProps => ({
  ...collectorProgram(env),
  resources: env.resources.collector,
  pod: podOptions(env, 'collector'),
  replicas: env.collectorReplicas,
  autoscaling: env.collectorAutoscaling,
  environment: env.name,
  clusterName: env.clusterName,
  sampling: env.sampling,
  corsAllowedOrigins: env.collector.corsAllowedOrigins,
  debugExporter: env.collector.debugExporter,
  profiling: env.collector.profiling,
  queueStorage: storageOf(env, 'collector'),
  otlpTls: env.collector.otlpTls,
  clusterOtlp: env.clusterTelemetry.enabled,
  destinations: env.destinations,
  additions: env.collector.additions,
  ...wiring,
});

/** The node agent's props from `clusterTelemetry`; wired to the gateway. */
export const nodeAgentProps = (env: StackSettings, wiring: Pick<NodeAgentProps, 'gateway' | 'gatewayCaConfigMap' | 'collectors'>): NodeAgentProps => {
  const s = env.clusterTelemetry;
  return {
    ...collectorProgram(env),
    logs: s.logs,
    collectionInterval: Duration.seconds(s.collectionIntervalSeconds),
    metricAllowlist: s.metricAllowlist,
    checkpointHostPath: s.checkpointHostPath,
    tolerations: s.agentTolerations,
    resources: s.agentResources,
    serviceAccountAnnotations: env.pods.serviceAccountAnnotations,
    ...wiring,
  };
};

/** The cluster receiver's props from `clusterTelemetry`; wired to the gateway. */
export const clusterReceiverProps = (env: StackSettings, wiring: Pick<ClusterReceiverProps, 'gateway' | 'gatewayCaConfigMap'>): ClusterReceiverProps => {
  const s = env.clusterTelemetry;
  return {
    ...collectorProgram(env),
    collectionInterval: Duration.seconds(s.collectionIntervalSeconds),
    metricAllowlist: s.metricAllowlist,
    resources: s.clusterReceiverResources,
    serviceAccountAnnotations: env.pods.serviceAccountAnnotations,
    ...wiring,
  };
};
