import { DEV_ADMIN_PASSWORD } from '../../infra/grafana';
import { verifyTargets } from '../../infra/verify-targets';
import { ENVIRONMENTS } from '../../overlays';
import { objectsOf, synthesize } from '../support/synth';

describe('verifyTargets (verify\'s defaults)', () => {
  const dev = verifyTargets(ENVIRONMENTS.dev());

  it('hands out the addresses of the Services the manifests contain', () => {
    const services = objectsOf(synthesize('dev')).filter((o) => o.kind === 'Service')
      .flatMap((s) => s.spec.ports.map((p: { port: number }) => `${s.metadata.name}.${s.metadata.namespace}.svc:${p.port}`));
    const endpoints = Object.values(dev.endpoints).map((e) => e.hostPort);
    expect(services).toEqual(expect.arrayContaining(endpoints));
    expect(dev.endpoints.collectorOtlpHttp.url()).toBe('http://otel-collector.observability.svc:4318');
  });

  it('reads Grafana credentials from the Secret only where the model generates it (dev)', () => {
    expect(dev.grafanaCredentials).toEqual({ user: 'admin', password: DEV_ADMIN_PASSWORD });
    expect(verifyTargets(ENVIRONMENTS.prod()).grafanaCredentials).toBeUndefined();
  });
});
