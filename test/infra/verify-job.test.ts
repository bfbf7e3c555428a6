import { restrictedProfileViolations } from '../support/pod-security';
import { objectsOf, synthesize } from '../support/synth';

describe('verify Job', () => {
  const dev = objectsOf(synthesize('dev'));
  const job = dev.find((o) => o.kind === 'Job' && o.metadata.name === 'verify')!;
  const container = job?.spec.template.spec.containers[0];

  it('exists where the environment turns it on (dev), nowhere else', () => {
    expect(job).toBeDefined();
    for (const env of ['staging', 'prod']) expect(objectsOf(synthesize(env)).some((o) => o.kind === 'Job')).toBe(false);
  });

  it('runs verify from the app image against the Services of the same output, retrying while the stack starts', () => {
    expect(container.command).toEqual(['node', 'otel-lgtm.js', 'verify']);
    const flag = (name: string) => container.args[container.args.indexOf(name) + 1];
    expect(flag('--env')).toBe('dev');
    const services = dev.filter((o) => o.kind === 'Service').flatMap((s) => s.spec.ports.map((p: { port: number }) => `http://${s.metadata.name}.${s.metadata.namespace}.svc:${p.port}`));
    for (const f of ['--collector-url', '--tempo-url', '--loki-url', '--prometheus-url', '--grafana-url']) expect(services).toContain(flag(f));
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('reads Grafana\'s credentials from the admin Secret, and meets the restricted Pod Security profile', () => {
    expect(container.env).toEqual([
      { name: 'VERIFY_GRAFANA_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user' } } },
      { name: 'VERIFY_GRAFANA_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } } },
    ]);
    expect(restrictedProfileViolations([job])).toEqual([]);
  });
});
