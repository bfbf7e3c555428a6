import { Construct } from 'constructs';
import { collectorConfig } from '../config/collector';
import { toYaml } from '../config/yaml';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { IMAGES, IMAGE_USERS } from './images';
import { Workload } from './workload';

const PORTS = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 } as const;
const CONFIG_DIR = '/etc/otelcol';

/** Where the collector sends each signal. */
export interface OtelCollectorProps extends ComponentChartProps {
  /** Tempo's OTLP gRPC endpoint. */
  readonly traces: Endpoint;
  /** Loki's OTLP base URL. */
  readonly logs: string;
  /** Prometheus's OTLP base URL. */
  readonly metrics: string;
}

/** The OpenTelemetry Collector: one OTLP entry point for every workload, fanning out per signal. */
export class OtelCollector extends ComponentChart {
  /** OTLP/gRPC ingest. */
  readonly otlpGrpc: Endpoint;
  /** OTLP/HTTP ingest (what the demo app uses). */
  readonly otlpHttp: Endpoint;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id, props);
    const { env } = this;
    const config = collectorConfig(PORTS, {
      tracesOtlpGrpc: props.traces.hostPort,
      logsOtlpHttp: props.logs,
      metricsOtlpHttp: props.metrics,
    });
    const workload = new Workload(this, 'collector', {
      name: 'otel-collector',
      component: 'collector',
      image: IMAGES.collector,
      imagePullPolicy: env.imagePullPolicy,
      resources: env.resources.collector,
      user: IMAGE_USERS.collector,
      replicas: env.collectorReplicas,
      args: [`--config=${CONFIG_DIR}/config.yaml`],
      ports: [
        { name: 'otlp-grpc', port: PORTS.otlpGrpc },
        { name: 'otlp-http', port: PORTS.otlpHttp },
        { name: 'health', port: PORTS.health },
        { name: 'metrics', port: PORTS.metrics },
      ],
      readiness: { path: '/', port: 'health' },
      liveness: { path: '/', port: 'health' },
      configs: [{ suffix: 'config', mountPath: CONFIG_DIR, files: { 'config.yaml': toYaml(config) } }],
      goRuntime: true,
      metrics: { port: 'metrics', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.otlpGrpc = workload.endpoint('otlp-grpc');
    this.otlpHttp = workload.endpoint('otlp-http');
  }
}
