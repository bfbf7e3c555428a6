import { ENVIRONMENTS } from '../../overlays';
import { Party, PolicyModel, allowedFlows, workloadParties } from '../support/network-policy';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, synthesize } from '../support/synth';

/** Parties outside the output that the policies must account for. */
const OUTSIDERS: Party[] = [
  { name: 'ingress-controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [], governed: false },
  { name: 'stranger', namespace: 'other', labels: { app: 'stranger' }, ports: [{ port: 8080 }], governed: false },
  { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], governed: false },
  { name: 'apiserver', labels: {}, ports: [{ port: 443 }, { port: 6443 }], governed: false },
  { name: 'smtp-relay', labels: {}, ports: [{ port: 587 }], governed: false },
  { name: 'kubelet', labels: {}, ports: [{ port: 10250 }], governed: false },
];

/** Cluster telemetry: agents and the cluster receiver send to the gateway's cluster port; each reads its own source. */
const CLUSTER_TELEMETRY = [
  'otel-node-agent -> otel-collector:4319', 'otel-node-agent -> kubelet:10250', 'otel-node-agent -> apiserver:443', 'otel-node-agent -> apiserver:6443',
  'otel-node-agent -> kube-dns:53',
  'otel-cluster-receiver -> otel-collector:4319', 'otel-cluster-receiver -> apiserver:443', 'otel-cluster-receiver -> apiserver:6443',
  'otel-cluster-receiver -> kube-dns:53', 'prometheus -> otel-cluster-receiver:8888', 'prometheus -> otel-node-agent:8888',
];

const STACK = ['otel-collector', 'tempo', 'loki', 'prometheus', 'grafana', 'alertmanager'];
/** Where each environment's alert notifications go: none in dev; Slack and a webhook (HTTPS) in staging; also email in prod. */
const NOTIFICATIONS: Record<string, string[]> = {
  dev: [],
  staging: ['alertmanager -> apiserver:443'],
  prod: ['alertmanager -> apiserver:443', 'alertmanager -> smtp-relay:587'],
};

/** Prod's object storage (S3 over HTTPS) and Loki's ring: replicas gossip and push to each other; Tempo and Loki reach the bucket. */
const OBJECT_STORAGE = ['loki -> apiserver:443', 'tempo -> apiserver:443'];
const LOKI_RING = ['loki -> loki:7946', 'loki -> loki:9095'];

/** The flows the stack needs, and nothing else. */
function intendedFlows(
  appWorkloads: string[], samplerTier: boolean, verifyJob: boolean, notifications: string[], clusterTelemetry: boolean, alertmanagerCluster: boolean,
  scaledOut: boolean,
): string[] {
  const verify = verifyJob
    ? ['verify -> otel-collector:4318', 'verify -> tempo:3200', 'verify -> loki:3100', 'verify -> prometheus:9090', 'verify -> grafana:3000', 'verify -> kube-dns:53']
    : [];
  const sampler = samplerTier
    ? ['otel-collector -> otel-sampler:4317', 'otel-sampler -> tempo:4317', 'otel-sampler -> prometheus:9090',
      'prometheus -> otel-sampler:8888', 'otel-sampler -> kube-dns:53']
    : [];
  return [
    ...sampler,
    ...verify,
    ...(scaledOut ? [...OBJECT_STORAGE, ...LOKI_RING] : []),
    ...(clusterTelemetry ? CLUSTER_TELEMETRY : []),
    ...appWorkloads.flatMap((app) => [`${app} -> otel-collector:4317`, `${app} -> otel-collector:4318`]),
    ...(samplerTier ? [] : ['otel-collector -> tempo:4317']), 'otel-collector -> loki:3100', 'otel-collector -> prometheus:9090',
    'grafana -> tempo:3200', 'grafana -> loki:3100', 'grafana -> prometheus:9090',
    'prometheus -> alertmanager:9093', 'grafana -> alertmanager:9093', ...notifications,
    // A cluster's replicas gossip on 9094, over TCP and UDP (the model reads ports, not protocols; a pod test checks both).
    ...(alertmanagerCluster ? ['alertmanager -> alertmanager:9094'] : []),
    'prometheus -> otel-collector:8888', 'prometheus -> tempo:3200', 'prometheus -> loki:3100', 'prometheus -> grafana:3000', 'prometheus -> prometheus:9090',
    'ingress-controller -> grafana:3000',
    ...STACK.map((w) => `${w} -> kube-dns:53`),
    'otel-collector -> apiserver:443', 'otel-collector -> apiserver:6443', 'prometheus -> apiserver:443', 'prometheus -> apiserver:6443',
  ].sort();
}

/** Allowed flows with an end in the stack's namespace or the node agent's. */
function flowsOf(objects: Manifest[]): string[] {
  const model = new PolicyModel(objects, { 'ingress-nginx': {}, other: {}, 'kube-system': {} });
  const parties = [...workloadParties(objects), ...OUTSIDERS];
  const { stackNamespace, clusterTelemetry } = ENVIRONMENTS.dev();
  return [...new Set([stackNamespace, clusterTelemetry.agentNamespace].flatMap((ns) => allowedFlows(model, parties, ns)))].sort();
}

it('admits the Alertmanager cluster\'s gossip over both TCP and UDP in prod', () => {
  const ingress = objectsOf(synthesize('prod')).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'alertmanager-ingress')!;
  const gossip = ingress.spec.ingress.flatMap((rule: any) => rule.ports).filter((p: any) => p.port === 9094);
  expect(gossip.map((p: any) => p.protocol).sort()).toEqual(['TCP', 'UDP']);
});

describe.each(ENVIRONMENT_NAMES)('network policies of %s', (name) => {
  const objects = objectsOf(synthesize(name));

  it('allow exactly the intended flows into, out of and within the stack namespace', () => {
    const apps = workloadParties(objects).filter((p) => p.namespace === ENVIRONMENTS[name]().appNamespace).map((p) => p.name);
    const samplerTier = objects.some((o) => o.metadata.name === 'otel-sampler');
    expect(samplerTier).toBe(name === 'prod');
    const flows = flowsOf(objects);
    const verifyJob = objects.some((o) => o.kind === 'Job' && o.metadata.name === 'verify');
    expect(verifyJob).toBe(name === 'dev');
    const clusterTelemetry = objects.some((o) => o.kind === 'DaemonSet');
    expect(clusterTelemetry).toBe(name !== 'dev');
    const alertmanagerCluster = objects.some((o) => o.kind === 'Service' && o.metadata.name === 'alertmanager-peers');
    expect(alertmanagerCluster).toBe(name === 'prod');
    // The apiserver outsider stands for any address on 443: in prod, the S3 endpoint too.
    const scaledOut = ENVIRONMENTS[name]().objectStorage !== undefined;
    expect(scaledOut).toBe(name === 'prod');
    expect(flows).toEqual(intendedFlows(apps, samplerTier, verifyJob, NOTIFICATIONS[name], clusterTelemetry, alertmanagerCluster, scaledOut));
    // The gateway sends traces only to the sampler tier when there is one.
    if (samplerTier) expect(flows).not.toContain('otel-collector -> tempo:4317');
  });
});

describe('the flow matrix', () => {
  const objects = objectsOf(synthesize('prod'));
  const policy = (objs: Manifest[], name: string) => objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name)!;

  it('catches a missing flow', () => {
    const broken = clone(objects);
    policy(broken, 'tempo-ingress').spec.ingress = policy(broken, 'tempo-ingress').spec.ingress.filter((r: any) => r.ports[0].port !== 4317);
    expect(flowsOf(broken)).not.toContain('otel-collector -> tempo:4317');
  });

  it('catches an extra flow: ingress opened to every namespace', () => {
    const broken = clone(objects);
    policy(broken, 'otel-collector-ingress').spec.ingress[0].from = [{ namespaceSelector: {} }];
    expect(flowsOf(broken)).toContain('stranger -> otel-collector:4318');
  });

  it("catches a lost default deny in the agent's namespace: anyone may then reach the agent", () => {
    const dropped = new Set(['default-deny', 'otel-node-agent-ingress']);
    const broken = clone(objects).filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.namespace === 'observability-agent' && dropped.has(o.metadata.name)));
    expect(flowsOf(broken)).toContain('stranger -> otel-node-agent:8888');
  });

  it('catches a lost default deny: a workload without its own ingress policy becomes open to all', () => {
    const dropped = new Set(['default-deny', 'tempo-ingress']);
    const broken = clone(objects).filter((o) => !(o.kind === 'NetworkPolicy' && dropped.has(o.metadata.name)));
    expect(flowsOf(broken)).toEqual(expect.arrayContaining(['stranger -> tempo:4317', 'demo-app -> tempo:9095']));
  });
});
