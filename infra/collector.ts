import { dirname } from 'node:path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CollectorPorts, gatewayConfig } from '../config/collector';
import { samplerConfig } from '../config/collector-sampler';
import { DestinationSignal, destinationCaFile, headerVariable } from '../config/collector-destinations';
import type { Destination } from '../settings/schema';
import { parseQuantity } from '../settings/units';
import { toYaml } from '../config/yaml';
import { COLLECTOR_PORTS, collectorProcess } from './collector-process';
import { ComponentChart, ComponentChartProps } from './component-chart';
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

/** Where the collector sends each signal. */
export interface OtelCollectorProps extends ComponentChartProps {
  /**
   * Tempo's OTLP gRPC endpoint.
   * @default - no in-cluster Tempo: traces go to the environment's destinations only
   */
  readonly traces?: Endpoint;
  /**
   * Loki's OTLP base URL.
   * @default - no in-cluster Loki: logs go to the environment's destinations only
   */
  readonly logs?: string;
  /**
   * Prometheus's OTLP base URL.
   * @default - no in-cluster Prometheus: metrics go to the environment's destinations only
   */
  readonly metrics?: string;
}

/** The OpenTelemetry Collector: one OTLP entry point for every workload, fanning out per signal. */
export class OtelCollector extends ComponentChart {
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

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id, props);
    const { env } = this;
    const account = this.kubernetesReader(props.namespace);
    // A persistent queue lives on one pod's claim: only a tier whose replica count never shrinks on
    // its own may keep one. An autoscaled gateway queues in memory and drains it when the scale-down
    // stops a pod (SIGTERM, within the grace period), so nothing waits on an orphaned volume.
    const persistentQueues = env.persistence.enabled;
    const gatewayQueue = persistentQueues && !env.collectorAutoscaling ? QUEUE_DIR : undefined;
    const samplerQueue = persistentQueues ? QUEUE_DIR : undefined;
    const memoryLimitBytes = parseQuantity(env.resources.collector.limits.memory);
    if (env.sampling.enabled && env.sampling.loadBalancing) {
      const samplerFiles = toYaml(samplerConfig({
        ports: PORTS, memoryLimitBytes, sampling: env.sampling, debugExporter: env.collector.debugExporter, profiling: env.collector.profiling, queueDirectory: samplerQueue,
        batchTimeoutMs: env.freshness.collectorBatchTimeoutMs, destinations: env.destinations,
      }, { tracesOtlpGrpc: props.traces?.hostPort, metricsOtlpHttp: props.metrics }));
      this.sampler = new Workload(this, 'sampler', {
        ...this.collectorWorkload(SAMPLER_NAME, 'collector-sampler', { 'config.yaml': samplerFiles }, samplerQueue),
        replicas: env.sampling.samplerReplicas,
        // Headless: the gateways' DNS resolver needs every sampler pod's address, not one virtual IP.
        headless: true,
        ports: [{ name: 'otlp-grpc', port: PORTS.otlpGrpc }, { name: 'health', port: PORTS.health }, { name: 'metrics', port: PORTS.metrics }],
        terminationGracePeriodSeconds: 60 + env.sampling.decisionWaitSeconds,
      });
    }
    const samplerEndpoint = this.sampler?.endpoint('otlp-grpc');
    const config = gatewayConfig({
      ports: PORTS,
      environment: env.name,
      clusterName: env.clusterName,
      memoryLimitBytes: parseQuantity(env.resources.collector.limits.memory),
      sampling: env.sampling,
      corsAllowedOrigins: env.collector.corsAllowedOrigins,
      debugExporter: env.collector.debugExporter,
      profiling: env.collector.profiling,
      queueDirectory: gatewayQueue,
      batchTimeoutMs: env.freshness.collectorBatchTimeoutMs,
      tls: env.collector.otlpTls && { cert_file: `${TLS_DIR}/tls.crt`, key_file: `${TLS_DIR}/tls.key` },
      clusterOtlpGrpcPort: env.clusterTelemetry.enabled ? CLUSTER_OTLP_PORT : undefined,
      destinations: env.destinations,
      additions: env.collector.additions,
    }, {
      tracesOtlpGrpc: props.traces?.hostPort,
      logsOtlpHttp: props.logs,
      metricsOtlpHttp: props.metrics,
      samplerTier: samplerEndpoint && { hostname: samplerEndpoint.host, port: samplerEndpoint.port },
    });
    const workload = this.workload = new Workload(this, 'collector', {
      ...this.collectorWorkload(NAME, 'collector', { 'config.yaml': toYaml(config) }, gatewayQueue),
      replicas: env.collectorReplicas,
      autoscaling: env.collectorAutoscaling,
      ports: [
        { name: 'otlp-grpc', port: PORTS.otlpGrpc },
        { name: 'otlp-http', port: PORTS.otlpHttp },
        { name: 'health', port: PORTS.health },
        { name: 'metrics', port: PORTS.metrics },
        ...(env.clusterTelemetry.enabled ? [{ name: 'otlp-cluster', port: CLUSTER_OTLP_PORT }] : []),
      ],
      secretFiles: env.collector.otlpTls ? [{ secretName: env.collector.otlpTls.secretName, mountPath: TLS_DIR }] : [],
      serviceAccountName: account,
      terminationGracePeriodSeconds: 60,
    });
    this.otlpGrpc = workload.endpoint('otlp-grpc');
    this.otlpHttp = workload.endpoint('otlp-http');
    this.clusterOtlpGrpc = env.clusterTelemetry.enabled ? workload.endpoint('otlp-cluster') : undefined;
    this.otlpTls = env.collector.otlpTls !== undefined;
  }

  /** What the gateway and the sampler tier share: process (per distribution), resources, config mount, probes, queue volume, metrics. */
  private collectorWorkload(name: string, component: string, files: Record<string, string>, queueDirectory: string | undefined) {
    return {
      name,
      component,
      ...this.stackContainer('collector'),
      ...collectorProcess(this.env, `${CONFIG_DIR}/config.yaml`),
      envVars: this.destinationHeaderVariables(),
      configMapFiles: this.env.externalStackConfigMaps().map((configMapName) => ({ configMapName, mountPath: dirname(destinationCaFile(configMapName)) })),
      readiness: { path: '/', port: 'health' },
      liveness: { path: '/', port: 'health' },
      configs: [{ suffix: 'config', mountPath: CONFIG_DIR, files }],
      // The export queue survives restarts only where it is persistent (see the constructor).
      data: queueDirectory ? this.dataVolume('collector', queueDirectory) : undefined,
      goRuntime: true,
      metrics: { port: 'metrics', path: '/metrics' },
    };
  }

  /** The destinations' header values, from their Secrets, as the variables the config's `${env:…}` references name. */
  private destinationHeaderVariables(): k8s.EnvVar[] {
    const bySignal = Object.entries(this.env.destinations) as Array<[DestinationSignal, readonly Destination[]]>;
    return bySignal.flatMap(([signal, list]) => list.flatMap((d, i) => Object.entries(d.headers ?? {}).map(([header, key]) => ({
      name: headerVariable(signal, i, header),
      valueFrom: { secretKeyRef: { name: d.headersSecret!, key } },
    }))));
  }

  /** The ServiceAccount k8s_attributes reads pod metadata with, and its read-only cluster role. */
  private kubernetesReader(namespace: string): string {
    return clusterReader(this, {
      name: NAME, purpose: 'k8s-attributes', namespace, labels: workloadLabels(NAME, 'collector'), rules: K8S_ATTRIBUTES_RULES,
      accountAnnotations: this.env.pods.serviceAccountAnnotations,
    });
  }
}
