import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { tempoConfig } from '../config/tempo';
import { toYaml } from '../config/yaml';
import { DEFAULT_FRESHNESS, DEFAULT_RETENTION } from '../settings/stack-settings';
import { goDuration, parseDuration } from '../settings/units';
import { componentContainer, ComponentProps, dataVolume, StorageProps } from './component-props';
import { Endpoint } from './endpoint';
import { ObjectStorageBucket, objectStorageAccess, objectStore } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318 } as const;
const DATA_DIR = '/var/tempo';
const CONFIG_DIR = '/etc/tempo';

/** Grafana Tempo's settings. */
export interface TempoProps extends ComponentProps {
  /**
   * How long trace blocks are kept.
   * @default Duration.hours(48)
   */
  readonly retention?: Duration;
  /**
   * After how long without new spans a trace is cut into the searchable head block.
   * @default Duration.seconds(10) (Tempo's default)
   */
  readonly traceIdlePeriod?: Duration;
  /**
   * How often idle traces are looked for.
   * @default Duration.seconds(10) (Tempo's default)
   */
  readonly flushCheckPeriod?: Duration;
  /**
   * The data volume (blocks and WAL, or only the WAL with object storage).
   * @default - an emptyDir
   */
  readonly storage?: StorageProps;
  /**
   * Keep blocks in a bucket (S3-compatible, GCS or Azure), with credentials from its Secret.
   * @default - on the data volume
   */
  readonly objectStorage?: ObjectStorageBucket;
}

/** Grafana Tempo, single binary: receives OTLP traces, stores blocks, answers TraceQL. Its namespace is its Chart's. */
export class Tempo extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** OTLP gRPC ingest. */
  readonly otlpGrpc: Endpoint;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;

  constructor(scope: Construct, id: string, props: TempoProps = {}) {
    super(scope, id);
    const access = objectStorageAccess(props.objectStorage);
    const workload = this.workload = new Workload(this, 'tempo', {
      name: 'tempo',
      component: 'traces',
      ...componentContainer(props, 'tempo'),
      args: [`-config.file=${CONFIG_DIR}/tempo.yaml`],
      envVars: access.envVars,
      secretFiles: access.secretFiles,
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
          ports: PORTS, retention: goDuration(props.retention ?? parseDuration(DEFAULT_RETENTION.traces)), dataDir: DATA_DIR, objectStore: objectStore(props.objectStorage),
          traceIdlePeriodMs: props.traceIdlePeriod?.toMilliseconds() ?? DEFAULT_FRESHNESS.traceIdlePeriodMs,
          flushCheckPeriodMs: props.flushCheckPeriod?.toMilliseconds() ?? DEFAULT_FRESHNESS.traceFlushCheckPeriodMs,
        })) },
      }],
      data: dataVolume(props.storage, DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.otlpGrpc = workload.endpoint('otlp-grpc');
    this.queryHttp = workload.endpoint('http');
  }
}
