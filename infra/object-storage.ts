import type { k8s } from 'cdk8s-plus-28';
import type { S3Bucket } from '../config/tempo';

/** An S3-compatible bucket a backend keeps its data in, with the Secret its credentials come from. */
export interface ObjectStorageBucket {
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

/** The bucket as the program's config names it. */
export function s3Bucket(storage: ObjectStorageBucket | undefined): S3Bucket | undefined {
  return storage && { bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region, insecure: storage.insecure ?? false };
}

/** The AWS credential variables, from the bucket's Secret. */
export function objectStorageCredentials(storage: ObjectStorageBucket | undefined): k8s.EnvVar[] {
  if (!storage) return [];
  return ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: storage.credentialsSecret, key } } }));
}
