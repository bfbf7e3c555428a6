import { dirname } from 'node:path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CollectorConfig, CollectorPorts, gatewayConfig } from '../config/collector';
import type { PrometheusTarget } from '../config/collector-destinations';
import { samplerConfig } from '../config/collector-sampler';
import { DestinationSignal, destinationCaFile, headerVariable } from '../config/collector-destinations';
import type { AutoscalingSettings, CollectorAdditions, CollectorSettings, Destination, DestinationSettings, ResourceSettings, SamplingSettings } from '../settings/schema';
import { DEFAULT_RESOURCES, DEFAULT_SAMPLING, destinationCaConfigMaps } from '../settings/stack-settings';
import { parseQuantity } from '../settings/units';
import { toYaml } from '../config/yaml';
import { COLLECTOR_PORTS, CollectorProgramProps, batchTimeoutMs, collectorProcess } from './collector-process';
import { PodOptions, StorageProps, dataVolume, namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { K8S_ATTRIBUTES_RULES, clusterReader } from './rbac';
import { workloadLabels } from './labels';
import { Workload } from './workload';

const NAME = 'otel-collector';
const QUEUE_DIR = '/var/lib/otelcol/queue';
const TLS_DIR = '/etc/otelcol/tls';
const SAMPLER_NAME = 'otel-sampler';
const PORTS: CollectorPorts = { otlpGrpc: 4317, otlpHttp: 4318, ...COLLECTOR_PORTS };
/** OTLP gRPC from the node agents and the cluster receiver (see GatewayConfigProps.clusterOtlpGrpcPort). */
const CLUSTER_OTLP_PORT = 4319;
const CONFIG_DIR = '/etc/otelcol';

/** The collector's settings and where it sends each signal. */
export interface OtelCollectorProps extends CollectorProgramProps {
  /**
   * Tempo's OTLP gRPC endpoint.
   * @default - no in-cluster Tempo: traces go to the destinations only
   */
  readonly traces?: Endpoint;
  /**
   * Loki's OTLP base URL.
   * @default - no in-cluster Loki: logs go to the destinations only
   */
  readonly logs?: string;
  /**
   * Prometheus's OTLP base URL, or each replica's of an HA pair (each gets every point).
   * @default - no in-cluster Prometheus: metrics go to the destinations only
   */
  readonly metrics?: PrometheusTarget;
  /**
   * CPU and memory of each collector pod (the memory limiter is derived from the limit).
   * @default DEFAULT_RESOURCES.collector
   */
  readonly resources?: ResourceSettings;
  /**
   * Scheduling, metadata and extras of its pods.
   * @default - nothing added
   */
  readonly pod?: PodOptions;
  /**
   * Gateway replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Autoscale the gateway on CPU (its queue then stays in memory: see `queueStorage`).
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingSettings;
  /**
   * `deployment.environment.name` stamped on all telemetry.
   * @default - the construct's id
   */
  readonly environment?: string;
  /**
   * `k8s.cluster.name` stamped on all telemetry.
   * @default 'local'
   */
  readonly clusterName?: string;
  /**
   * Tail sampling; with `loadBalancing`, in a sampler tier behind a trace-ID load balancer.
   * @default DEFAULT_SAMPLING (off)
   */
  readonly sampling?: SamplingSettings;
  /**
   * Browser origins allowed to send OTLP/HTTP.
   * @default []
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * Also print what passes through (the debug exporter).
   * @default false
   */
  readonly debugExporter?: boolean;
  /**
   * pprof and zpages on loopback.
   * @default false
   */
  readonly profiling?: boolean;
  /**
   * A claim per replica for the export queues of tiers whose replica count is fixed (the sampler
   * tier, and a gateway that is not autoscaled), so a restart resends what was queued.
   * @default - queues in memory
   */
  readonly queueStorage?: StorageProps;
  /**
   * Serve OTLP over TLS with the certificate in this Secret (clients trust the CA in the ConfigMap).
   * @default - plain OTLP
   */
  readonly otlpTls?: CollectorSettings['otlpTls'];
  /**
   * Serve the OTLP gRPC port the node agents and the cluster receiver send to (4319).
   * @default false
   */
  readonly clusterOtlp?: boolean;
  /**
   * External OTLP destinations per signal, besides (or instead of) the in-cluster backends.
   * @default - none
   */
  readonly destinations?: DestinationSettings;
  /**
   * The user's own processors and exporters, placed into the gateway's pipelines (validated with the settings).
   * @default - none
   */
  readonly additions?: CollectorAdditions;
}

const NO_DESTINATIONS: DestinationSettings = { traces: [], logs: [], metrics: [] };

/** The OpenTelemetry Collector: one OTLP entry point for every workload, fanning out per signal. Its namespace is its Chart's. */
export class OtelCollector extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** The sampler tier, when sampling is load-balanced. */
  readonly sampler?: Workload;
  /** Whether OTLP is served over TLS (clients must use https and trust the CA). */
  readonly otlpTls: boolean;
  /** OTLP/gRPC ingest. */
  readonly otlpGrpc: Endpoint;
  /** OTLP/HTTP ingest (what the demo app uses). */
  readonly otlpHttp: Endpoint;
  /** OTLP/gRPC ingest of cluster telemetry, when cluster telemetry is on. */
  readonly clusterOtlpGrpc?: Endpoint;
  /** The generated configs of the gateway and the sampler tier (what the pipeline check follows). */
  readonly configs: { readonly gateway: CollectorConfig; readonly sampler?: CollectorConfig };

  private readonly props: OtelCollectorProps;
  private readonly destinations: DestinationSettings;

  constructor(scope: Construct, id: string, props: OtelCollectorProps = {}) {
    super(scope, id);
    this.props = props;
    const destinations = this.destinations = props.destinations ?? NO_DESTINATIONS;
    const sampling = props.sampling ?? DEFAULT_SAMPLING;
    const account = this.kubernetesReader(namespaceOf(this));
    // A persistent queue lives on one pod's claim: only a tier whose replica count never shrinks on
    // its own may keep one. An autoscaled gateway queues in memory and drains it when the scale-down
    // stops a pod (SIGTERM, within the grace period), so nothing waits on an orphaned volume.
    const persistentQueues = props.queueStorage?.size !== undefined;
    const gatewayQueue = persistentQueues && !props.autoscaling ? QUEUE_DIR : undefined;
    const samplerQueue = persistentQueues ? QUEUE_DIR : undefined;
    const memoryLimitBytes = parseQuantity((props.resources ?? DEFAULT_RESOURCES.collector).limits.memory);
    const debugExporter = props.debugExporter ?? false;
    const profiling = props.profiling ?? false;
    let sampler: CollectorConfig | undefined;
    if (sampling.enabled && sampling.loadBalancing) {
      sampler = samplerConfig({
        ports: PORTS, memoryLimitBytes, sampling, debugExporter, profiling, queueDirectory: samplerQueue,
        batchTimeoutMs: batchTimeoutMs(props), destinations,
      }, { tracesOtlpGrpc: props.traces?.hostPort, metricsOtlpHttp: props.metrics });
      const samplerFiles = toYaml(sampler);
      this.sampler = new Workload(this, 'sampler', {
        ...this.collectorWorkload(SAMPLER_NAME, 'collector-sampler', { 'config.yaml': samplerFiles }, samplerQueue),
        replicas: sampling.samplerReplicas,
        // Headless: the gateways' DNS resolver needs every sampler pod's address, not one virtual IP.
        headless: true,
        ports: [{ name: 'otlp-grpc', port: PORTS.otlpGrpc }, { name: 'health', port: PORTS.health }, { name: 'metrics', port: PORTS.metrics }],
        terminationGracePeriodSeconds: 60 + sampling.decisionWaitSeconds,
      });
    }
    const samplerEndpoint = this.sampler?.endpoint('otlp-grpc');
    const config = gatewayConfig({
      ports: PORTS,
      environment: props.environment ?? id,
      clusterName: props.clusterName ?? 'local',
      memoryLimitBytes,
      sampling,
      corsAllowedOrigins: props.corsAllowedOrigins ?? [],
      debugExporter,
      profiling,
      queueDirectory: gatewayQueue,
      batchTimeoutMs: batchTimeoutMs(props),
      tls: props.otlpTls && { cert_file: `${TLS_DIR}/tls.crt`, key_file: `${TLS_DIR}/tls.key` },
      clusterOtlpGrpcPort: props.clusterOtlp ? CLUSTER_OTLP_PORT : undefined,
      destinations,
      additions: props.additions,
    }, {
      tracesOtlpGrpc: props.traces?.hostPort,
      logsOtlpHttp: props.logs,
      metricsOtlpHttp: props.metrics,
      samplerTier: samplerEndpoint && { hostname: samplerEndpoint.host, port: samplerEndpoint.port },
    });
    this.configs = { gateway: config, sampler };
    const workload = this.workload = new Workload(this, 'collector', {
      ...this.collectorWorkload(NAME, 'collector', { 'config.yaml': toYaml(config) }, gatewayQueue),
      replicas: props.replicas ?? 1,
      autoscaling: props.autoscaling,
      ports: [
        { name: 'otlp-grpc', port: PORTS.otlpGrpc },
        { name: 'otlp-http', port: PORTS.otlpHttp },
        { name: 'health', port: PORTS.health },
        { name: 'metrics', port: PORTS.metrics },
        ...(props.clusterOtlp ? [{ name: 'otlp-cluster', port: CLUSTER_OTLP_PORT }] : []),
      ],
      secretFiles: props.otlpTls ? [{ secretName: props.otlpTls.secretName, mountPath: TLS_DIR }] : [],
      serviceAccountName: account,
      terminationGracePeriodSeconds: 60,
    });
    this.otlpGrpc = workload.endpoint('otlp-grpc');
    this.otlpHttp = workload.endpoint('otlp-http');
    this.clusterOtlpGrpc = props.clusterOtlp ? workload.endpoint('otlp-cluster') : undefined;
    this.otlpTls = props.otlpTls !== undefined;
  }

  /** What the gateway and the sampler tier share: process (per distribution), resources, config mount, probes, queue volume, metrics. */
  private collectorWorkload(name: string, component: string, files: Record<string, string>, queueDirectory: string | undefined) {
    const { props } = this;
    return {
      name,
      component,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      resources: props.resources ?? DEFAULT_RESOURCES.collector,
      pod: props.pod,
      ...collectorProcess(props.distribution ?? 'contrib', `${CONFIG_DIR}/config.yaml`, props.image),
      envVars: this.destinationHeaderVariables(),
      configMapFiles: destinationCaConfigMaps(this.destinations).map((configMapName) => ({ configMapName, mountPath: dirname(destinationCaFile(configMapName)) })),
      readiness: { path: '/', port: 'health' },
      liveness: { path: '/', port: 'health' },
      configs: [{ suffix: 'config', mountPath: CONFIG_DIR, files }],
      // The export queue survives restarts only where it is persistent (see the constructor).
      data: queueDirectory ? dataVolume(props.queueStorage, queueDirectory) : undefined,
      goRuntime: true,
      metrics: { port: 'metrics', path: '/metrics' },
    };
  }

  /** The destinations' header values, from their Secrets, as the variables the config's `${env:…}` references name. */
  private destinationHeaderVariables(): k8s.EnvVar[] {
    const bySignal = Object.entries(this.destinations) as Array<[DestinationSignal, readonly Destination[]]>;
    return bySignal.flatMap(([signal, list]) => list.flatMap((d, i) => Object.entries(d.headers ?? {}).map(([header, key]) => ({
      name: headerVariable(signal, i, header),
      valueFrom: { secretKeyRef: { name: d.headersSecret!, key } },
    }))));
  }

  /** The ServiceAccount k8s_attributes reads pod metadata with, and its read-only cluster role. */
  private kubernetesReader(namespace: string): string {
    return clusterReader(this, {
      name: NAME, purpose: 'k8s-attributes', namespace, labels: workloadLabels(NAME, 'collector'), rules: K8S_ATTRIBUTES_RULES,
      accountAnnotations: this.props.pod?.serviceAccountAnnotations,
    });
  }
}
