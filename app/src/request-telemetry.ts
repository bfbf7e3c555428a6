/**
 * One server span and one `http.server.request.duration` measurement per
 * request, from Fastify's own hooks. This replaces the HTTP server
 * instrumentation plus `@fastify/otel` (two spans per request, attributes
 * computed before the sampling decision, event emitters re-bound per request),
 * which the benchmark showed to be most of the telemetry's cost.
 *
 * - The sampling decision comes first: an unsampled request gets a non-recording
 *   span and none of its attributes are computed.
 * - W3C `traceparent`/`baggage` are read only when the request carries them.
 * - The span is active (AsyncLocalStorage) for the rest of the request, so the
 *   handler's own spans and log lines join its trace.
 *
 * Attached through Fastify's `fastify.initialization` diagnostics channel, so
 * the app factory knows nothing of telemetry and the bare app pays nothing.
 */
import diagnostics from 'node:diagnostics_channel';
import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Histogram,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { baggageAttributes } from './baggage';

/** Instrumentation scope of the request spans and the duration histogram. */
export const REQUEST_SCOPE = 'demo-app/http';

/** The stable HTTP semconv histogram name (unit s). */
export const REQUEST_DURATION_METRIC = 'http.server.request.duration';

/** Semantic-conventions advice for HTTP durations, in seconds. */
export const REQUEST_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Status recorded for a request the client aborted before it was answered. */
const CLIENT_CLOSED_REQUEST = 499;

/** Route option that turns telemetry off for a route (probes): `{ config: { otel: false } }`. */
interface RouteTelemetryConfig {
  otel?: boolean;
}

/** Per-request state, kept on the request object. */
const STATE = Symbol('demo-app.request-telemetry');
interface RequestState {
  readonly span: Span;
  readonly started: number;
  /** Route template, or undefined when no route matched. */
  readonly route: string | undefined;
  /** Set once an exception was recorded with its status message. */
  failed?: boolean;
}
type WithState = FastifyRequest & { [STATE]?: RequestState | null };

interface Instruments {
  readonly tracer: Tracer;
  readonly duration: Histogram;
}

function start(instruments: Instruments, request: WithState, done: () => void): void {
  // routeOptions is a getter that builds a new object on each access: read it once.
  const { config, url: route } = request.routeOptions;
  if ((config as RouteTelemetryConfig | undefined)?.otel === false) {
    done();
    return;
  }
  const headers = request.raw.headers;
  const parent = headers.traceparent !== undefined || headers.baggage !== undefined
    ? propagation.extract(ROOT_CONTEXT, headers)
    : ROOT_CONTEXT;
  const method = request.raw.method ?? 'GET';
  const span = instruments.tracer.startSpan(route ? `${method} ${route}` : method, { kind: SpanKind.SERVER }, parent);
  request[STATE] = { span, started: performance.now(), route };
  context.with(trace.setSpan(parent, span), done);
}

function finish(instruments: Instruments, request: WithState, status: number, errorType?: string): void {
  const state = request[STATE];
  if (!state) return;
  request[STATE] = null;
  const { route } = state;
  const raw = request.raw;
  const method = raw.method ?? 'GET';
  // Bounded attributes only: route template, never the path.
  const attributes: Attributes = {
    'http.request.method': method,
    'http.response.status_code': status,
    // Not request.protocol: that getter also reads proxy headers, on every call.
    'url.scheme': (raw.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http',
  };
  if (route !== undefined) attributes['http.route'] = route;
  const error = errorType ?? (status >= 500 ? String(status) : undefined);
  if (error !== undefined) attributes['error.type'] = error;
  instruments.duration.record((performance.now() - state.started) / 1000, attributes);

  const { span } = state;
  if (span.isRecording()) {
    // The metric SDK keeps `attributes` for a new series: what only the span gets is added to the span.
    span.setAttributes(attributes);
    span.setAttribute('url.path', (raw.url ?? '').split('?', 1)[0]);
    const agent = raw.headers['user-agent'];
    if (agent !== undefined) span.setAttribute('user_agent.original', agent);
    if (raw.headers.baggage !== undefined) span.setAttributes(baggageAttributes(raw));
    if ((status >= 500 || errorType !== undefined) && !state.failed) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function recordError(request: WithState, error: Error & { statusCode?: number }): void {
  const state = request[STATE];
  // 4xx errors (validation) are the client's: not an error of this server span.
  if (!state?.span.isRecording() || (error.statusCode !== undefined && error.statusCode < 500)) return;
  state.span.recordException(error);
  state.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  state.failed = true;
}

/** Adds the request telemetry hooks to one Fastify instance (before its routes run). */
export function addRequestTelemetry(app: FastifyInstance): void {
  const instruments: Instruments = {
    tracer: trace.getTracer(REQUEST_SCOPE),
    duration: metrics.getMeter(REQUEST_SCOPE).createHistogram(REQUEST_DURATION_METRIC, {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      advice: { explicitBucketBoundaries: REQUEST_DURATION_BUCKETS },
    }),
  };
  // Declared up front so every request object keeps one shape (V8 hidden class).
  app.decorateRequest(STATE as unknown as string, null);
  app.addHook('onRequest', (request, _reply, done) => start(instruments, request, done));
  app.addHook('onError', (request, _reply, error, done) => {
    recordError(request, error);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    finish(instruments, request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    // The client went away before an answer: no status was sent (499 by nginx's convention).
    finish(instruments, request, CLIENT_CLOSED_REQUEST, 'aborted');
    done();
  });
}

/**
 * Instruments every Fastify instance created from now on. Call after the SDK
 * registered its providers. Returns the way back.
 */
export function instrumentFastify(): () => void {
  const onInitialization = (message: unknown): void => addRequestTelemetry((message as { fastify: FastifyInstance }).fastify);
  diagnostics.subscribe('fastify.initialization', onInitialization);
  return () => diagnostics.unsubscribe('fastify.initialization', onInitialization);
}
