import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { lokiConfig } from '../config/loki';
import { toYaml } from '../config/yaml';
import { DEFAULT_RESOURCES } from '../settings/stack-settings';
import { goDuration } from '../settings/units';
import { ComponentProps, StorageProps, dataVolume } from './component-props';
import { Endpoint } from './endpoint';
import { IMAGE_USERS, IMAGES } from './images';
import { ObjectStorageBucket, objectStorageCredentials, s3Bucket } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3100, grpc: 9095 } as const;
const DATA_DIR = '/var/loki';
const CONFIG_DIR = '/etc/loki';

/** Grafana Loki's settings. */
export interface LokiProps extends ComponentProps {
  /**
   * How long logs are kept (the compactor deletes older ones; Loki's minimum is 24 hours).
   * @default Duration.hours(72)
   */
  readonly retention?: Duration;
  /**
   * Sustained ingestion limit per tenant, MB/s.
   * @default 4
   */
  readonly ingestionRateMb?: number;
  /**
   * Burst ingestion limit per tenant, MB.
   * @default 8
   */
  readonly ingestionBurstMb?: number;
  /**
   * The data volume (chunks and index, or only the WAL with object storage).
   * @default - an emptyDir
   */
  readonly storage?: StorageProps;
  /**
   * Keep chunks and index in an S3-compatible bucket.
   * @default - on the data volume
   */
  readonly objectStorage?: ObjectStorageBucket;
}

/** Grafana Loki, monolithic: ingests OTLP logs natively, keeps them on its volume or in a bucket. Its namespace is its Chart's. */
export class Loki extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;
  /** Base URL of the native OTLP endpoint; an OTLP/HTTP exporter appends `/v1/logs`. */
  readonly otlpHttpBase: string;

  constructor(scope: Construct, id: string, props: LokiProps = {}) {
    super(scope, id);
    const resources = props.resources ?? DEFAULT_RESOURCES.loki;
    const workload = this.workload = new Workload(this, 'loki', {
      name: 'loki',
      component: 'logs',
      image: props.image ?? IMAGES.loki,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      resources,
      user: IMAGE_USERS.loki,
      pod: props.pod,
      args: [`-config.file=${CONFIG_DIR}/loki.yaml`],
      envVars: objectStorageCredentials(props.objectStorage),
      ports: [{ name: 'http', port: PORTS.http }, { name: 'grpc', port: PORTS.grpc }],
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/loki/api/v1/status/buildinfo', port: 'http' },
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        files: { 'loki.yaml': toYaml(lokiConfig({
          ports: PORTS, retention: goDuration(props.retention ?? Duration.hours(72)), dataDir: DATA_DIR,
          ingestionRateMb: props.ingestionRateMb ?? 4, ingestionBurstMb: props.ingestionBurstMb ?? 8, s3: s3Bucket(props.objectStorage),
        })) },
      }],
      data: dataVolume(props.storage, DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.queryHttp = workload.endpoint('http');
    this.otlpHttpBase = this.queryHttp.url('/otlp');
  }
}
