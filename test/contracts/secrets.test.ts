import { ENVIRONMENTS } from '../../overlays';
import { credentialFindings } from '../support/credentials';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, synthesize } from '../support/synth';

const grafanaEnv = (objects: Manifest[]) =>
  objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'grafana')!.spec.template.spec.containers[0].env as any[];

describe.each(ENVIRONMENT_NAMES)('secrets in %s', (name) => {
  const objects = objectsOf(synthesize(name));

  it('has no credential-looking value in ConfigMaps or plain manifests', () => {
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('takes Grafana admin credentials from the Secret the environment names', () => {
    const secret = ENVIRONMENTS[name]().grafana.adminCredentials.secretName;
    expect(grafanaEnv(objects).filter((e) => e.name.startsWith('GF_SECURITY_ADMIN'))).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: secret, key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'admin-password' } } },
    ]);
  });
});

describe('secret handling per environment', () => {
  it('generates a labelled dev-only Secret in dev, and no Secret at all in staging and prod', () => {
    const devSecrets = objectsOf(synthesize('dev')).filter((o) => o.kind === 'Secret');
    expect(devSecrets.map((s) => [s.metadata.name, s.metadata.labels['otel-lgtm/dev-only']])).toEqual([['grafana-admin', 'true']]);
    for (const env of ['staging', 'prod']) expect(objectsOf(synthesize(env)).filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(ENVIRONMENTS.prod().externalSecrets()).toEqual(['object-storage', 'grafana-admin', 'grafana-tls', 'alertmanager-pagerduty', 'alertmanager-slack', 'alertmanager-smtp']);
    expect(ENVIRONMENTS.dev().externalSecrets()).toEqual([]);
  });
});

describe('the credential scan', () => {
  const objects = objectsOf(synthesize('prod'));

  it('catches a password in a config file', () => {
    const broken = clone(objects);
    const cm = broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'loki-config')!;
    cm.data['loki.yaml'] += '\nstorage_config:\n  aws:\n    secret_access_key: hunter2hunter2\n';
    expect(credentialFindings(broken)).toEqual(['ConfigMap/loki-config[loki.yaml]: secret_access_key has a literal value']);
  });

  it('catches a literal credential env var, an unlabelled Secret and a private key', () => {
    const broken = clone(objects);
    grafanaEnv(broken).push({ name: 'GF_DATABASE_PASSWORD', value: 'p4ss' });
    // A path to a mounted file is a reference, not a value.
    grafanaEnv(broken).push({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/object-storage/key.json' });
    broken.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's3' }, stringData: { key: 'x' } });
    broken.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tls' }, data: { 'key.pem': '-----BEGIN RSA PRIVATE KEY-----\nMII' } });
    expect(credentialFindings(broken)).toEqual([
      'StatefulSet/grafana: env GF_DATABASE_PASSWORD has a literal value',
      'Secret/s3: a Secret with values in the manifests',
      'ConfigMap/tls: contains a private key',
    ]);
  });
});
