import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { tempoConfig } from '../config/tempo';
import { toYaml } from '../config/yaml';
import { DEFAULT_FRESHNESS, DEFAULT_RETENTION } from '../settings/stack-settings';
import { goDuration, parseDuration } from '../settings/units';
import type { TempoMicroservicesSettings } from '../settings/schema';
import { TEMPO_MICROSERVICES_DEFAULTS, tempoMicroservicesProblems } from '../settings/tempo-topology';
import { componentContainer, ComponentProps, dataVolume, namespaceOf, StorageProps } from './component-props';
import type { Pods } from './network-policies';
import { SharedWorkloadProps, TempoMicroservices, microserviceAddresses } from './tempo-microservices';
import { Endpoint } from './endpoint';
import { ObjectStorageBucket, objectStorageAccess, objectStore } from './object-storage';
import { Workload } from './workload';

const PORTS = { http: 3200, grpc: 9095, memberlist: 7946, otlpGrpc: 4317, otlpHttp: 4318 } as const;
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
  /**
   * Run Tempo 3 as microservices, with your Kafka-compatible queue (needs `objectStorage`).
   * @default - monolithic (`-target=all`)
   */
  readonly microservices?: TempoMicroservicesSettings;
}

/**
 * Grafana Tempo 3: one process (`-target=all`), or with `microservices` a workload per component and
 * Kafka between them. Receives OTLP traces, stores blocks, answers TraceQL. Its namespace is its Chart's.
 */
export class Tempo extends Construct {
  /** Where spans are received (the single process, or the distributors). */
  readonly workload: Workload;
  /** What answers queries (the single process, or the query-frontends). */
  readonly queryWorkload: Workload;
  /** Every workload of Tempo (one, or each microservice). */
  readonly workloads: readonly Workload[];
  /** In microservices mode, every Tempo pod, for the flows between them. */
  readonly peers?: Pods;
  /** OTLP gRPC ingest. */
  readonly otlpGrpc: Endpoint;
  /** HTTP API (queries, /ready, /metrics). */
  readonly queryHttp: Endpoint;

  constructor(scope: Construct, id: string, props: TempoProps = {}) {
    super(scope, id);
    const problems = tempoMicroservicesProblems(props.microservices, props.objectStorage !== undefined, 'microservices.');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
    const access = objectStorageAccess(props.objectStorage);
    const ms = props.microservices;
    const addresses = ms && microserviceAddresses(namespaceOf(this), PORTS);
    const config = tempoConfig({
      ports: PORTS, retention: goDuration(props.retention ?? parseDuration(DEFAULT_RETENTION.traces)), dataDir: DATA_DIR, objectStore: objectStore(props.objectStorage),
      traceIdlePeriodMs: props.traceIdlePeriod?.toMilliseconds() ?? DEFAULT_FRESHNESS.traceIdlePeriodMs,
      flushCheckPeriodMs: props.flushCheckPeriod?.toMilliseconds() ?? DEFAULT_FRESHNESS.traceFlushCheckPeriodMs,
      microservices: ms && addresses && {
        kafka: { address: ms.kafkaAddress, topic: ms.kafkaTopic ?? TEMPO_MICROSERVICES_DEFAULTS.kafkaTopic },
        memberlist: { port: PORTS.memberlist, joinMembers: addresses.joinMembers },
        queryFrontendGrpc: addresses.queryFrontendGrpc,
        backendSchedulerGrpc: addresses.backendSchedulerGrpc,
      },
    });
    const shared: SharedWorkloadProps = {
      ...componentContainer(props, 'tempo'),
      component: 'traces',
      envVars: access.envVars,
      secretFiles: access.secretFiles,
      args: [`-config.file=${CONFIG_DIR}/tempo.yaml`],
      configs: [{ suffix: 'config', mountPath: CONFIG_DIR, files: { 'tempo.yaml': toYaml(config) } }],
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/api/status/buildinfo', port: 'http' },
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      terminationGracePeriodSeconds: 60,
    };
    const otlpPorts = [{ name: 'otlp-grpc', port: PORTS.otlpGrpc }, { name: 'otlp-http', port: PORTS.otlpHttp }];
    const data = dataVolume(props.storage, DATA_DIR);
    if (ms) {
      const services = new TempoMicroservices(this, 'microservices', { settings: ms, shared, ports: PORTS, otlpPorts, data });
      this.workload = services.distributor;
      this.queryWorkload = services.queryFrontend;
      this.workloads = services.workloads;
      this.peers = services.pods;
    } else {
      this.workload = this.queryWorkload = new Workload(this, 'tempo', {
        ...shared,
        name: 'tempo',
        ports: [{ name: 'http', port: PORTS.http }, { name: 'grpc', port: PORTS.grpc }, ...otlpPorts],
        data,
      });
      this.workloads = [this.workload];
    }
    this.otlpGrpc = this.workload.endpoint('otlp-grpc');
    this.queryHttp = this.queryWorkload.endpoint('http');
  }
}
