import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespaceOf } from './component-props';
import { Workload } from './workload';
import { PART_OF_STACK } from './labels';

/** A source of traffic outside the stack's workloads: pods picked by namespace (and optionally pod) labels. */
export interface ExternalPeer {
  /** Labels of the namespaces the traffic comes from or goes to. */
  readonly namespaceLabels: Record<string, string>;
  /**
   * Labels of the pods within those namespaces.
   * @default - every pod of the namespaces
   */
  readonly podLabels?: Record<string, string>;
}

/** Pods of the stack that policies select: a Workload, or anything else with a name, a namespace, a selector and ports (e.g. a Job). */
export type Pods = Pick<Workload, 'name' | 'namespace' | 'selector' | 'ports'>;

/** One allowed connection: from a peer to named ports of a workload. */
export interface Flow {
  /** Who connects. */
  readonly from: Pods | ExternalPeer;
  /** Who is connected to. */
  readonly to: Pods;
  /** Names of `to`'s ports. */
  readonly ports: readonly string[];
}

/** Connections to addresses outside the cluster's pods, whose IPs are not known here (API server, object storage, remote write). */
export interface ExternalEgress {
  /** Who connects. */
  readonly from: Pods;
  /** TCP ports it may reach on any address. */
  readonly ports: readonly number[];
}

/** What the policies need to know. */
export interface NetworkPoliciesProps {
  /** Every connection the stack needs. Both ends' policies are derived from this one list. */
  readonly flows: readonly Flow[];
  /** Connections to addresses outside the cluster's pods. */
  readonly externalEgress: readonly ExternalEgress[];
}

const isPods = (peer: Pods | ExternalPeer): peer is Pods => 'selector' in peer;

/**
 * Default-deny for ingress and egress in one namespace (the stack's, or the node agent's), then exactly the listed flows:
 * an ingress rule on the receiving workload and, when the sender is in this namespace, an egress
 * rule on the sender. DNS egress is open to kube-dns for every pod. The namespace is its Chart's.
 */
export class NetworkPolicies extends Construct {
  /** Every flow, those the stack declared and those added with `admit`; the ingress rules are read at synthesis. */
  private readonly flows: Flow[];

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const namespace = namespaceOf(this);
    this.flows = [...props.flows];
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      new k8s.KubeNetworkPolicy(this, name, { metadata: { name, labels: { ...PART_OF_STACK } }, spec });

    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
      }],
    });

    const peerOf = (p: Pods | ExternalPeer): k8s.NetworkPolicyPeer => (isPods(p)
      ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.namespace } }, podSelector: { matchLabels: p.selector } }
      : { namespaceSelector: { matchLabels: p.namespaceLabels }, podSelector: p.podLabels && { matchLabels: p.podLabels } });
    const portsOf = (w: Pods, names: readonly string[]): k8s.NetworkPolicyPort[] => names.flatMap((name) => {
      const port = w.ports.find((p) => p.name === name);
      if (!port) throw new Error(`${w.name} has no port named '${name}'`);
      return (port.udp ? ['TCP', 'UDP'] : ['TCP']).map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(port.port) }));
    });

    for (const f of props.flows) {
      const fromHere = isPods(f.from) && f.from.namespace === namespace;
      if (f.to.namespace !== namespace && !fromHere) throw new Error(`${f.to.name}: a flow must start or end in this chart's namespace ${namespace}`);
    }
    // Ingress rules for receivers in this namespace; a flow to another namespace is that namespace's policies' business.
    const receivers = [...new Set(props.flows.map((f) => f.to))].filter((to) => to.namespace === namespace);
    for (const to of receivers) {
      policy(`${to.name}-ingress`, {
        podSelector: { matchLabels: to.selector },
        policyTypes: ['Ingress'],
        ingress: Lazy.any({ produce: () => this.flows.filter((f) => f.to === to).map((f) => ({ from: [peerOf(f.from)], ports: portsOf(to, f.ports) })) }) as never,
      });
    }

    const senders = [...new Set([...props.flows.map((f) => f.from), ...props.externalEgress.map((e) => e.from)]
      .filter(isPods).filter((w) => w.namespace === namespace))];
    for (const from of senders) {
      const egress: k8s.NetworkPolicyEgressRule[] = props.flows.filter((f) => f.from === from)
        .map((f) => ({ to: [peerOf(f.to)], ports: portsOf(f.to, f.ports) }));
      const externalPorts = [...new Set(props.externalEgress.filter((e) => e.from === from).flatMap((e) => e.ports))].sort((a, b) => a - b);
      if (externalPorts.length > 0) {
        egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: externalPorts.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) });
      }
      policy(`${from.name}-egress`, { podSelector: { matchLabels: from.selector }, policyTypes: ['Egress'], egress });
    }
  }

  /**
   * Admits pods of another namespace to ports of a workload that already receives traffic (e.g.
   * an instrumented workload's namespace to the collector's OTLP ports).
   */
  admit(namespace: string, to: Pods, ports: readonly string[]): void {
    if (!this.flows.some((f) => f.to === to)) throw new Error(`${to.name} receives no traffic in these policies, so none can be admitted to it`);
    this.flows.push({ from: { namespaceLabels: { 'kubernetes.io/metadata.name': namespace } }, to, ports });
  }
}
