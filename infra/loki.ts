import { Construct } from 'constructs';
import { lokiConfig } from '../config/loki';
import { toYaml } from '../config/yaml';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { bucketFor, objectStorageCredentials } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3100, grpc: 9095 } as const;
const DATA_DIR = '/var/loki';
const CONFIG_DIR = '/etc/loki';

/** Grafana Loki, monolithic: ingests OTLP logs natively, keeps them on its volume. */
export class Loki extends ComponentChart {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;
  /** Base URL of the native OTLP endpoint; an OTLP/HTTP exporter appends `/v1/logs`. */
  readonly otlpHttpBase: string;

  constructor(scope: Construct, id: string, props: ComponentChartProps) {
    super(scope, id, props);
    const { env } = this;
    const workload = this.workload = new Workload(this, 'loki', {
      name: 'loki',
      component: 'logs',
      ...this.stackContainer('loki'),
      args: [`-config.file=${CONFIG_DIR}/loki.yaml`],
      envVars: objectStorageCredentials(env),
      ports: [{ name: 'http', port: PORTS.http }, { name: 'grpc', port: PORTS.grpc }],
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/loki/api/v1/status/buildinfo', port: 'http' },
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        files: { 'loki.yaml': toYaml(lokiConfig({
          ports: PORTS, retention: env.retention.logs, dataDir: DATA_DIR,
          ingestionRateMb: env.logIngestion.rateMb, ingestionBurstMb: env.logIngestion.burstMb, s3: bucketFor(env, 'logs'),
        })) },
      }],
      data: this.dataVolume('loki', DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.queryHttp = workload.endpoint('http');
    this.otlpHttpBase = this.queryHttp.url('/otlp');
  }
}
