import { restrictedProfileViolations } from '../support/pod-security';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, podSpecOf, synthesize } from '../support/synth';

describe.each(ENVIRONMENT_NAMES)('pods of %s', (name) => {
  const objects = objectsOf(synthesize(name));

  it('meet the restricted Pod Security profile', () => {
    expect(objects.filter((o) => podSpecOf(o)).length).toBeGreaterThanOrEqual(6);
    expect(restrictedProfileViolations(objects)).toEqual([]);
  });

  it('live in namespaces that enforce the restricted profile', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.length).toBe(2);
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
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
    expect(restrictedProfileViolations(broken)).toEqual([expect.stringContaining(message)]);
  });
});
