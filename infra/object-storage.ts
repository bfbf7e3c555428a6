import type { k8s } from 'cdk8s-plus-28';
import { AZURE_KEY_VARIABLE, ObjectStore } from '../config/object-storage';
import { OBJECT_STORAGE_SECRET_KEYS } from '../settings/object-storage';
import type { ObjectStorageSettings } from '../settings/schema';
import { portOfHostPort } from './endpoint';

/**
 * A bucket a backend keeps its data in (S3-compatible, GCS or Azure), with the Secret its
 * credentials come from: read as environment variables or a mounted file, never written into a ConfigMap.
 */
export type ObjectStorageBucket = S3StorageBucket | GcsStorageBucket | AzureStorageBucket;

/** An S3-compatible bucket; the Secret holds `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`. */
export interface S3StorageBucket {
  /**
   * The kind of object storage.
   * @default 's3'
   */
  readonly kind?: 's3';
  /**
   * Bucket name.
   * @default - required
   */
  readonly bucket: string;
  /**
   * Endpoint host, with a port if not 443 (e.g. `s3.eu-west-1.amazonaws.com`, `minio.storage.svc:9000`).
   * @default - required
   */
  readonly endpoint: string;
  /**
   * Region.
   * @default - required
   */
  readonly region: string;
  /**
   * Plain HTTP instead of HTTPS.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Secret in the component's namespace with keys `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`,
   * read through the AWS credential chain (never written into a ConfigMap).
   * @default - required
   */
  readonly credentialsSecret: string;
}

/** A Google Cloud Storage bucket; the Secret holds `key.json`, a service account key, mounted as a file. */
export interface GcsStorageBucket {
  /**
   * The kind of object storage.
   * @default - required: 'gcs'
   */
  readonly kind: 'gcs';
  /**
   * Bucket name.
   * @default - required
   */
  readonly bucket: string;
  /**
   * Secret in the component's namespace with key `key.json`, mounted read-only and named by
   * `GOOGLE_APPLICATION_CREDENTIALS`.
   * @default - required
   */
  readonly credentialsSecret: string;
}

/** An Azure Blob Storage container; the Secret holds `AZURE_STORAGE_KEY`, the account key. */
export interface AzureStorageBucket {
  /**
   * The kind of object storage.
   * @default - required: 'azure'
   */
  readonly kind: 'azure';
  /**
   * Container name.
   * @default - required
   */
  readonly bucket: string;
  /**
   * Storage account name.
   * @default - required
   */
  readonly accountName: string;
  /**
   * Endpoint suffix of a sovereign cloud.
   * @default - the public cloud's
   */
  readonly endpointSuffix?: string;
  /**
   * Secret in the component's namespace with key `AZURE_STORAGE_KEY`, read as that environment variable.
   * @default - required
   */
  readonly credentialsSecret: string;
}

/** Where a GCS key file is mounted. */
const GCS_KEY_DIR = '/etc/object-storage';

/** The bucket as the program's config names it (nothing secret). */
export function objectStore(storage: ObjectStorageBucket | undefined): ObjectStore | undefined {
  if (!storage) return undefined;
  switch (storage.kind) {
    case 'gcs': return { kind: 'gcs', bucket: storage.bucket };
    case 'azure': return { kind: 'azure', bucket: storage.bucket, accountName: storage.accountName, endpointSuffix: storage.endpointSuffix };
    default: return { kind: 's3', bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region, insecure: storage.insecure ?? false };
  }
}

/** How the container reaches the bucket's credentials: environment variables from the Secret, or (GCS) its key file mounted. */
export interface ObjectStorageAccess {
  readonly envVars: k8s.EnvVar[];
  readonly secretFiles: Array<{ readonly secretName: string; readonly mountPath: string }>;
}

/** The credentials of the bucket, by reference to its Secret. */
export function objectStorageAccess(storage: ObjectStorageBucket | undefined): ObjectStorageAccess {
  const fromSecret = (secret: string, key: string): k8s.EnvVar => ({ name: key, valueFrom: { secretKeyRef: { name: secret, key } } });
  switch (storage?.kind) {
    case undefined: case 's3':
      return { envVars: storage ? OBJECT_STORAGE_SECRET_KEYS.s3.map((key) => fromSecret(storage.credentialsSecret, key)) : [], secretFiles: [] };
    case 'gcs':
      return {
        envVars: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GCS_KEY_DIR}/${OBJECT_STORAGE_SECRET_KEYS.gcs[0]}` }],
        secretFiles: [{ secretName: storage.credentialsSecret, mountPath: GCS_KEY_DIR }],
      };
    case 'azure':
      return { envVars: [fromSecret(storage.credentialsSecret, AZURE_KEY_VARIABLE)], secretFiles: [] };
  }
}

/** The TCP port the object store listens on: an S3 endpoint's own (443, or 80 when insecure, unless it names one); HTTPS for GCS and Azure. */
export function objectStoragePort(storage: ObjectStorageSettings): number {
  return storage.kind === undefined || storage.kind === 's3' ? portOfHostPort(storage.endpoint, storage.insecure) : 443;
}
