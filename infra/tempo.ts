import { Construct } from 'constructs';
import { tempoConfig } from '../config/tempo';
import { toYaml } from '../config/yaml';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { bucketFor, objectStorageCredentials } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318 } as const;
const DATA_DIR = '/var/tempo';
const CONFIG_DIR = '/etc/tempo';

/** Grafana Tempo, single binary: receives OTLP traces, stores blocks on its volume, answers TraceQL. */
export class Tempo extends ComponentChart {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** OTLP gRPC ingest. */
  readonly otlpGrpc: Endpoint;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;

  constructor(scope: Construct, id: string, props: ComponentChartProps) {
    super(scope, id, props);
    const { env } = this;
    const workload = this.workload = new Workload(this, 'tempo', {
      name: 'tempo',
      component: 'traces',
      ...this.stackContainer('tempo'),
      args: [`-config.file=${CONFIG_DIR}/tempo.yaml`],
      envVars: objectStorageCredentials(env),
      ports: [
        { name: 'http', port: PORTS.http },
        { name: 'grpc', port: PORTS.grpc },
        { name: 'otlp-grpc', port: PORTS.otlpGrpc },
        { name: 'otlp-http', port: PORTS.otlpHttp },
      ],
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/api/status/buildinfo', port: 'http' },
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        files: { 'tempo.yaml': toYaml(tempoConfig({
          ports: PORTS, retention: env.retention.traces, dataDir: DATA_DIR, s3: bucketFor(env, 'traces'),
          traceIdlePeriodMs: env.freshness.traceIdlePeriodMs, flushCheckPeriodMs: env.freshness.traceFlushCheckPeriodMs,
        })) },
      }],
      data: this.dataVolume('tempo', DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.otlpGrpc = workload.endpoint('otlp-grpc');
    this.queryHttp = workload.endpoint('http');
  }
}

