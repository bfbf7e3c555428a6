import { Chart, Testing } from 'cdk8s';
import { Workload, WorkloadProps, configChecksum } from '../../infra/workload';

const resources = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1000Mi' } };
const base: WorkloadProps = {
  name: 'thing', component: 'test', image: 'example/thing:1.0.0', imagePullPolicy: 'IfNotPresent', resources, user: 1000,
  ports: [{ name: 'http', port: 8080 }], readiness: { path: '/ready', port: 'http' },
};

function synth(props: Partial<WorkloadProps>) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
  const workload = new Workload(chart, 'w', { ...base, ...props });
  return { workload, objects: Testing.synth(chart) };
}
const podOf = (objects: any[]) => objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

describe('Workload', () => {
  it('is a Deployment without data and a StatefulSet with a claim template when data persists', () => {
    expect(podOf(synth({}).objects).kind).toBe('Deployment');
    const persisted = podOf(synth({ data: { mountPath: '/data', persistentSize: '5Gi', storageClass: 'fast' } }).objects);
    expect(persisted.kind).toBe('StatefulSet');
    expect(persisted.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } });
    const ephemeral = podOf(synth({ data: { mountPath: '/data' } }).objects);
    expect(ephemeral.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  it('applies the restricted security context to pod and container', () => {
    const spec = podOf(synth({}).objects).spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  it('hands out endpoints of its Service and refuses unknown ports', () => {
    const { workload } = synth({});
    expect(workload.endpoint('http').url('/x')).toBe('http://thing.ns.svc:8080/x');
    expect(() => workload.endpoint('grpc')).toThrow("has no port named 'grpc'");
  });

  it('rolls pods when config content changes, not when anything else does', () => {
    const checksum = (files: Record<string, string>, extra: Partial<WorkloadProps> = {}) =>
      podOf(synth({ configs: [{ suffix: 'config', mountPath: '/etc/t', files }], ...extra }).objects).spec.template.metadata.annotations['checksum/config'];
    const original = checksum({ 'a.yaml': 'x: 1' });
    expect(checksum({ 'a.yaml': 'x: 2' })).not.toBe(original);
    expect(checksum({ 'a.yaml': 'x: 1' }, { image: 'example/thing:2.0.0', component: 'renamed' })).toBe(original);
    expect(original).toBe(configChecksum([{ suffix: 'config', mountPath: '/etc/t', files: { 'a.yaml': 'x: 1' } }]));
  });

  it('sets GOMEMLIMIT below the memory limit for Go runtimes', () => {
    const env = podOf(synth({ goRuntime: true }).objects).spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'GOMEMLIMIT', value: '850MiB' }]);
  });

  it('announces its metrics port to Prometheus and rejects a port it does not have', () => {
    const annotations = podOf(synth({ metrics: { port: 'http', path: '/metrics' } }).objects).spec.template.metadata.annotations;
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
    expect(() => synth({ metrics: { port: 'admin', path: '/metrics' } })).toThrow("metrics port 'admin' is not one of its ports");
  });

  it('gives a replicated workload a disruption budget of one pod by default, or as many as it is told, and refuses one that blocks every drain', () => {
    const budget = (props: Partial<WorkloadProps>) => synth(props).objects.find((o: any) => o.kind === 'PodDisruptionBudget');
    expect(budget({})).toBeUndefined();
    expect(budget({ replicas: 3 }).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'thing' } } });
    expect(budget({ replicas: 5, maxUnavailable: 2 }).spec.maxUnavailable).toBe(2);
    expect(() => synth({ replicas: 3, maxUnavailable: 0 })).toThrow('test/w: maxUnavailable 0 would block every drain (an integer from 1 up)');
  });

  it('spreads replicas hard across nodes, and softly across zones when asked', () => {
    const spread = (props: Partial<WorkloadProps>) => podOf(synth(props).objects).spec.template.spec.topologySpreadConstraints;
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'thing' } };
    expect(spread({})).toBeUndefined();
    expect(spread({ replicas: 3 })).toEqual([{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }]);
    expect(spread({ replicas: 3, spreadAcrossZones: true })).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
    expect(spread({ spreadAcrossZones: true })).toBeUndefined();
  });

  it('puts peer ports on a headless Service of their own that lists pods before they are ready', () => {
    const { workload, objects } = synth({ replicas: 3, data: { mountPath: '/data' }, peers: { serviceName: 'thing-peers', ports: [{ name: 'gossip', port: 7946 }] } });
    const services = objects.filter((o: any) => o.kind === 'Service');
    expect(services.map((s: any) => [s.metadata.name, s.spec.clusterIP, s.spec.ports.map((p: any) => p.port)])).toEqual([
      ['thing', undefined, [8080]], ['thing-peers', 'None', [7946]],
    ]);
    expect(services[1].spec).toMatchObject({ publishNotReadyAddresses: true, selector: { 'app.kubernetes.io/name': 'thing' } });
    expect(podOf(objects).spec.template.spec.containers[0].ports.map((p: any) => p.name)).toEqual(['http', 'gossip']);
    expect(workload.endpoint('gossip').hostPort).toBe('thing-peers.ns.svc:7946');
    expect(workload.endpoint('http').hostPort).toBe('thing.ns.svc:8080');
    expect(workload.ports.map((p) => p.name)).toEqual(['http', 'gossip']);
  });
});
