/**
 * Loki alone, HA monolithic: three replicas of one binary on a memberlist ring over a headless
 * Service, a bucket for chunks and index, WAL on each replica's claim, a disruption budget no drain
 * can break quorum through, and spread across nodes and zones.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Loki, LokiProps } from '../../infra/loki';
import { Tempo } from '../../infra/tempo';
import { credentialFindings } from '../support/credentials';
import type { Manifest } from '../support/synth';

type Obj = Manifest;
const s3 = { bucket: 'acme-logs', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', credentialsSecret: 'loki-s3' };

function synth(props: LokiProps) {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'logs' });
  const loki = new Loki(chart, 'loki', props);
  const objects = Testing.synth(chart) as Obj[];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  return { loki, objects, find, config: parse(find('ConfigMap', 'loki-config').data['loki.yaml']), set: find('StatefulSet', 'loki') };
}

describe('Loki alone with three replicas', () => {
  const { loki, objects, find, config, set } = synth({ replicas: 3, objectStorage: s3, storage: { size: Size.gibibytes(10) } });
  const selector = { matchLabels: { 'app.kubernetes.io/name': 'loki' } };

  it('runs three replicas of the same StatefulSet, each with a claim for its WAL', () => {
    expect(set.spec.replicas).toBe(3);
    expect(set.spec.template.spec.containers[0].args).toEqual(['-config.file=/etc/loki/loki.yaml']);
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    expect(config.ingester.wal).toEqual({ enabled: true, dir: '/var/loki/wal' });
    expect(set.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/loki' });
  });

  it('joins the replicas on a memberlist ring through a headless Service that lists them before they are ready', () => {
    const peers = find('Service', 'loki-memberlist');
    expect(peers.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: selector.matchLabels });
    expect(peers.spec.ports).toEqual([{ name: 'memberlist', port: 7946, targetPort: 'memberlist', protocol: 'TCP' }]);
    expect(loki.memberlist?.hostPort).toBe('loki-memberlist.logs.svc:7946');
    expect(config.memberlist).toEqual({ join_members: ['dns+loki-memberlist.logs.svc:7946'], bind_port: 7946, cluster_label: 'loki.logs' });
    expect(config.common).toMatchObject({ replication_factor: 3, ring: { kvstore: { store: 'memberlist' } } });
    expect(config.common.instance_addr).toBeUndefined();
    // Clients keep using the ClusterIP Service, which has no gossip port.
    expect(find('Service', 'loki').spec.ports.map((p: any) => p.port)).toEqual([3100, 9095]);
    expect(loki.queryHttp.url()).toBe('http://loki.logs.svc:3100');
  });

  it('lets a drain take one replica at a time: RF 3 writes need 2 copies', () => {
    expect(find('PodDisruptionBudget', 'loki').spec).toEqual({ maxUnavailable: 1, selector });
  });

  it('spreads the replicas hard across nodes and softly across zones', () => {
    expect(set.spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
  });

  it('keeps chunks and index in the bucket and the credentials in their Secret', () => {
    expect(config.common.storage.s3).toMatchObject({ bucketnames: 'acme-logs' });
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('lets a drain take two of five replicas at RF 5', () => {
    expect(synth({ replicas: 5, replicationFactor: 5, objectStorage: s3 }).find('PodDisruptionBudget', 'loki').spec.maxUnavailable).toBe(2);
  });
});

describe('Loki alone, one replica', () => {
  it('has no peer Service, disruption budget or spread, and its ring stays in memory', () => {
    const { objects, config, set } = synth({});
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['loki']);
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    expect(set.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(config.common).toMatchObject({ instance_addr: '127.0.0.1', replication_factor: 1, ring: { kvstore: { store: 'inmemory' } } });
  });
});

describe('Loki alone refuses what cannot be safe, in one line naming the construct', () => {
  it.each([
    [{ replicas: 3 }, 'mine/loki: replicas: 3 on filesystem storage: replicas in a cluster cannot share a filesystem (set objectStorage: S3, GCS or Azure)'],
    [{ replicas: 2, objectStorage: s3 }, 'mine/loki: replicationFactor: 3 is more than replicas 2 (each copy of a stream needs a replica of its own)'],
    [{ replicas: 3, replicationFactor: 2, objectStorage: s3 }, 'mine/loki: replicationFactor: 2 with 3 replicas: a write needs 2 of its 2 copies, so no replica may be drained and the PodDisruptionBudget would block every drain (use 3 or more)'],
  ] as Array<[LokiProps, string]>)('%j', (props, line) => {
    expect(() => synth(props)).toThrow(line);
  });
});

describe('GCS and Azure credentials reach Loki and Tempo by reference only', () => {
  it('GCS: the key file is mounted from its Secret and named by GOOGLE_APPLICATION_CREDENTIALS', () => {
    const { objects, config, set } = synth({ replicas: 3, objectStorage: { kind: 'gcs', bucket: 'acme-logs', credentialsSecret: 'gcs-key' } });
    const pod = set.spec.template.spec;
    expect(config.common.storage).toEqual({ gcs: { bucket_name: 'acme-logs' } });
    expect(pod.volumes).toContainEqual({ name: 'secret-0', secret: { secretName: 'gcs-key' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'secret-0', mountPath: '/etc/object-storage', readOnly: true });
    expect(pod.containers[0].env).toContainEqual({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/object-storage/key.json' });
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('Azure: the account key comes from its Secret as AZURE_STORAGE_KEY; Loki expands the reference in its config', () => {
    const { objects, config, set } = synth({ replicas: 3, objectStorage: { kind: 'azure', bucket: 'logs', accountName: 'acmeobs', credentialsSecret: 'azure-key' } });
    const container = set.spec.template.spec.containers[0];
    expect(config.common.storage.azure).toEqual({ account_name: 'acmeobs', container_name: 'logs', account_key: '${AZURE_STORAGE_KEY}' });
    expect(container.args).toEqual(['-config.file=/etc/loki/loki.yaml', '-config.expand-env=true']);
    expect(container.env).toContainEqual({ name: 'AZURE_STORAGE_KEY', valueFrom: { secretKeyRef: { name: 'azure-key', key: 'AZURE_STORAGE_KEY' } } });
    expect(credentialFindings(objects)).toEqual([]);
  });

  it('Tempo reads the same references', () => {
    const chart = new Chart(Testing.app(), 'mine', { namespace: 'traces' });
    new Tempo(chart, 'tempo', { objectStorage: { kind: 'azure', bucket: 'traces', accountName: 'acmeobs', credentialsSecret: 'azure-key' } });
    const objects = Testing.synth(chart) as Obj[];
    const set = objects.find((o) => o.kind === 'StatefulSet')!;
    expect(parse(objects.find((o) => o.kind === 'ConfigMap')!.data['tempo.yaml']).storage.trace).toMatchObject({ backend: 'azure', azure: { storage_account_name: 'acmeobs', container_name: 'traces' } });
    expect(set.spec.template.spec.containers[0].env).toContainEqual({ name: 'AZURE_STORAGE_KEY', valueFrom: { secretKeyRef: { name: 'azure-key', key: 'AZURE_STORAGE_KEY' } } });
    expect(credentialFindings(objects)).toEqual([]);
  });
});
