/**
 * The page's OTLP endpoint (POST /otlp/v1/traces) with good and bad input:
 * a valid export is forwarded to the collector; oversized, malformed, wrongly
 * typed or shaped bodies get a 4xx JSON answer naming the problem; a dead
 * collector is a 502; and the service keeps answering after each.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app/src/app';
import { validateTraceExport, MAX_SPANS_PER_REQUEST } from '../../app/src/otlp-json';
import { BROWSER_TRACES_PATH, MAX_BROWSER_EXPORT_BYTES, otlpProxyOptionsFromEnv } from '../../app/src/otlp-proxy';
import { OtlpReceiver } from './helpers/otlp-receiver';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

/** A minimal valid OTLP/JSON export, as the browser SDK sends it. */
function exportOf(spans: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'demo-app-web' } }] },
      scopeSpans: [{ scope: { name: 'test' }, spans }],
    }],
  };
}

function span(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE_ID,
    spanId: 'eee19b7ec3c1b174',
    name: 'HTTP GET',
    kind: 3,
    startTimeUnixNano: '1544712660000000000',
    endTimeUnixNano: '1544712661000000000',
    attributes: [{ key: 'http.url', value: { stringValue: '/work?ms=5' } }],
    ...overrides,
  };
}

let receiver: OtlpReceiver;
let app: FastifyInstance;
let deadApp: FastifyInstance;
let base: string;
let deadBase: string;
let webRoot: string;

async function listen(a: FastifyInstance): Promise<string> {
  await a.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(a.server.address() as net.AddressInfo).port}`;
}

/** The traces URL of a receiver that is gone: nothing listens there any more. */
async function deadTracesUrl(): Promise<string> {
  const gone = await OtlpReceiver.start();
  const url = `${gone.endpoint}/v1/traces`;
  await gone.close();
  return url;
}

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  webRoot = mkdtempSync(path.join(tmpdir(), 'no-page-'));
  app = buildApp({ webRoot, otlpProxy: { tracesUrl: `${receiver.endpoint}/v1/traces`, timeoutMs: 2000 } });
  deadApp = buildApp({ webRoot, otlpProxy: { tracesUrl: await deadTracesUrl(), timeoutMs: 2000 } });
  [base, deadBase] = await Promise.all([listen(app), listen(deadApp)]);
});

afterAll(async () => {
  await Promise.all([app?.close(), deadApp?.close(), receiver?.close()]);
  rmSync(webRoot, { recursive: true, force: true });
});

async function post(body: string | Blob, contentType = 'application/json', at = base) {
  const res = await fetch(at + BROWSER_TRACES_PATH, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { error?: string; message?: string } };
}

test('a valid export is forwarded to the collector as OTLP/JSON and answered 200', async () => {
  const answer = await post(JSON.stringify(exportOf([span()])));
  expect(answer).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: {} });
  await receiver.waitFor(() => receiver.spans.some((s) => s.traceId === TRACE_ID), 2000, 'the forwarded span');
  const forwarded = receiver.spans.find((s) => s.traceId === TRACE_ID)!;
  expect(forwarded).toMatchObject({ name: 'HTTP GET', kind: 3, spanId: 'eee19b7ec3c1b174', resource: { 'service.name': 'demo-app-web' } });
  expect(receiver.requests.at(-1)?.contentType).toBe('application/json');
});

test.each([
  ['oversized', 'x'.repeat(MAX_BROWSER_EXPORT_BYTES + 1), 'application/json', 413, /body/i],
  ['malformed JSON', '{"resourceSpans": [', 'application/json', 400, /JSON/],
  ['empty', '', 'application/json', 400, /empty/i],
  ['protobuf (not accepted here)', new Blob([new Uint8Array([0x0a, 0x00])]), 'application/x-protobuf', 415,
    /content-type must be application\/json \(OTLP\/JSON\), got "application\/x-protobuf"/],
  ['a JSON array', '[]', 'application/json', 400, /body must be an object/],
  ['resourceSpans not a list', '{"resourceSpans": {}}', 'application/json', 400, /resourceSpans must be an array/],
  ['a bad trace id', JSON.stringify(exportOf([span({ traceId: 'xyz' })])), 'application/json', 400,
    /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId must be 32 lowercase hex digits/],
  ['an all-zero span id', JSON.stringify(exportOf([span({ spanId: '0000000000000000' })])), 'application/json', 400, /spanId/],
  ['a bad start time', JSON.stringify(exportOf([span({ startTimeUnixNano: '-1' })])), 'application/json', 400, /startTimeUnixNano/],
  ['a bad kind', JSON.stringify(exportOf([span({ kind: 9 })])), 'application/json', 400, /kind must be an integer from 0 to 5/],
])('%s is a 4xx JSON answer', async (_what, body, type, status, message) => {
  const answer = await post(body, type);
  expect(answer.status).toBe(status);
  expect(answer.type).toBe('application/json; charset=utf-8');
  expect(answer.body.message).toMatch(message);
  // Still serving.
  expect((await fetch(`${base}/`)).status).toBe(200);
});

test('a dead collector is a 502 JSON answer, and the service keeps serving', async () => {
  const answer = await post(JSON.stringify(exportOf([span()])), 'application/json', deadBase);
  expect(answer).toEqual({
    status: 502,
    type: 'application/json; charset=utf-8',
    body: { error: 'Bad Gateway', message: 'browser spans could not be forwarded to the collector' },
  });
  expect((await fetch(`${deadBase}/`)).status).toBe(200);
});

test('an export with no spans is accepted without calling the collector', async () => {
  const before = receiver.requests.length;
  expect((await post('{"resourceSpans": []}')).status).toBe(200);
  expect(receiver.requests.length).toBe(before);
});

test('the span count is bounded', () => {
  const many = exportOf(Array.from({ length: MAX_SPANS_PER_REQUEST + 1 }, () => span()));
  expect(() => validateTraceExport(many)).toThrow(`at most ${MAX_SPANS_PER_REQUEST} spans`);
  expect(validateTraceExport(exportOf([span(), span({ parentSpanId: 'eee19b7ec3c1b173' })]))).toBe(2);
});

test('the forwarding target follows the OTLP exporter variables', () => {
  expect(otlpProxyOptionsFromEnv({})).toEqual({ tracesUrl: 'http://localhost:4318/v1/traces', timeoutMs: 10_000 });
  expect(otlpProxyOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel:4318/', OTEL_EXPORTER_OTLP_TIMEOUT: '5000' }))
    .toEqual({ tracesUrl: 'https://otel:4318/v1/traces', timeoutMs: 5000 });
  expect(otlpProxyOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' }).tracesUrl)
    .toBe('http://b:4318/traces');
});

test('without a built page, /ui is a 404 JSON that says how to build it', async () => {
  const res = await fetch(`${base}/ui`);
  expect(res.status).toBe(404);
  expect(((await res.json()) as { message: string }).message).toContain('npm run build:app');
});

test('with a built page, /ui serves it with a same-origin-only content security policy', async () => {
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>t</title>');
  const withPage = buildApp({ webRoot });
  try {
    const res = await fetch(`${await listen(withPage)}/ui`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>t</title>');
  } finally {
    await withPage.close();
  }
});
