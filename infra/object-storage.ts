import { k8s } from 'cdk8s-plus-28';
import type { S3Bucket } from '../config/tempo';
import { StackSettings } from '../settings';

/** The bucket of one signal in the environment's object storage, or undefined when data stays on volumes. */
export function bucketFor(env: StackSettings, signal: 'traces' | 'logs'): S3Bucket | undefined {
  const storage = env.objectStorage;
  return storage && { bucket: storage.buckets[signal], endpoint: storage.endpoint, region: storage.region, insecure: storage.insecure };
}

/** The AWS credential variables, from the environment's Secret (Tempo and Loki read them through the AWS credential chain). */
export function objectStorageCredentials(env: StackSettings): k8s.EnvVar[] {
  const secret = env.objectStorage?.credentialsSecret;
  if (!secret) return [];
  return ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secret, key } } }));
}

