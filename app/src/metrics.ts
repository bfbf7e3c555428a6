/**
 * Business metrics of the demo service. They are created through the OTel API
 * only: with no SDK registered (the bare app) every call is a no-op.
 *
 * Attribute values are bounded by construction (route templates and small
 * enums), so the series count stays fixed whatever clients send.
 */
import { metrics, type Histogram } from '@opentelemetry/api';
import { summedCounter, type AddOnlyCounter } from './summed-counter';

/** Name of the instrumentation scope the service's own metrics live in. */
export const METER_NAME = 'demo-app';

/** Counter of finished requests: `demo.requests`, unit `{request}`. */
export const REQUESTS_METRIC = 'demo.requests';
/** Histogram of time spent in `/work`: `demo.work.duration`, unit `s`. */
export const WORK_DURATION_METRIC = 'demo.work.duration';

/** Bucket bounds of `demo.work.duration`: /work accepts up to 10 s, so they cover the whole range. */
export const WORK_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Coarse result class of a request, from its status code. */
export type Outcome = 'success' | 'client_error' | 'server_error';

/** Size class of a `/work` request, from its requested latency. */
export type WorkSize = 'small' | 'medium' | 'large';

/** Maps an HTTP status code to the bounded `outcome` attribute value. */
export function outcomeOf(statusCode: number): Outcome {
  if (statusCode >= 500) return 'server_error';
  if (statusCode >= 400) return 'client_error';
  return 'success';
}

/** Maps a requested `/work` latency to the bounded `work.size` value. */
export function workSizeOf(ms: number): WorkSize {
  if (ms < 100) return 'small';
  if (ms < 1000) return 'medium';
  return 'large';
}

/** The instruments the routes record to. */
export interface AppMetrics {
  /** Attributes: `http.route` (route template or `unmatched`), `outcome`. Summed in process: one add per request. */
  readonly requests: AddOnlyCounter<{ 'http.route': string; outcome: Outcome }>;
  /** Attributes: `work.size`. */
  readonly workDuration: Histogram<{ 'work.size': WorkSize }>;
}

/** Creates the instruments on the globally registered meter provider. */
export function createAppMetrics(version?: string): AppMetrics {
  const meter = metrics.getMeter(METER_NAME, version);
  return {
    requests: summedCounter(meter, REQUESTS_METRIC, {
      description: 'Finished HTTP requests by route template and outcome.',
      unit: '{request}',
    }, (a: { 'http.route': string; outcome: Outcome }) => `${a.outcome} ${a['http.route']}`),
    workDuration: meter.createHistogram(WORK_DURATION_METRIC, {
      description: 'Time spent doing simulated work in GET /work.',
      unit: 's',
      advice: { explicitBucketBoundaries: WORK_DURATION_BUCKETS },
    }),
  };
}
