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
import { TEMPO_MICROSERVICES_DEFAULTS } from '../settings/tempo-topology';
import type { TempoMicroservicesSettings } from '../settings/schema';
import { namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { STACK_LABELS, workloadLabels } from './labels';
import type { Pods } from './network-policies';
import { DataVolume, PortSpec, Workload, WorkloadProps } from './workload';

/**
 * What every Tempo workload shares, the single process's and each component's: image, resources,
 * component label, credentials, the config file and the arguments that read it, probes, metrics.
 */
export type SharedWorkloadProps = Pick<WorkloadProps, 'image' | 'imagePullPolicy' | 'resources' | 'user' | 'pod' | 'component' | 'envVars'
  | 'secretFiles' | 'args' | 'configs' | 'readiness' | 'liveness' | 'goRuntime' | 'metrics' | 'terminationGracePeriodSeconds'>;

/** The ports every Tempo component listens on (Tempo's own, from the construct that owns them). */
export interface TempoComponentPorts {
  readonly http: number;
  readonly grpc: number;
  readonly memberlist: number;
}

/** Names and addresses the config file needs, known before the workloads exist. */
export function microserviceAddresses(namespace: string, ports: TempoComponentPorts) {
  // Headless Services: the workers' DNS lookups return every pod (each querier connects to every frontend).
  const svc = (name: string, port: number) => new Endpoint(`${name}.${namespace}.svc`, port).hostPort;
  return {
    gossipService: 'tempo-gossip-ring',
    queryFrontendDiscovery: 'tempo-query-frontend-discovery',
    joinMembers: [`dns+${svc('tempo-gossip-ring', ports.memberlist)}`],
    queryFrontendGrpc: svc('tempo-query-frontend-discovery', ports.grpc),
    backendSchedulerGrpc: svc('tempo-backend-scheduler', ports.grpc),
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
  readonly shared: SharedWorkloadProps;
  readonly ports: TempoComponentPorts;
  /** The OTLP ports the distributors receive on. */
  readonly otlpPorts: PortSpec[];
  /** The data volume of stateful components (its mount path is the config's data dir). */
  readonly data: DataVolume;
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
    const addresses = microserviceAddresses(namespace, props.ports);
    const ports: PortSpec[] = (['http', 'grpc', 'memberlist'] as const).map((name) => ({ name, port: props.ports[name] }));
    this.workloads = components(props.settings, props.otlpPorts).map((c) => new Workload(this, c.name, {
      ...props.shared,
      name: c.name,
      replicas: c.replicas,
      args: [`-target=${c.target}`, ...(props.shared.args ?? []), ...(c.extraArgs ?? [])],
      ports: [...ports, ...(c.extraPorts ?? [])],
      // The query-frontends' gRPC behind a headless Service: each querier connects to every frontend.
      peers: c.target === 'query-frontend' ? { serviceName: addresses.queryFrontendDiscovery, ports: [ports[1]] } : undefined,
      ...(c.data ? { data: props.data } : { scratchPaths: [props.data.mountPath] }),
      maxUnavailable: c.replicas > 1 ? 1 : undefined,
      spreadAcrossZones: c.replicas > 1,
    }));
    const named = (target: string) => this.workloads.find((w) => w.name === `tempo-${target}`)!;
    this.distributor = named('distributor');
    this.queryFrontend = named('query-frontend');
    const selector = { 'app.kubernetes.io/component': props.shared.component, ...STACK_LABELS };
    this.pods = { name: 'tempo', namespace, selector, ports };
    // Not-ready pods too: a ring forms before its members are ready (they become ready by joining it).
    new k8s.KubeService(this, 'gossip-ring', {
      metadata: { name: addresses.gossipService, labels: workloadLabels(addresses.gossipService, props.shared.component) },
      spec: {
        clusterIp: 'None', publishNotReadyAddresses: true, selector,
        ports: [{ name: 'memberlist', port: props.ports.memberlist, targetPort: k8s.IntOrString.fromString('memberlist'), protocol: 'TCP' }],
      },
    });
  }
}
