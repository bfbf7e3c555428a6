/**
 * Telemetry of the real app, read back from the SDK's in-memory exporters:
 * the app listens on 127.0.0.1 and is called over HTTP so the request hooks
 * (server span, duration histogram), the manual span, the metrics and the pino
 * bridge all take part exactly as in production.
 */
import { Writable } from 'node:stream';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../app/src/app';
import { startTelemetry, type Telemetry } from '../../app/src/telemetry';
import { loggerOptions } from '../../app/src/logger';
import { applyPatch } from './helpers/patch-in-jest';

const spans = new InMemorySpanExporter();
/** Spans as they start (the exporter only sees ended ones): tells a test a request is being handled. */
const startedSpans: Span[] = [];
const onStart: SpanProcessor = {
  onStart: (span) => void startedSpans.push(span),
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
const logs = new InMemoryLogRecordExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
// A long interval: the test collects explicitly with forceFlush().
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const stdoutLines: string[] = [];

let telemetry: Telemetry;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  telemetry = startTelemetry({
    spanProcessors: [onStart, new SimpleSpanProcessor(spans)],
    logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logs })],
    metricReaders: [metricReader],
  });
  // What the require hook does in the real process (see helpers/patch-in-jest).
  const patchedPino = applyPatch(telemetry, '@opentelemetry/instrumentation-pino', 'pino', pino).exports;
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      stdoutLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = patchedPino(loggerOptions('info'), capture);
  app = buildApp({ logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  await telemetry?.shutdown();
});

beforeEach(() => {
  spans.reset();
  startedSpans.length = 0;
  logs.reset();
});

/** Polls until `predicate` holds, with a ceiling far above the usual wait (a busy machine only makes it longer). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A path no test calls otherwise: a 404, traced, after an untraced request (see call). */
const MARKER = '/after-untraced';

/** Calls the app; returns status and the spans of that one request. */
async function call(path: string, headers: Record<string, string> = {}, traced = true): Promise<{ status: number; spans: ReadableSpan[] }> {
  const res = await fetch(base + path, { headers });
  await res.text();
  // The server span ends after the response is flushed: wait for it (bounded), however busy the machine.
  // An untraced request (probes, unsampled) has no span to wait for: a traced request after it has,
  // and by the time that one's span ended, a stray span of the first would have ended too.
  const awaited = traced ? path.split('?')[0] : MARKER;
  if (!traced) {
    const marker = await fetch(base + MARKER);
    await marker.text();
    expect(marker.status).toBe(404);
  }
  await until(() => spans.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === awaited), `the server span of ${awaited}`);
  return { status: res.status, spans: spans.getFinishedSpans().filter((s) => traced || s.attributes['url.path'] !== MARKER) };
}

function serverSpan(list: ReadableSpan[]): ReadableSpan {
  const found = list.filter((s) => s.kind === SpanKind.SERVER);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('traces', () => {
  test('GET / has exactly one span: the server span, with route, method and status', async () => {
    const { status, spans: list } = await call('/');
    expect(status).toBe(200);
    expect(list).toHaveLength(1);
    const server = serverSpan(list);
    expect(server.name).toBe('GET /');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/',
      'http.response.status_code': 200,
      'url.path': '/',
      'url.scheme': 'http',
    });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.parentSpanContext).toBeUndefined();
  });

  test('GET /work?ms=30 has a manual "work" span under the server span, lasting the requested time', async () => {
    const { status, spans: list } = await call('/work?ms=30');
    expect(status).toBe(200);
    const server = serverSpan(list);
    expect(server.name).toBe('GET /work');
    expect(server.attributes['http.route']).toBe('/work');
    const work = list.find((s) => s.name === 'work');
    expect(work).toBeDefined();
    expect(work!.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(work!.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(work!.attributes).toMatchObject({ 'work.requested_ms': 30, 'work.size': 'small' });
    const ms = work!.duration[0] * 1e3 + work!.duration[1] / 1e6;
    expect(ms).toBeGreaterThanOrEqual(29);
  });

  test('GET /error records the exception and sets status ERROR', async () => {
    const { status, spans: list } = await call('/error');
    expect(status).toBe(500);
    const server = serverSpan(list);
    expect(server.attributes['http.response.status_code']).toBe(500);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'simulated failure' });
    const exception = server.events.find((e) => e.name === 'exception');
    expect(exception?.attributes).toMatchObject({
      'exception.type': 'SimulatedFailure',
      'exception.message': 'simulated failure',
    });
    expect(String(exception?.attributes?.['exception.stacktrace'])).toContain('routes');
  });

  test('a rejected /work input is a 400 without error status', async () => {
    const { status, spans: list } = await call('/work?ms=-1');
    expect(status).toBe(400);
    const server = serverSpan(list);
    expect(server.attributes['http.response.status_code']).toBe(400);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(list.find((s) => s.name === 'work')).toBeUndefined();
  });

  test('an unknown route is a 404 server span without a route attribute', async () => {
    const { status, spans: list } = await call('/missing');
    expect(status).toBe(404);
    const server = serverSpan(list);
    expect(server.attributes['http.response.status_code']).toBe(404);
    expect(server.attributes['http.route']).toBeUndefined();
  });

  test('a request the client aborts ends its server span as aborted, once', async () => {
    const { request } = await import('node:http');
    // 99 ms: still "small" work, which logs nothing (the log tests below look for the first such line).
    const req = request(`${base}/work?ms=99`);
    req.on('error', () => undefined);
    req.end();
    // Abort while the handler runs: its work span has started.
    await until(() => startedSpans.some((s) => s.name === 'work'), 'the handler to start');
    req.destroy();
    const workServerSpans = () => spans.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/work');
    await until(() => workServerSpans().length > 0, 'the aborted request\'s server span');
    // Let the handler run to its end (the work span ends), and the service answer another request in
    // full: an answer to the aborted request, had it ended the span again, would have come by then.
    await until(() => spans.getFinishedSpans().some((s) => s.name === 'work'), 'the work to end');
    expect((await call('/')).status).toBe(200);
    const servers = workServerSpans();
    expect(servers).toHaveLength(1);
    expect(servers[0]!.attributes).toMatchObject({ 'http.route': '/work', 'error.type': 'aborted', 'http.response.status_code': 499 });
    expect(servers[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  test('probes are not traced', async () => {
    expect((await call('/healthz', {}, false)).spans).toEqual([]);
    expect((await call('/readyz', {}, false)).spans).toEqual([]);
  });

  test('an incoming traceparent continues the trace and baggage lands on the server span', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parentId = 'b7ad6b7169203331';
    const { spans: list } = await call('/', {
      traceparent: `00-${traceId}-${parentId}-01`,
      baggage: 'tenant=acme,plan=gold%20plus',
    });
    const server = serverSpan(list);
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(parentId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(server.attributes).toMatchObject({ 'baggage.tenant': 'acme', 'baggage.plan': 'gold plus' });
  });

  test('the resource names the service, its version and environment, host and process', async () => {
    const { spans: list } = await call('/');
    const attrs = serverSpan(list).resource.attributes;
    expect(attrs['service.name']).toBe('demo-app');
    expect(attrs['service.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof attrs['deployment.environment.name']).toBe('string');
    expect(typeof attrs['host.name']).toBe('string');
    expect(attrs['process.pid']).toBe(process.pid);
    expect(typeof attrs['service.instance.id']).toBe('string');
  });
});

describe('logs', () => {
  test('a log written inside the work span carries its trace and span ids, in OTLP and on stdout', async () => {
    const { spans: list } = await call('/work?ms=120');
    const work = list.find((s) => s.name === 'work')!;
    const record = logs.getFinishedLogRecords().find((r) => r.body === 'slow work finished');
    expect(record).toBeDefined();
    expect(record!.spanContext?.traceId).toBe(work.spanContext().traceId);
    expect(record!.spanContext?.spanId).toBe(work.spanContext().spanId);
    expect(record!.severityText).toBe('info');
    expect(record!.attributes.work_ms).toBe(120);

    const line = stdoutLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'slow work finished');
    expect(line).toMatchObject({
      level: 'info',
      trace_id: work.spanContext().traceId,
      span_id: work.spanContext().spanId,
    });
  });

  test('the /error failure is logged at error level inside its trace', async () => {
    const { spans: list } = await call('/error');
    const server = serverSpan(list);
    const record = logs.getFinishedLogRecords().find((r) => r.body === 'request failed');
    expect(record?.severityText).toBe('error');
    expect(record?.spanContext?.traceId).toBe(server.spanContext().traceId);
    expect(list.map((s) => s.spanContext().spanId)).toContain(record?.spanContext?.spanId);
  });
});

describe('metrics', () => {
  async function collect(): Promise<Map<string, MetricData>> {
    metricExporter.reset();
    await metricReader.forceFlush();
    const byName = new Map<string, MetricData>();
    for (const rm of metricExporter.getMetrics()) {
      for (const sm of rm.scopeMetrics) for (const m of sm.metrics) byName.set(m.descriptor.name, m);
    }
    return byName;
  }

  beforeAll(async () => {
    for (const path of ['/', '/work?ms=5', '/work?ms=150', '/error', '/work?ms=x', '/nope']) await call(path);
  });

  test('http.server.request.duration is a histogram in seconds with bounded http attributes', async () => {
    const m = (await collect()).get('http.server.request.duration');
    expect(m).toBeDefined();
    expect(m!.descriptor.unit).toBe('s');
    expect(m!.dataPointType).toBe(DataPointType.HISTOGRAM);
    const routes = new Set(m!.dataPoints.map((p) => p.attributes['http.route']));
    expect(routes).toEqual(new Set(['/', '/work', '/error', undefined]));
    for (const p of m!.dataPoints) {
      expect(Object.keys(p.attributes).sort()).toEqual(
        expect.arrayContaining(['http.request.method', 'http.response.status_code', 'url.scheme']),
      );
      expect(p.attributes['url.path']).toBeUndefined();
    }
    const errors = m!.dataPoints.find((p) => p.attributes['http.route'] === '/error');
    expect(errors?.attributes['http.response.status_code']).toBe(500);
  });

  test('an unsampled request (parent flags 00) records no span but is still measured', async () => {
    const countOf = async () => {
      const m = (await collect()).get('http.server.request.duration');
      return (m?.dataPoints ?? [])
        .filter((p) => p.attributes['http.route'] === '/')
        .reduce((n, p) => n + (p.value as { count: number }).count, 0);
    };
    const before = await countOf();
    const { status, spans: list } = await call('/', { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' }, false);
    expect(status).toBe(200);
    expect(list).toEqual([]);
    expect(await countOf()).toBe(before + 1);
  });

  test('an unsampled /work request records no span, not even the work span, but its work is still measured', async () => {
    const workCount = async () => ((await collect()).get('demo.work.duration')?.dataPoints ?? [])
      .reduce((n, p) => n + (p.value as { count: number }).count, 0);
    const before = await workCount();
    const { status, spans: list } = await call('/work?ms=5', { traceparent: '00-0af7651916cd43dd8448eb211c80319d-b7ad6b7169203332-00' }, false);
    expect(status).toBe(200);
    expect(list).toEqual([]);
    expect(await workCount()).toBe(before + 1);
  });

  test('demo.requests counts finished requests by route template and outcome', async () => {
    const m = (await collect()).get('demo.requests');
    expect(m?.descriptor.unit).toBe('{request}');
    expect(m?.dataPointType).toBe(DataPointType.SUM);
    const seen = new Map(m!.dataPoints.map((p) => [`${p.attributes['http.route']} ${p.attributes.outcome}`, p.value]));
    expect(seen.get('/ success')).toBeGreaterThanOrEqual(1);
    expect(seen.get('/work success')).toBeGreaterThanOrEqual(2);
    expect(seen.get('/work client_error')).toBeGreaterThanOrEqual(1);
    expect(seen.get('/error server_error')).toBeGreaterThanOrEqual(1);
    expect(seen.get('unmatched client_error')).toBeGreaterThanOrEqual(1);
    for (const p of m!.dataPoints) expect(Object.keys(p.attributes).sort()).toEqual(['http.route', 'outcome']);
  });

  test('demo.work.duration is a histogram in seconds by work size', async () => {
    const m = (await collect()).get('demo.work.duration');
    expect(m?.descriptor.unit).toBe('s');
    expect(m?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const sizes = new Set(m!.dataPoints.map((p) => p.attributes['work.size']));
    expect(sizes).toEqual(new Set(['small', 'medium']));
    const medium = m!.dataPoints.find((p) => p.attributes['work.size'] === 'medium')!;
    const value = medium.value as { sum?: number; count: number };
    expect(value.count).toBeGreaterThanOrEqual(1);
    expect(value.sum!).toBeGreaterThanOrEqual(0.149);
  });
});
