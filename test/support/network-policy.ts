import { Manifest, podSpecOf } from './synth';

/** Something that sends or receives traffic: a pod (with labels and ports) or an address outside the cluster. */
export interface Party {
  readonly name: string;
  /** Pods: their namespace; addresses: undefined. */
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  /** Listening ports: name (may be empty) → number. */
  readonly ports: ReadonlyArray<{ name?: string; port: number; protocol?: string }>;
  /** True for pods whose own namespace's policies apply to them (those in the output). */
  readonly governed: boolean;
}

const matches = (selector: any, labels: Record<string, string>) =>
  !selector || Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/**
 * Decides reachability the way NetworkPolicy does: a pod selected by any policy of a type is
 * isolated for that direction, and then only traffic some rule allows passes. Traffic needs both
 * the sender's egress and the receiver's ingress to allow it.
 */
export class PolicyModel {
  private readonly policies: Manifest[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  constructor(objects: readonly Manifest[], extraNamespaces: Record<string, Record<string, string>> = {}) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    this.namespaceLabels = new Map();
    const add = (name: string, labels: Record<string, string>) =>
      this.namespaceLabels.set(name, { ...labels, 'kubernetes.io/metadata.name': name });
    for (const ns of objects.filter((o) => o.kind === 'Namespace')) add(ns.metadata.name, ns.metadata.labels ?? {});
    for (const [name, labels] of Object.entries(extraNamespaces)) add(name, labels);
  }

  allowed(from: Party, to: Party, port: { name?: string; port: number; protocol?: string }): boolean {
    return this.direction('Egress', from, to, port) && this.direction('Ingress', to, from, port);
  }

  private direction(type: 'Ingress' | 'Egress', subject: Party, peer: Party, port: { name?: string; port: number; protocol?: string }): boolean {
    if (!subject.governed || !subject.namespace) return true;
    const selecting = this.policies.filter((p) => p.metadata.namespace === subject.namespace
      && (p.spec.policyTypes ?? ['Ingress']).includes(type) && matches(p.spec.podSelector, subject.labels));
    if (selecting.length === 0) return true;
    const rules = selecting.flatMap((p) => (type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []);
    return rules.some((rule: any) => {
      const peers = (type === 'Ingress' ? rule.from : rule.to) as any[] | undefined;
      const peerOk = !peers || peers.length === 0 || peers.some((p) => this.peerMatches(p, peer, subject.namespace!));
      // The port is always the receiver's: for egress the peer receives, for ingress the subject does.
      const portsOk = !rule.ports || rule.ports.some((p: any) => (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')
        && (p.port === undefined || p.port === port.port || (port.name !== undefined && p.port === port.name)));
      return peerOk && portsOk;
    });
  }

  private peerMatches(peer: any, party: Party, policyNamespace: string): boolean {
    if (peer.ipBlock) return party.namespace === undefined && peer.ipBlock.cidr === '0.0.0.0/0';
    if (party.namespace === undefined) return false;
    const nsOk = peer.namespaceSelector
      ? matches(peer.namespaceSelector, this.namespaceLabels.get(party.namespace) ?? { 'kubernetes.io/metadata.name': party.namespace })
      : party.namespace === policyNamespace;
    return nsOk && matches(peer.podSelector, party.labels);
  }
}

/** Every pod workload of the output as a Party. */
export function workloadParties(objects: readonly Manifest[]): Party[] {
  return objects.filter((o) => podSpecOf(o) && o.spec?.template).map((o) => ({
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    labels: o.spec.template.metadata.labels,
    ports: podSpecOf(o).containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ name: p.name, port: p.containerPort, protocol: p.protocol }))),
    governed: true,
  }));
}

/** Every allowed `from -> to:port` among the parties, where at least one end is in `namespace`. */
export function allowedFlows(model: PolicyModel, parties: readonly Party[], namespace: string): string[] {
  const flows = new Set<string>();
  for (const from of parties) {
    for (const to of parties) {
      if (from === to && from.namespace !== namespace) continue;
      if (from.namespace !== namespace && to.namespace !== namespace) continue;
      for (const port of to.ports) if (model.allowed(from, to, port)) flows.add(`${from.name} -> ${to.name}:${port.port}`);
    }
  }
  return [...flows].sort();
}
