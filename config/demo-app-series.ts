/**
 * The demo service as the series estimate counts it, from the attribute values its instruments
 * declare (app/src/metrics.ts, app/src/request-telemetry.ts; test/config/cardinality.test.ts runs the
 * app's instruments over every declared value and counts what they produce).
 */
import { MEASURED_RUNTIME_SERIES_PER_INSTANCE } from '../settings/measured';
import type { SendingService } from './cardinality';

/** Route templates the demo serves to its clients (app/src/routes.ts); each answers with one status class. */
export const DEMO_ROUTES = ['/', '/work', '/error'] as const;
/** `http.route` values of `demo.requests`: the routes, and `unmatched` for any other path. */
const REQUEST_ROUTE_VALUES = DEMO_ROUTES.length + 1;
/** `outcome` values: success, client_error, server_error. */
const OUTCOMES = 3;
/** `work.size` values: small, medium, large. */
const WORK_SIZES = 3;
/** Bucket bounds of `demo.work.duration` (app/src/metrics.ts WORK_DURATION_BUCKETS). */
export const DEMO_WORK_BOUNDS = 11;
/** Bucket bounds of `http.server.request.duration`, the semantic conventions' advice (app/src/request-telemetry.ts). */
export const REQUEST_DURATION_BOUNDS = 14;

/** Series of the demo's business metrics per instance: `demo.requests` by route and outcome, `demo.work.duration` by size. */
export const DEMO_BUSINESS_SERIES = REQUEST_ROUTE_VALUES * OUTCOMES + WORK_SIZES * (DEMO_WORK_BOUNDS + 3);

/** The demo service with `instances` replicas. */
export function demoAppService(instances: number): SendingService {
  return {
    name: 'demo-app',
    instances,
    // A server span per route, and the manual `work` span.
    operations: DEMO_ROUTES.length + 1,
    requestHistograms: DEMO_ROUTES.length,
    otherSeriesPerInstance: DEMO_BUSINESS_SERIES + MEASURED_RUNTIME_SERIES_PER_INSTANCE,
  };
}
