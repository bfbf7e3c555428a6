/**
 * Tempo 3 as microservices: one workload per component, every one reading the same config file
 * with its own `-target` (the layout of Tempo's own jsonnet and Compose examples at v3.0.3):
 * distributors write to Kafka; block-builders (one per partition) turn it into blocks in the bucket;
 * live-stores (one per partition in each of two zones) serve recent traces; queriers pull query work
 * from the query-frontends; the backend scheduler and workers compact and apply retention. The rings
 * gossip over memberlist through one headless Service every Tempo pod is behind.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { TempoConfig } from '../config/tempo';
import { toYaml } from '../config/yaml';
import { TEMPO_MICROSERVICES_DEFAULTS } from '../settings/tempo-topology';
import type { TempoMicroservicesSettings } from '../settings/schema';
import { namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { STACK_LABELS, workloadLabels } from './labels';
import type { Pods } from './network-policies';
import { DataVolume, PortSpec, Workload, WorkloadProps } from './workload';

/** What every component's workload shares (image, resources, credentials, the config file's mount). */
export type SharedWorkloadProps = Pick<WorkloadProps, 'image' | 'imagePullPolicy' | 'resources' | 'user' | 'pod' | 'envVars' | 'secretFiles'>;

/** Ports every Tempo component listens on, and the memberlist port of its rings. */
export const TEMPO_MICROSERVICE_PORTS = { http: 3200, grpc: 9095, memberlist: 7946 } as const;

/** The Tempo pods' shared labels: one component label (`traces`) on every one of them. */
const COMPONENT = 'traces';

/** Names and addresses the config file needs, known before the workloads exist. */
export function microserviceAddresses(namespace: string) {
  // Headless Services: the workers' DNS lookups return every pod (each querier connects to every frontend).
  const svc = (name: string, port: number) => new Endpoint(`${name}.${namespace}.svc`, port).hostPort;
  return {
    gossipService: 'tempo-gossip-ring',
    queryFrontendDiscovery: 'tempo-query-frontend-discovery',
    joinMembers: [`dns+${svc('tempo-gossip-ring', TEMPO_MICROSERVICE_PORTS.memberlist)}`],
    queryFrontendGrpc: svc('tempo-query-frontend-discovery', TEMPO_MICROSERVICE_PORTS.grpc),
    backendSchedulerGrpc: svc('tempo-backend-scheduler', TEMPO_MICROSERVICE_PORTS.grpc),
  };
}

/** One component: its target, workload name, replicas, and whether it keeps data on a volume. */
interface Component {
  readonly target: string;
  readonly name: string;
  readonly replicas: number;
  readonly data?: boolean;
  readonly extraArgs?: string[];
  readonly extraPorts?: PortSpec[];
}

/** The components for the given settings, in the order they start in. */
function components(ms: TempoMicroservicesSettings, otlpPorts: PortSpec[]): Component[] {
  const partitions = ms.partitions ?? TEMPO_MICROSERVICES_DEFAULTS.partitions;
  const replicas = ms.replicas ?? TEMPO_MICROSERVICES_DEFAULTS.replicas;
  return [
    { target: 'distributor', name: 'tempo-distributor', replicas, extraPorts: otlpPorts },
    // Each block-builder and live-store pod consumes the partition of its ordinal (`<name>-<n>`).
    { target: 'block-builder', name: 'tempo-block-builder', replicas: partitions, data: true },
    ...['zone-a', 'zone-b'].map((zone): Component => ({
      target: 'live-store', name: `tempo-live-store-${zone}`, replicas: partitions, data: true, extraArgs: [`-live-store.instance-availability-zone=${zone}`],
    })),
    { target: 'query-frontend', name: 'tempo-query-frontend', replicas },
    { target: 'querier', name: 'tempo-querier', replicas },
    { target: 'backend-scheduler', name: 'tempo-backend-scheduler', replicas: 1, data: true },
    { target: 'backend-worker', name: 'tempo-backend-worker', replicas },
  ];
}

/** What the microservices construct needs from Tempo's. */
export interface TempoMicroservicesProps {
  readonly settings: TempoMicroservicesSettings;
  readonly config: TempoConfig;
  readonly shared: SharedWorkloadProps;
  /** The OTLP ports the distributors receive on. */
  readonly otlpPorts: PortSpec[];
  /** The data volume of stateful components (its mount path is the config's data dir). */
  readonly data: DataVolume;
  readonly configDir: string;
}

/** Every Tempo 3 component as its own workload, and the gossip Service they join through. */
export class TempoMicroservices extends Construct {
  /** Every component's workload, in start order. */
  readonly workloads: readonly Workload[];
  /** Where spans are sent: the distributors. */
  readonly distributor: Workload;
  /** Where queries go: the query-frontends. */
  readonly queryFrontend: Workload;
  /** Every Tempo pod, for the flows between them (rings, gRPC, HTTP). */
  readonly pods: Pods;

  constructor(scope: Construct, id: string, props: TempoMicroservicesProps) {
    super(scope, id);
    const namespace = namespaceOf(this);
    const addresses = microserviceAddresses(namespace);
    const ports: PortSpec[] = [
      { name: 'http', port: TEMPO_MICROSERVICE_PORTS.http },
      { name: 'grpc', port: TEMPO_MICROSERVICE_PORTS.grpc },
      { name: 'memberlist', port: TEMPO_MICROSERVICE_PORTS.memberlist },
    ];
    const file = toYaml(props.config);
    this.workloads = components(props.settings, props.otlpPorts).map((c) => new Workload(this, c.name, {
      ...props.shared,
      name: c.name,
      component: COMPONENT,
      replicas: c.replicas,
      args: [`-target=${c.target}`, `-config.file=${props.configDir}/tempo.yaml`, ...(c.extraArgs ?? [])],
      ports: [...ports, ...(c.extraPorts ?? [])],
      // The query-frontends' gRPC behind a headless Service: each querier connects to every frontend.
      peers: c.target === 'query-frontend' ? { serviceName: addresses.queryFrontendDiscovery, ports: [ports[1]] } : undefined,
      readiness: { path: '/ready', port: 'http', initialDelaySeconds: 15 },
      liveness: { path: '/api/status/buildinfo', port: 'http' },
      configs: [{ suffix: 'config', mountPath: props.configDir, files: { 'tempo.yaml': file } }],
      ...(c.data ? { data: props.data } : { scratchPaths: [props.data.mountPath] }),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      maxUnavailable: c.replicas > 1 ? 1 : undefined,
      spreadAcrossZones: c.replicas > 1,
      terminationGracePeriodSeconds: 60,
    }));
    const named = (target: string) => this.workloads.find((w) => w.name === `tempo-${target}`)!;
    this.distributor = named('distributor');
    this.queryFrontend = named('query-frontend');
    const selector = { 'app.kubernetes.io/component': COMPONENT, ...STACK_LABELS };
    this.pods = { name: 'tempo', namespace, selector, ports };
    // Not-ready pods too: a ring forms before its members are ready (they become ready by joining it).
    new k8s.KubeService(this, 'gossip-ring', {
      metadata: { name: addresses.gossipService, labels: workloadLabels(addresses.gossipService, COMPONENT) },
      spec: {
        clusterIp: 'None', publishNotReadyAddresses: true, selector,
        ports: [{ name: 'memberlist', port: TEMPO_MICROSERVICE_PORTS.memberlist, targetPort: k8s.IntOrString.fromString('memberlist'), protocol: 'TCP' }],
      },
    });
  }
}
