/**
 * Routes, status codes and bodies. The app listens on an ephemeral port on
 * 127.0.0.1: `app.inject()` cannot run under Jest 29 here, because
 * light-my-request loads the ESM-only `cookie@2`, which Jest's CommonJS
 * registry cannot require.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app/src/app';
import { Readiness } from '../../app/src/readiness';
import { MAX_WORK_MS, parseWorkMs } from '../../app/src/routes';

const MS_ERROR = {
  error: 'Bad Request',
  message: `query parameter "ms" must be an integer from 0 to ${MAX_WORK_MS}`,
};

let app: FastifyInstance;
let readiness: Readiness;
let base: string;

beforeAll(async () => {
  readiness = new Readiness();
  app = buildApp({ readiness });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(() => app.close());

async function request(method: string, path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, { method, ...init });
  return { status: res.status, body: (await res.json()) as unknown, type: res.headers.get('content-type') };
}

const get = (path: string) => request('GET', path);

test('GET / is healthy', async () => {
  expect(await get('/')).toEqual({ status: 200, body: { status: 'ok' }, type: 'application/json; charset=utf-8' });
});

test.each([
  ['0', 0],
  ['7', 7],
  ['007', 7],
  [String(MAX_WORK_MS), MAX_WORK_MS],
])('GET /work?ms=%s waits and answers', async (raw, ms) => {
  if (ms > 50) {
    // Only the parser for long waits: the route itself is exercised below.
    expect(parseWorkMs(raw)).toBe(ms);
    return;
  }
  const started = Date.now();
  expect(await get(`/work?ms=${raw}`)).toMatchObject({ status: 200, body: { status: 'ok', ms } });
  expect(Date.now() - started).toBeGreaterThanOrEqual(ms - 1);
});

test.each([
  ['missing', '/work'],
  ['empty', '/work?ms='],
  ['negative', '/work?ms=-1'],
  ['above the maximum', `/work?ms=${MAX_WORK_MS + 1}`],
  ['huge', '/work?ms=99999999999999999999'],
  ['fractional', '/work?ms=1.5'],
  ['exponent', '/work?ms=1e3'],
  ['hex', '/work?ms=0x10'],
  ['signed', '/work?ms=%2B5'],
  ['padded', '/work?ms=%205'],
  ['text', '/work?ms=abc'],
  ['repeated', '/work?ms=1&ms=2'],
  ['bad escape', '/work?ms=%E0%A4%A'],
])('GET /work with a %s ms is a 400 naming the parameter and range', async (_case, url) => {
  expect(await get(url)).toEqual({ status: 400, body: MS_ERROR, type: 'application/json; charset=utf-8' });
});

test('GET /error fails with a 500 JSON body', async () => {
  expect(await get('/error')).toEqual({
    status: 500,
    body: { error: 'Internal Server Error', message: 'simulated failure' },
    type: 'application/json; charset=utf-8',
  });
});

test('unknown routes and methods are 404 JSON', async () => {
  expect(await get('/nope?secret=1')).toEqual({
    status: 404,
    body: { error: 'Not Found', message: 'no route for GET /nope' },
    type: 'application/json; charset=utf-8',
  });
  expect(await request('DELETE', '/')).toMatchObject({
    status: 404,
    body: { error: 'Not Found', message: 'no route for DELETE /' },
  });
});

test('a very long unknown path is cut in the 404 body', async () => {
  const { status, body } = await get('/' + 'a'.repeat(5000));
  expect(status).toBe(404);
  expect((body as { message: string }).message.length).toBeLessThan(250);
});

test('a malformed URL is a 400 JSON, not a crash', async () => {
  expect(await get('/%')).toEqual({
    status: 400,
    body: { error: 'Bad Request', message: "'/%' is not a valid url component" },
    type: 'application/json; charset=utf-8',
  });
});

test('a malformed JSON body is a 400 JSON', async () => {
  const res = await request('POST', '/', { headers: { 'content-type': 'application/json' }, body: '{"unterminated' });
  expect(res).toMatchObject({ status: 400, body: { error: 'Bad Request' } });
});

// Last: draining is irreversible.
test('GET /healthz is live; GET /readyz turns 503 once draining', async () => {
  expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  readiness.startDraining();
  expect(await get('/readyz')).toMatchObject({ status: 503, body: { status: 'draining' } });
  expect(await get('/healthz')).toMatchObject({ status: 200 });
});
