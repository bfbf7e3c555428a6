/**
 * Object storage settings: the kinds, the keys each kind's credentials Secret holds, and their
 * validation (one line per bad field). Credentials are only ever referenced by Secret name.
 */
import { OBJECT_STORAGE_KINDS, ObjectStorageKind, ObjectStorageSettings } from './schema';
import { checkDnsLabel, checkOneOf } from './validation';

/** The keys the credentials Secret holds, per kind (read as environment variables, or for GCS a mounted file). */
export const OBJECT_STORAGE_SECRET_KEYS: Readonly<Record<ObjectStorageKind, readonly string[]>> = {
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  gcs: ['key.json'],
  azure: ['AZURE_STORAGE_KEY'],
};

/** The kind of an object storage setting (the shape without `kind` is S3's). */
export function objectStorageKind(storage: ObjectStorageSettings): ObjectStorageKind {
  return storage.kind ?? 's3';
}

/** The fields each kind has; anything else in the setting is refused if it looks like a credential. */
const FIELDS: Readonly<Record<ObjectStorageKind, readonly string[]>> = {
  s3: ['kind', 'buckets', 'credentialsSecret', 'endpoint', 'region', 'insecure'],
  gcs: ['kind', 'buckets', 'credentialsSecret'],
  azure: ['kind', 'buckets', 'credentialsSecret', 'accountName', 'endpointSuffix'],
};

/** Field names of the programs' own credential settings (and their camel-case forms): keys, secrets, passwords, tokens, service accounts. */
const CREDENTIAL_FIELD = /key|secret|password|token|service_?account|connection_?string|sas/i;

const BUCKET_RULES: Readonly<Record<ObjectStorageKind, { readonly pattern: RegExp; readonly description: string }>> = {
  s3: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, description: "an S3 bucket name (3-63 lowercase letters, digits, '.', '-')" },
  gcs: { pattern: /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, description: "a GCS bucket name (3-63 lowercase letters, digits, '.', '-', '_')" },
  azure: { pattern: /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, description: "an Azure container name (3-63 lowercase letters, digits and single '-')" },
};

const HOST_PORT = /^[a-z0-9.-]+(:\d{1,5})?$/;

/** Every problem with the object storage setting, one line per field. */
export function objectStorageProblems(storage: ObjectStorageSettings | undefined): string[] {
  if (!storage) return [];
  const kind = objectStorageKind(storage);
  const kindProblems = checkOneOf('objectStorage.kind', kind, OBJECT_STORAGE_KINDS);
  if (kindProblems.length > 0) return kindProblems;
  const problems: string[] = [...credentialProblems(storage as unknown as Record<string, unknown>, kind)];
  if (!storage.credentialsSecret) {
    problems.push(`objectStorage.credentialsSecret: required (a Secret with ${OBJECT_STORAGE_SECRET_KEYS[kind].join(' and ')} in the stack namespace)`);
  } else {
    problems.push(...checkDnsLabel('objectStorage.credentialsSecret', storage.credentialsSecret));
  }
  if (storage.kind === undefined || storage.kind === 's3') {
    if (/@/.test(storage.endpoint)) {
      problems.push('objectStorage.endpoint: holds user information (user:password@host); credentials belong in the Secret named by objectStorage.credentialsSecret');
    } else if (!HOST_PORT.test(storage.endpoint)) {
      problems.push(`objectStorage.endpoint: '${storage.endpoint}' is not host[:port] (no scheme; e.g. s3.eu-west-1.amazonaws.com)`);
    }
    if (!storage.region) problems.push('objectStorage.region: required (e.g. eu-west-1; any value for MinIO)');
  }
  if (storage.kind === 'azure') {
    if (!/^[a-z0-9]{3,24}$/.test(storage.accountName ?? '')) {
      problems.push(`objectStorage.accountName: '${storage.accountName ?? ''}' is not an Azure storage account name (3-24 lowercase letters and digits)`);
    }
    if (storage.endpointSuffix !== undefined && !/^[a-z0-9.-]+$/.test(storage.endpointSuffix)) {
      problems.push(`objectStorage.endpointSuffix: '${storage.endpointSuffix}' is not a host name suffix (no scheme; e.g. blob.core.usgovcloudapi.net)`);
    }
  }
  const rule = BUCKET_RULES[kind];
  for (const signal of ['traces', 'logs'] as const) {
    const bucket = storage.buckets?.[signal] ?? '';
    if (!rule.pattern.test(bucket)) problems.push(`objectStorage.buckets.${signal}: '${bucket}' is not ${rule.description}`);
  }
  return problems;
}

/**
 * A credential written into the settings would end up in a backend's ConfigMap: refuse every field
 * the kind does not have whose name looks like one (`secretAccessKey`, `accountKey`, `serviceAccount`…).
 */
function credentialProblems(storage: Readonly<Record<string, unknown>>, kind: ObjectStorageKind): string[] {
  return Object.keys(storage)
    .filter((field) => !FIELDS[kind].includes(field) && CREDENTIAL_FIELD.test(field))
    .map((field) => `objectStorage.${field}: a credential in the settings would be written into a ConfigMap; `
      + `put it in the Secret named by objectStorage.credentialsSecret (${secretKeys(kind)})`);
}

/** `key K` or `keys K1 and K2`: what the kind's Secret holds. */
function secretKeys(kind: ObjectStorageKind): string {
  const keys = OBJECT_STORAGE_SECRET_KEYS[kind];
  return `${keys.length > 1 ? 'keys' : 'key'} ${keys.join(' and ')}`;
}
