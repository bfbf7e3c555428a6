import { parse } from 'yaml';
import { ENVIRONMENTS, presets } from '../overlays';
import { StackSettings, mergeProps } from '../settings';
import { settingsFrom } from '../settings/props';
import { credentialFindings } from './support/credentials';
import { schemaProblems } from './support/k8s-schema';
import { manifestProblems } from './support/manifest-rules';
import { PolicyModel, allowedFlows, workloadParties } from './support/network-policy';
import { podSecurityProblems } from './support/pod-security';
import { checkConfig } from './support/promtool';
import { Manifest, objectsOf, synthesize } from './support/synth';
import { prodWithDestinations } from './support/variants';
import { unresolvedReferences } from './support/wiring';

/** Prod with its own S3-compatible store (a MinIO on port 9000, plain HTTP), metrics also pushed to a long-term store. */
const prodWithObjectStorage = mergeProps(presets.prod, {
  objectStorage: {
    endpoint: 'minio.example.com:9000', region: 'us-east-1', buckets: { traces: 'acme-traces', logs: 'acme-logs' },
    credentialsSecret: 'object-storage', insecure: true,
  },
  remoteWrite: { url: 'https://mimir.example.com:8443/api/v1/push', basicAuthSecret: 'mimir-auth' },
});

describe('object storage and remote write (prod past one node)', () => {
  const env: StackSettings = settingsFrom(prodWithObjectStorage, 'prod').validate();
  const objects = objectsOf(synthesize(env));
  const find = (kind: string, name: string) => objects.find((o: Manifest) => o.kind === kind && o.metadata.name === name)!;
  const container = (name: string) => find('StatefulSet', name).spec.template.spec.containers[0];

  it('stores Tempo blocks and Loki chunks in their buckets, with credentials only from the Secret', () => {
    expect(parse(find('ConfigMap', 'tempo-config').data['tempo.yaml']).storage.trace).toMatchObject({ backend: 's3', s3: { bucket: 'acme-traces' } });
    expect(parse(find('ConfigMap', 'loki-config').data['loki.yaml']).common.storage.s3).toMatchObject({ bucketnames: 'acme-logs' });
    for (const name of ['tempo', 'loki']) {
      expect(container(name).env).toEqual(expect.arrayContaining([
        { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'object-storage', key: 'AWS_ACCESS_KEY_ID' } } },
        { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'object-storage', key: 'AWS_SECRET_ACCESS_KEY' } } },
      ]));
    }
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('pushes metrics with basic auth read from the mounted Secret, and promtool accepts the config', async () => {
    const config = find('ConfigMap', 'prometheus-config').data['prometheus.yaml'];
    expect(parse(config).remote_write).toEqual([{
      url: 'https://mimir.example.com:8443/api/v1/push', send_exemplars: true,
      basic_auth: { username_file: '/etc/prometheus/remote-write/username', password_file: '/etc/prometheus/remote-write/password' },
    }]);
    expect(container('prometheus').volumeMounts).toContainEqual({ name: 'secret-0', mountPath: '/etc/prometheus/remote-write', readOnly: true });
    const local = config.replace(/rule_files:\n {2}- \S+/, 'rule_files: []');
    const result = await checkConfig(local.replace(/\/etc\/prometheus\/remote-write\//g, ''), { username: 'u', password: 'p' });
    expect(result.output).toMatch(/SUCCESS/);
  });

  it('still meets every manifest contract, with the new Secrets declared external', () => {
    expect(env.externalSecrets()).toEqual(['object-storage', 'mimir-auth', ...ENVIRONMENTS.prod().externalSecrets().filter((s) => s !== 'object-storage')]);
    expect(schemaProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, env.externalSecrets())).toEqual([]);
    expect(unresolvedReferences(objects)).toEqual([]);
    expect(podSecurityProblems(objects, env.clusterTelemetry.agentNamespace)).toEqual([]);
  });

  it('opens egress to the object store and the remote-write port, and nothing else new', () => {
    const apiserver = { name: 'outside', labels: {}, ports: [{ port: 443 }, { port: 8443 }, { port: 9000 }], governed: false };
    const flows = (objs: Manifest[]) => allowedFlows(new PolicyModel(objs), [...workloadParties(objs), apiserver], env.stackNamespace)
      .filter((f) => f.includes('outside'));
    // Alertmanager's notifications (Slack, PagerDuty: 443) are prod's own, unchanged.
    expect(flows(objects)).toEqual([
      'alertmanager -> outside:443',
      'loki -> outside:9000', 'otel-cluster-receiver -> outside:443', 'otel-collector -> outside:443', 'prometheus -> outside:443', 'prometheus -> outside:8443', 'tempo -> outside:9000',
    ]);
    // Shipped prod keeps traces and logs in S3 over HTTPS.
    expect(flows(objectsOf(synthesize('prod')))).toEqual([
      'alertmanager -> outside:443', 'loki -> outside:443', 'otel-cluster-receiver -> outside:443', 'otel-collector -> outside:443', 'prometheus -> outside:443', 'tempo -> outside:443',
    ]);
  });

  it('keeps dev and staging on local volumes; prod on S3', () => {
    expect(ENVIRONMENTS.dev().objectStorage).toBeUndefined();
    expect(ENVIRONMENTS.staging().objectStorage).toBeUndefined();
    expect(ENVIRONMENTS.prod().objectStorage).toMatchObject({ kind: 's3', credentialsSecret: 'object-storage' });
  });
});

describe.each([
  ['gcs', { kind: 'gcs', buckets: { traces: 'acme-traces', logs: 'acme-logs' }, credentialsSecret: 'gcs-key' }],
  ['azure', { kind: 'azure', accountName: 'acmeobs', buckets: { traces: 'traces', logs: 'logs' }, credentialsSecret: 'azure-key' }],
] as const)('prod on %s object storage', (kind, objectStorage) => {
  const env: StackSettings = settingsFrom(mergeProps(presets.prod, { objectStorage }), 'prod').validate();
  const objects = objectsOf(synthesize(env));
  const find = (k: string, name: string) => objects.find((o: Manifest) => o.kind === k && o.metadata.name === name)!;

  it('writes Tempo and Loki to that kind, with no S3 field left from prod and credentials only by reference', () => {
    expect(parse(find('ConfigMap', 'tempo-config').data['tempo.yaml']).storage.trace.backend).toBe(kind);
    const loki = parse(find('ConfigMap', 'loki-config').data['loki.yaml']);
    expect(Object.keys(loki.common.storage)).toEqual([kind]);
    expect(loki.schema_config.configs[0].object_store).toBe(kind);
    expect(env.objectStorage).toEqual(objectStorage);
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('meets every manifest contract, and opens egress to HTTPS only', () => {
    expect(env.externalSecrets()[0]).toBe(objectStorage.credentialsSecret);
    expect(schemaProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, env.externalSecrets())).toEqual([]);
    expect(unresolvedReferences(objects)).toEqual([]);
    expect(podSecurityProblems(objects, env.clusterTelemetry.agentNamespace)).toEqual([]);
    const outside = { name: 'outside', labels: {}, ports: [{ port: 443 }, { port: 9000 }], governed: false };
    const flows = allowedFlows(new PolicyModel(objects), [...workloadParties(objects), outside], env.stackNamespace).filter((f) => /^(loki|tempo) -> outside/.test(f));
    expect(flows).toEqual(['loki -> outside:443', 'tempo -> outside:443']);
  });
});

describe('external destinations with the in-cluster Tempo and Loki off (prod)', () => {
  const env: StackSettings = prodWithDestinations();
  const objects = objectsOf(synthesize(env));

  it('meets every manifest contract, with the destinations Secret and CA ConfigMap declared external', () => {
    expect(env.externalSecrets()).toContain('vendor-otlp');
    expect(env.externalStackConfigMaps()).toEqual(['vendor-ca']);
    expect(schemaProblems(objects)).toEqual([]);
    expect(manifestProblems(objects, env.externalSecrets(), env.externalStackConfigMaps())).toEqual([]);
    expect(unresolvedReferences(objects)).toEqual([]);
    expect(podSecurityProblems(objects, env.clusterTelemetry.agentNamespace)).toEqual([]);
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('opens egress from the collector tiers to the destinations, and from Grafana and verify to the query APIs', () => {
    const outside = { name: 'outside', labels: {}, ports: [{ port: 443 }, { port: 8443 }], governed: false };
    const flows = allowedFlows(new PolicyModel(objects), [...workloadParties(objects), outside], env.stackNamespace).filter((f) => f.includes('outside'));
    expect(flows).toEqual(expect.arrayContaining(['otel-collector -> outside:443', 'otel-sampler -> outside:443', 'grafana -> outside:443', 'grafana -> outside:8443']));
    expect(flows.filter((f) => f.startsWith('tempo') || f.startsWith('loki'))).toEqual([]);
  });
});
