import { NODE_AGENT_EXCEPTIONS, violationsByNamespace } from '../support/pod-security';
import { ENVIRONMENTS } from '../../overlays';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, podSpecOf, synthesize } from '../support/synth';

const AGENT = 'DaemonSet/otel-node-agent';
const AGENT_EXCEPTIONS = NODE_AGENT_EXCEPTIONS;
const split = violationsByNamespace;

describe.each(ENVIRONMENT_NAMES)('pods of %s', (name) => {
  const objects = objectsOf(synthesize(name));
  const env = ENVIRONMENTS[name]();
  const agentOn = env.clusterTelemetry.enabled;
  const agentNamespace = env.clusterTelemetry.agentNamespace;

  it('meet the restricted Pod Security profile, all but the node agent, which departs from it only as documented', () => {
    expect(objects.filter((o) => podSpecOf(o)).length).toBeGreaterThanOrEqual(6);
    const { agent, others } = split(objects, agentNamespace);
    expect(others).toEqual([]);
    expect(agent).toEqual(agentOn ? AGENT_EXCEPTIONS : []);
    // Nothing but the agent runs in its namespace.
    expect(objects.filter((o) => podSpecOf(o) && o.metadata.namespace === agentNamespace).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(agentOn ? [AGENT] : []);
  });

  it('live in namespaces that enforce the restricted profile; the agent\'s enforces privileged and audits restricted', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((n) => n.metadata.name).sort()).toEqual([env.stackNamespace, env.appNamespace, ...(agentOn ? [agentNamespace] : [])].sort());
    for (const ns of namespaces.filter((n) => n.metadata.name !== agentNamespace)) {
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
    if (agentOn) {
      expect(namespaces.find((n) => n.metadata.name === agentNamespace)!.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
  });

  (agentOn ? it : it.skip)('the agent mounts pod logs read-only, its checkpoints read-write in their own directory, and keeps the rest locked', () => {
    const spec = podSpecOf(objects.find((o) => o.kind === 'DaemonSet')!);
    expect(spec.volumes.filter((v: any) => v.hostPath).map((v: any) => [v.name, v.hostPath.path])).toEqual([
      ['pod-logs', '/var/log/pods'], ['checkpoints', env.clusterTelemetry.checkpointHostPath],
    ]);
    const mounts = Object.fromEntries(spec.containers[0].volumeMounts.map((m: any) => [m.name, m.readOnly === true]));
    expect(mounts).toMatchObject({ 'pod-logs': true, checkpoints: false, config: true });
    expect(spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(spec.containers[0].securityContext.capabilities.add).toBeUndefined();
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect([spec.hostNetwork, spec.hostPID, spec.hostIPC]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the restricted-profile check', () => {
  const objects = objectsOf(synthesize('prod'));
  const app = (objs: Manifest[]) => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-app')!;

  it.each([
    ['privilege escalation', (s: any) => { s.containers[0].securityContext.allowPrivilegeEscalation = true; }, 'must set allowPrivilegeEscalation: false'],
    ['kept capabilities', (s: any) => { s.containers[0].securityContext.capabilities = { drop: ['NET_RAW'] }; }, 'must drop ALL capabilities'],
    ['an added capability', (s: any) => { s.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; }, 'adds capability SYS_ADMIN'],
    ['root', (s: any) => { delete s.securityContext.runAsNonRoot; delete s.containers[0].securityContext.runAsNonRoot; }, 'must run as non-root'],
    ['no seccomp profile', (s: any) => { delete s.securityContext.seccompProfile; }, 'needs seccompProfile'],
    ['a hostPath volume', (s: any) => { s.volumes.push({ name: 'host', hostPath: { path: '/' } }); }, 'disallowed type hostPath'],
    ['host networking', (s: any) => { s.hostNetwork = true; }, 'host namespaces are not allowed'],
    ['a privileged container', (s: any) => { s.containers[0].securityContext.privileged = true; }, 'is privileged'],
  ])('catches %s', (_, breakIt, message) => {
    const broken = clone(objects);
    const spec = podSpecOf(app(broken));
    spec.volumes = spec.volumes ?? [];
    breakIt(spec);
    expect(split(broken, 'observability-agent').others).toEqual([expect.stringContaining(message)]);
  });

  it('catches the node agent departing further than documented (an added capability)', () => {
    const broken = clone(objects);
    podSpecOf(broken.find((o) => o.kind === 'DaemonSet')!).containers[0].securityContext.capabilities.add = ['SYS_ADMIN'];
    const { agent } = split(broken, 'observability-agent');
    expect(agent.filter((v) => !AGENT_EXCEPTIONS.includes(v))).toEqual([`${AGENT}: container otel-node-agent adds capability SYS_ADMIN`]);
  });
});
