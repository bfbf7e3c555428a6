import { join } from 'node:path';
import { ENVIRONMENTS } from '../../overlays';
import { answer } from '../../scripts/ci/facts';
import { deploymentImage, envSecret, jobNamespace, servicePort, workloads } from '../../scripts/ci/manifest-facts';
import { neededSecrets, placeholderSecrets } from '../../scripts/ci/placeholder-secrets';
import { Output, namespaceFiles } from '../../scripts/e2e/manifests';
import { objectsOf, synthesize } from '../support/synth';

const dev = objectsOf(synthesize('dev'));
const staging = objectsOf(synthesize('staging'));

describe('what the kind job reads from the manifests', () => {
  it('the demo image, from the Deployment named demo-app', () => {
    const app = dev.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-app')!;
    expect(deploymentImage(dev, 'demo-app')).toBe(app.spec.template.spec.containers[0].image);
    expect(() => deploymentImage(dev, 'nope')).toThrow("no Deployment named 'nope' in the manifests");
  });

  it('the files holding Namespaces, by content and not by number', () => {
    const output = synthesize('staging');
    expect(namespaceFiles(output).map((f) => output.get(f)!.every((o) => o.kind === 'Namespace'))).toEqual([true]);
    const renamed: Output = new Map([...output].map(([file, objects]) => [file.replace(/^\d{4}-/, 'zz-'), objects]));
    expect(namespaceFiles(renamed)).toEqual(['zz-namespaces.k8s.yaml']);
  });

  it('every workload to wait for, the node agent DaemonSet in its own namespace included', () => {
    expect(workloads(staging)).toContainEqual({ namespace: 'observability-agent', ref: 'daemonset/otel-node-agent' });
    expect(workloads(dev).map((w) => w.ref)).toEqual(expect.arrayContaining(['deployment/demo-app', 'statefulset/tempo']));
    expect(workloads(dev).some((w) => w.ref.startsWith('daemonset/'))).toBe(false);
  });

  it('the verify Job where there is one, Service ports, and the Secret behind an env var', () => {
    expect(jobNamespace(dev, 'verify')).toBe('observability');
    expect(jobNamespace(staging, 'verify')).toBeUndefined();
    expect(servicePort(staging, 'otel-collector', 'otlp-http')).toEqual({ namespace: 'observability', port: 4318 });
    expect(() => servicePort(staging, 'tempo', 'nope')).toThrow("Service 'tempo' has no port named 'nope'");
    expect(envSecret(staging, 'grafana', 'GF_SECURITY_ADMIN_PASSWORD')).toEqual({ namespace: 'observability', secret: 'grafana-admin', key: 'admin-password' });
  });
});

describe('placeholder Secrets', () => {
  it.each(['dev', 'staging', 'prod'])('%s: exactly the Secrets its pods read that it expects to exist (the Ingress TLS Secret is no pod\'s)', (env) => {
    const settings = ENVIRONMENTS[env]();
    const tls = settings.grafana.ingress?.tlsSecretName;
    const needed = neededSecrets(objectsOf(synthesize(env))).map((s) => s.name);
    expect(needed.sort()).toEqual(settings.externalSecrets().filter((s) => s !== tls).sort());
  });

  it('carry the keys the pods read: from secretKeyRef, and from the files a config names under a mounted Secret', () => {
    expect(neededSecrets(staging)).toEqual(expect.arrayContaining([
      { namespace: 'observability', name: 'grafana-admin', keys: ['admin-user', 'admin-password'] },
      { namespace: 'observability', name: 'alertmanager-slack', keys: ['api-url'] },
      { namespace: 'observability', name: 'alertmanager-webhook', keys: ['url'] },
    ]));
    const list = placeholderSecrets(staging) as { items: Array<{ metadata: { name: string }; stringData: Record<string, string> }> };
    const slack = list.items.find((s) => s.metadata.name === 'alertmanager-slack')!;
    expect(new URL(slack.stringData['api-url']).protocol).toBe('http:');
    expect(list.items.find((s) => s.metadata.name === 'grafana-admin')!.stringData['admin-password']).toMatch(/^[\w-]{20,}$/);
  });
});

describe('scripts/ci/facts.ts', () => {
  const dist = (env: string) => join(__dirname, '..', '..', 'dist', env);
  const dir = dist('staging');
  it('answers one line per fact, and nothing for an absent Job or no needed Secret', () => {
    expect(answer([dir, 'service-port', 'otel-collector', 'otlp-http']).lines).toEqual(['observability 4318']);
    expect(answer([dir, 'job', 'verify']).lines).toEqual([]);
    expect(answer([dist('dev'), 'placeholder-secrets']).lines).toEqual([]);
  });

  it('fails with one line on a bad question, missing arguments or a missing folder', () => {
    expect(() => answer([dir, 'nope'])).toThrow(/^usage: facts.ts <dist dir> <image\|/);
    expect(() => answer([dir, 'image'])).toThrow('image takes <deployment>');
    expect(() => answer([dist('nope'), 'workloads'])).toThrow(/^cannot read manifests in \S+dist\/nope: ENOENT/);
  });
});
