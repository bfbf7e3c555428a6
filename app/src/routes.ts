/**
 * The demo routes: one healthy, one latent, one failing, plus probes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { workSizeOf, type AppMetrics } from './metrics';
import type { Readiness } from './readiness';

/** Upper bound of `GET /work?ms=N`, in milliseconds. */
export const MAX_WORK_MS = 10_000;

/** Name of the tracer the routes' manual spans come from. */
export const TRACER_NAME = 'demo-app';

/** The error `GET /error` throws on purpose. */
export class SimulatedFailure extends Error {
  override readonly name = 'SimulatedFailure';
}

/** Body of every 4xx/5xx answer. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** What the routes need besides the Fastify instance. */
export interface RouteDeps {
  readonly readiness: Readiness;
  readonly metrics: AppMetrics;
}

const MS_PATTERN = /^\d{1,5}$/;

/**
 * Parses the `ms` query value. Only a plain decimal integer in 0..MAX_WORK_MS
 * passes; repeated, signed, fractional, hex or empty values are rejected.
 */
export function parseWorkMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !MS_PATTERN.test(value)) return undefined;
  const ms = Number(value);
  return ms <= MAX_WORK_MS ? ms : undefined;
}

/** Registers `/`, `/work`, `/error`, `/healthz` and `/readyz`. */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const tracer = trace.getTracer(TRACER_NAME);

  app.get('/', async () => ({ status: 'ok' }));

  app.get('/work', async (request: FastifyRequest<{ Querystring: { ms?: unknown } }>, reply: FastifyReply) => {
    const ms = parseWorkMs(request.query.ms);
    if (ms === undefined) {
      const body: ErrorBody = {
        error: 'Bad Request',
        message: `query parameter "ms" must be an integer from 0 to ${MAX_WORK_MS}`,
      };
      return reply.code(400).send(body);
    }
    const size = workSizeOf(ms);
    const work = async () => {
      const started = performance.now();
      await sleep(ms);
      deps.metrics.workDuration.record((performance.now() - started) / 1000, { 'work.size': size });
      if (size !== 'small') request.log.info({ work_ms: ms }, 'slow work finished');
      return { status: 'ok', ms };
    };
    // An unsampled request's children are unsampled too (parent-based sampling): skip the span and
    // its context switch, which cost more than the work itself on a fast request.
    if (!trace.getActiveSpan()?.isRecording()) return work();
    // The manual child span makes the simulated latency visible as its own
    // block in the trace, under the framework's request span.
    return tracer.startActiveSpan('work', { attributes: { 'work.requested_ms': ms, 'work.size': size } }, async (span) => {
      try {
        return await work();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    });
  });

  app.get('/error', async () => {
    throw new SimulatedFailure('simulated failure');
  });

  // Probes are answered without telemetry: kubelet polls them every few
  // seconds and their spans would only bury the interesting ones.
  app.get('/healthz', { config: { otel: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { otel: false } }, async (_request, reply) => {
    if (deps.readiness.ready) return { status: 'ready' };
    return reply.code(503).send({ status: 'draining' });
  });
}
