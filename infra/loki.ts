import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { lokiArgs, lokiConfig } from '../config/loki';
import { toYaml } from '../config/yaml';
import { lokiMaxUnavailable, lokiReplicationFactor, lokiTopologyProblems } from '../settings/loki-topology';
import { DEFAULT_RETENTION } from '../settings/stack-settings';
import { goDuration, parseDuration } from '../settings/units';
import { componentContainer, ComponentProps, dataVolume, StorageProps } from './component-props';
import { Endpoint } from './endpoint';
import { ObjectStorageBucket, objectStorageAccess, objectStore } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3100, grpc: 9095, memberlist: 7946 } as const;
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
   * Keep chunks and index in a bucket (S3-compatible, GCS or Azure), with credentials from its Secret.
   * Needed for more than one replica.
   * @default - on the data volume (filesystem: one replica only)
   */
  readonly objectStorage?: ObjectStorageBucket;
  /**
   * Replicas of the same binary (`-target=all`, "HA monolithic"): they gossip over memberlist through
   * the headless Service `loki-memberlist` (port 7946), share the bucket, keep each WAL on their own
   * volume and spread across nodes (hard) and zones (soft). More than one needs `objectStorage`.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Copies of every stream, on as many replicas; a write needs a majority of them, and the
   * PodDisruptionBudget lets a drain take only RF − majority replicas (1 for RF 3). At most
   * `replicas`; with more than one replica, at least 3.
   * @default - 3 with more than one replica, else 1
   */
  readonly replicationFactor?: number;
}

/**
 * Grafana Loki: one process, or several replicas of it on one memberlist ring with a replication
 * factor ("HA monolithic"); ingests OTLP logs natively, keeps them on its volume or in a bucket.
 * Its namespace is its Chart's.
 */
export class Loki extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;
  /** Base URL of the native OTLP endpoint; an OTLP/HTTP exporter appends `/v1/logs`. */
  readonly otlpHttpBase: string;
  /** The headless Service the replicas gossip over, with more than one replica. */
  readonly memberlist?: Endpoint;

  constructor(scope: Construct, id: string, props: LokiProps = {}) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    const problems = lokiTopologyProblems({ replicas, replicationFactor: props.replicationFactor }, props.objectStorage !== undefined, '');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
    const replicationFactor = lokiReplicationFactor({ replicas, replicationFactor: props.replicationFactor });
    const ring = replicas > 1;
    const store = objectStore(props.objectStorage);
    const access = objectStorageAccess(props.objectStorage);
    const settings = {
      ports: PORTS, retention: goDuration(props.retention ?? parseDuration(DEFAULT_RETENTION.logs)), dataDir: DATA_DIR,
      ingestionRateMb: props.ingestionRateMb ?? 4, ingestionBurstMb: props.ingestionBurstMb ?? 8, objectStore: store,
    };
    const workload: Workload = this.workload = new Workload(this, 'loki', {
      name: 'loki',
      component: 'logs',
      ...componentContainer(props, 'loki'),
      replicas,
      args: lokiArgs(`${CONFIG_DIR}/loki.yaml`, store),
      envVars: access.envVars,
      secretFiles: access.secretFiles,
      ports: [{ name: 'http', port: PORTS.http }, { name: 'grpc', port: PORTS.grpc }],
      peers: ring ? { serviceName: 'loki-memberlist', ports: [{ name: 'memberlist', port: PORTS.memberlist }] } : undefined,
      maxUnavailable: ring ? lokiMaxUnavailable(replicationFactor) : undefined,
      spreadAcrossZones: ring,
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/loki/api/v1/status/buildinfo', port: 'http' },
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        // Produced once the workload exists: a ring's replicas find each other through its peer Service.
        files: () => ({
          'loki.yaml': toYaml(lokiConfig({
            ...settings,
            ring: ring ? {
              replicationFactor,
              joinMembers: [`dns+${workload.endpoint('memberlist').hostPort}`],
              clusterLabel: `loki.${workload.namespace}`,
            } : undefined,
          })),
        }),
      }],
      data: dataVolume(props.storage, DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    });
    this.queryHttp = workload.endpoint('http');
    this.otlpHttpBase = this.queryHttp.url('/otlp');
    this.memberlist = ring ? workload.endpoint('memberlist') : undefined;
  }
}
