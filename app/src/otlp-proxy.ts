/**
 * `POST /otlp/v1/traces`: the browser page's OTLP/HTTP endpoint. The page
 * posts its spans (OTLP/JSON) to the service that served it, which checks
 * them and forwards them to the collector, so the collector needs no public
 * address and no CORS. Bad input is a 4xx JSON answer: 413 over the size
 * limit, 415 for another content type, 400 for malformed JSON or a body that
 * is not a trace export; an unreachable collector is a 502.
 */
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from './routes';
import { validateTraceExport } from './otlp-json';

/** Where the page sends its spans. */
export const BROWSER_TRACES_PATH = '/otlp/v1/traces';

/** Largest accepted export request (a full 512-span batch of page spans is well under this). */
export const MAX_BROWSER_EXPORT_BYTES = 512 * 1024;

/** Where and how the spans are forwarded. */
export interface OtlpProxyOptions {
  /** The collector's OTLP/HTTP traces URL. @default from the OTEL_EXPORTER_OTLP_* variables, see {@link otlpProxyOptionsFromEnv} */
  readonly tracesUrl: string;
  /** Give up on the collector after this long. @default OTEL_EXPORTER_OTLP_TIMEOUT or 10000 ms */
  readonly timeoutMs: number;
}

/**
 * The same target the SDK's own trace exporter uses:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT
 * + `/v1/traces`, else http://localhost:4318/v1/traces.
 */
export function otlpProxyOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OtlpProxyOptions {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim().replace(/\/+$/, '') || 'http://localhost:4318';
  const timeout = Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT);
  return {
    tracesUrl: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || `${base}/v1/traces`,
    timeoutMs: Number.isSafeInteger(timeout) && timeout > 0 ? timeout : 10_000,
  };
}

/** Registers the proxy route (in its own scope, for its content-type rule). */
export function registerOtlpProxy(app: FastifyInstance, options: OtlpProxyOptions): void {
  void app.register(async (scope) => proxyRoute(scope, options));
}

function proxyRoute(app: FastifyInstance, options: OtlpProxyOptions): void {
  // Anything but JSON: a 415 that says what is accepted (Fastify's own says only "Unsupported Media Type").
  app.addContentTypeParser('*', (request, _payload, done) => {
    const error = Object.assign(
      new Error(`content-type must be application/json (OTLP/JSON), got ${JSON.stringify(request.headers['content-type'] ?? '')}`),
      { statusCode: 415 },
    );
    done(error, undefined);
  });
  // Not traced: the page's own exports would otherwise add a span per batch.
  app.post(BROWSER_TRACES_PATH, { bodyLimit: MAX_BROWSER_EXPORT_BYTES, config: { otel: false } }, async (request, reply) => {
    let spans: number;
    try {
      spans = validateTraceExport(request.body);
    } catch (err) {
      const body: ErrorBody = { error: 'Bad Request', message: `not an OTLP/JSON trace export: ${(err as Error).message}` };
      return reply.code(400).send(body);
    }
    if (spans === 0) return {};
    try {
      const upstream = await fetch(options.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await upstream.arrayBuffer();
      if (!upstream.ok) throw new Error(`the collector answered ${upstream.status}`);
    } catch (err) {
      request.log.warn({ err, spans }, 'browser spans not forwarded');
      const body: ErrorBody = { error: 'Bad Gateway', message: 'browser spans could not be forwarded to the collector' };
      return reply.code(502).send(body);
    }
    // An empty ExportTraceServiceResponse: everything accepted.
    return {};
  });
}
