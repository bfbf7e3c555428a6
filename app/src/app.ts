/**
 * The app factory: a configured Fastify instance with every route, error and
 * not-found handling, and the business metrics hook. It binds no port, so
 * tests drive it with `app.inject()` or `app.listen({ port: 0 })`.
 */
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { createAppMetrics, outcomeOf, type AppMetrics } from './metrics';
import { Readiness } from './readiness';
import { otlpProxyOptionsFromEnv, registerOtlpProxy, type OtlpProxyOptions } from './otlp-proxy';
import { registerRoutes, SimulatedFailure, type ErrorBody } from './routes';
import { registerWebPage } from './web-page';

/** Options of {@link buildApp}; everything has a working default. */
export interface AppOptions {
  /** Logger for the app and its requests. @default no logging */
  readonly logger?: Logger;
  /** Readiness flag `GET /readyz` reports. @default a new, ready flag */
  readonly readiness?: Readiness;
  /** Business metric instruments. @default created on the global meter provider */
  readonly metrics?: AppMetrics;
  /** Folder with the bundled browser page. @default `public` beside the compiled app */
  readonly webRoot?: string;
  /** Where the page's spans are forwarded. @default from the OTEL_EXPORTER_OTLP_* variables */
  readonly otlpProxy?: OtlpProxyOptions;
}

/** Longest request path echoed back in a 404 body. */
const MAX_ECHOED_PATH = 200;

/**
 * Builds the demo service. Telemetry is not wired here: when the OTel SDK is
 * preloaded, the request hooks (request-telemetry.ts, on Fastify's
 * initialization channel) and the pino instrumentation attach to this
 * instance on their own, so the same factory serves the bare and the
 * instrumented app.
 */
export function buildApp(options: AppOptions = {}): FastifyInstance {
  const readiness = options.readiness ?? new Readiness();
  const metrics = options.metrics ?? createAppMetrics();
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    // No per-request access log: traces and metrics already describe every
    // request, and a log line per request is the costliest signal to export.
    logController: new LogController({ disableRequestLogging: true }),
    // Close idle keep-alive sockets on shutdown; in-flight requests finish.
    forceCloseConnections: 'idle',
    // Malformed URLs never reach a route: answer them in the same JSON shape.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const body: ErrorBody = { error: 'Bad Request', message: error.message };
      void reply.code(400).send(body);
    },
  }) as unknown as FastifyInstance;

  app.addHook('onResponse', (request, reply, done) => {
    metrics.requests.add(1, {
      'http.route': request.routeOptions.url ?? 'unmatched',
      outcome: outcomeOf(reply.statusCode),
    });
    done();
  });

  // While draining, tell keep-alive clients to reconnect (to another pod):
  // an idle kept-alive socket would otherwise hold server.close() open.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!readiness.ready) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
      ? error.statusCode
      : 500;
    if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
    // 4xx messages come from Fastify's own validation and are safe to show;
    // a 5xx shows its message only when the failure is the deliberate one.
    const message = statusCode < 500 || error instanceof SimulatedFailure ? error.message : 'Internal Server Error';
    const body: ErrorBody = { error: STATUS_CODES[statusCode] ?? 'Error', message };
    return reply.code(statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const body: ErrorBody = {
      error: 'Not Found',
      message: `no route for ${request.method} ${path.slice(0, MAX_ECHOED_PATH)}`,
    };
    return reply.code(404).send(body);
  });

  registerRoutes(app, { readiness, metrics });
  registerWebPage(app, options.webRoot ?? path.join(__dirname, 'public'));
  registerOtlpProxy(app, options.otlpProxy ?? otlpProxyOptionsFromEnv());
  return app;
}
