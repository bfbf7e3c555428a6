/**
 * A bucket as Tempo's and Loki's configs need it. Nothing here is secret: the programs read the
 * credentials from their environment (S3: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`; GCS:
 * `GOOGLE_APPLICATION_CREDENTIALS`, a mounted key file; Azure: `AZURE_STORAGE_KEY`).
 */
export type ObjectStore = S3Bucket | GcsBucket | AzureContainer;

/** One S3-compatible bucket. */
export interface S3Bucket {
  readonly kind: 's3';
  readonly bucket: string;
  /** Host with an optional port, no scheme. */
  readonly endpoint: string;
  readonly region: string;
  /** Plain HTTP. */
  readonly insecure: boolean;
}

/** One Google Cloud Storage bucket. */
export interface GcsBucket {
  readonly kind: 'gcs';
  readonly bucket: string;
}

/** One Azure Blob Storage container of a storage account. */
export interface AzureContainer {
  readonly kind: 'azure';
  /** The container's name. */
  readonly bucket: string;
  readonly accountName: string;
  /** A sovereign cloud's endpoint suffix; the public cloud's when absent. */
  readonly endpointSuffix?: string;
}

/** The environment variable Azure's account key is read from (Tempo reads it itself; Loki's config refers to it). */
export const AZURE_KEY_VARIABLE = 'AZURE_STORAGE_KEY';
