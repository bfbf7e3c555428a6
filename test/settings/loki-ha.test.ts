/**
 * Loki's topology and object storage in validation: each refusal is one line naming its field, so
 * synthesis stops before anything unsafe is written.
 */
import { StackSettings, mergeProps } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { lokiMaxUnavailable, writeQuorum } from '../../settings/loki-topology';
import type { ObjectStorageSettings } from '../../settings/schema';

const S3: ObjectStorageSettings = {
  endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', insecure: false, buckets: { traces: 'acme-traces', logs: 'acme-logs' }, credentialsSecret: 'object-storage',
};
const problemsOf = (props: Parameters<typeof settingsFrom>[0]): string[] => settingsFrom(props, 'custom').problems();

describe('the drain rule: a drain may take RF − write quorum replicas', () => {
  it.each([[1, 1, 0], [2, 2, 0], [3, 2, 1], [4, 3, 1], [5, 3, 2], [7, 4, 3]])('RF %i: quorum %i, a drain may take %i', (rf, quorum, drain) => {
    expect(writeQuorum(rf)).toBe(quorum);
    expect(lokiMaxUnavailable(rf)).toBe(drain);
    // Never more than RF − 1 (data would be gone), and every stream keeps its quorum.
    expect(drain).toBeLessThanOrEqual(rf - 1);
    expect(rf - drain).toBeGreaterThanOrEqual(quorum);
  });
});

describe('loki topology', () => {
  it('is one process with replication factor 1 by default, and accepts 3 replicas at RF 3 (or 5 at RF 5) on object storage', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ loki: { replicas: 3 }, objectStorage: S3 })).toEqual([]);
    expect(problemsOf({ loki: { replicas: 3, replicationFactor: 3 }, objectStorage: S3 })).toEqual([]);
    expect(problemsOf({ loki: { replicas: 6, replicationFactor: 5 }, objectStorage: S3 })).toEqual([]);
  });

  it('refuses a replication factor above the replicas', () => {
    expect(problemsOf({ loki: { replicas: 2 }, objectStorage: S3 })).toEqual([
      'loki.replicationFactor: 3 is more than loki.replicas 2 (each copy of a stream needs a replica of its own)',
    ]);
    expect(problemsOf({ loki: { replicas: 1, replicationFactor: 3 } })).toEqual([
      'loki.replicationFactor: 3 is more than loki.replicas 1 (each copy of a stream needs a replica of its own)',
    ]);
  });

  it('refuses more than one replica on filesystem storage', () => {
    expect(problemsOf({ loki: { replicas: 3 } })).toEqual([
      'loki.replicas: 3 on filesystem storage: replicas in a cluster cannot share a filesystem (set objectStorage: S3, GCS or Azure)',
    ]);
  });

  it('refuses a replication factor whose disruption budget would block every drain', () => {
    expect(problemsOf({ loki: { replicas: 3, replicationFactor: 2 }, objectStorage: S3 })).toEqual([
      'loki.replicationFactor: 2 with 3 replicas: a write needs 2 of its 2 copies, so no replica may be drained and the PodDisruptionBudget would block every drain (use 3 or more)',
    ]);
    expect(problemsOf({ loki: { replicas: 3, replicationFactor: 1 }, objectStorage: S3 })).toEqual([
      'loki.replicationFactor: 1 with 3 replicas: a write needs 1 of its 1 copies, so no replica may be drained and the PodDisruptionBudget would block every drain (use 3 or more)',
    ]);
  });

  it('refuses replicas and a factor that are not whole numbers from 1, and says nothing of a Loki that does not run', () => {
    expect(problemsOf({ loki: { replicas: 0 } })).toEqual(['loki.replicas: 0 is not allowed (an integer from 1 up)']);
    expect(problemsOf({ loki: { replicas: 3, replicationFactor: 2.5 }, objectStorage: S3 })).toEqual(['loki.replicationFactor: 2.5 is not allowed (an integer from 1 up)']);
    const off = { backends: { loki: false }, destinations: { logs: [{ protocol: 'otlp_http' as const, endpoint: 'https://logs.example.com/otlp', queryUrl: 'https://logs.example.com' }] } };
    expect(problemsOf({ ...off, loki: { replicas: 3 } })).toEqual([]);
  });
});

describe('object storage kinds', () => {
  it('accepts S3 with or without its kind, GCS and Azure', () => {
    expect(problemsOf({ objectStorage: S3 })).toEqual([]);
    expect(problemsOf({ objectStorage: { ...S3, kind: 's3' } })).toEqual([]);
    expect(problemsOf({ objectStorage: { kind: 'gcs', buckets: { traces: 'acme_traces', logs: 'acme-logs' }, credentialsSecret: 'gcs-key' } })).toEqual([]);
    expect(problemsOf({ objectStorage: { kind: 'azure', accountName: 'acmeobs', buckets: { traces: 'traces', logs: 'logs' }, credentialsSecret: 'azure-key' } })).toEqual([]);
  });

  it('names each bad field of GCS and Azure storage, with the keys its Secret must hold', () => {
    expect(problemsOf({ objectStorage: { kind: 'gcs', buckets: { traces: 'Acme', logs: 'acme-logs' }, credentialsSecret: '' } })).toEqual([
      'objectStorage.credentialsSecret: required (a Secret with key.json in the stack namespace)',
      "objectStorage.buckets.traces: 'Acme' is not a GCS bucket name (3-63 lowercase letters, digits, '.', '-', '_')",
    ]);
    expect(problemsOf({ objectStorage: { kind: 'azure', accountName: 'Acme-Obs', endpointSuffix: 'https://blob.core.windows.net', buckets: { traces: 'tr--aces', logs: 'logs' }, credentialsSecret: '' } })).toEqual([
      'objectStorage.credentialsSecret: required (a Secret with AZURE_STORAGE_KEY in the stack namespace)',
      "objectStorage.accountName: 'Acme-Obs' is not an Azure storage account name (3-24 lowercase letters and digits)",
      "objectStorage.endpointSuffix: 'https://blob.core.windows.net' is not a host name suffix (no scheme; e.g. blob.core.usgovcloudapi.net)",
      "objectStorage.buckets.traces: 'tr--aces' is not an Azure container name (3-63 lowercase letters, digits and single '-')",
    ]);
  });

  it('refuses an unknown kind in one line', () => {
    expect(problemsOf({ objectStorage: { ...S3, kind: 'minio' } as never })).toEqual(["objectStorage.kind: 'minio' is not allowed (one of s3, gcs, azure)"]);
  });

  it('refuses credentials written into the settings, which would land in a ConfigMap', () => {
    const withKeys = { ...S3, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } as ObjectStorageSettings;
    expect(problemsOf({ objectStorage: withKeys })).toEqual([
      'objectStorage.accessKeyId: a credential in the settings would be written into a ConfigMap; put it in the Secret named by objectStorage.credentialsSecret (keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
      'objectStorage.secretAccessKey: a credential in the settings would be written into a ConfigMap; put it in the Secret named by objectStorage.credentialsSecret (keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    ]);
    const azureKey = { kind: 'azure', accountName: 'acmeobs', accountKey: 'c2VjcmV0', buckets: { traces: 'traces', logs: 'logs' }, credentialsSecret: 'azure-key' } as ObjectStorageSettings;
    expect(problemsOf({ objectStorage: azureKey })).toEqual([
      'objectStorage.accountKey: a credential in the settings would be written into a ConfigMap; put it in the Secret named by objectStorage.credentialsSecret (key AZURE_STORAGE_KEY)',
    ]);
    expect(problemsOf({ objectStorage: { ...S3, endpoint: 'AKIAEXAMPLE:secret@s3.amazonaws.com' } })).toEqual([
      'objectStorage.endpoint: holds user information (user:password@host); credentials belong in the Secret named by objectStorage.credentialsSecret',
    ]);
  });

  it('switching kind in a merge replaces the whole setting: no S3 field is left behind', () => {
    const gcs = { kind: 'gcs' as const, buckets: { traces: 'acme-traces', logs: 'acme-logs' }, credentialsSecret: 'gcs-key' };
    const env: StackSettings = settingsFrom(mergeProps({ objectStorage: { ...S3, kind: 's3' } }, { objectStorage: gcs }), 'custom');
    expect(env.objectStorage).toEqual(gcs);
    // Without a kind, or with the same one, fields merge as everywhere else.
    expect(settingsFrom(mergeProps({ objectStorage: S3 }, { objectStorage: { region: 'us-east-1' } }), 'custom').objectStorage).toEqual({ ...S3, region: 'us-east-1' });
  });
});
