/**
 * The compiled service as a process, exporting over the wire (OTLP/HTTP with
 * protobuf, the default) to a receiver in this test; plus its behaviour with
 * a dead or stalled backend, SIGTERM under load, and the load generator CLI.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { OtlpReceiver } from './helpers/otlp-receiver';
import { compileApp, ROOT, startApp, type AppProcess } from './helpers/spawn-app';

jest.setTimeout(30_000);

const SERVER = 2;
const ERROR = 2;
const started: AppProcess[] = [];
const receivers: OtlpReceiver[] = [];

beforeAll(() => compileApp());

afterAll(async () => {
  for (const app of started) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(mode: 'ok' | 'hang' = 'ok'): Promise<OtlpReceiver> {
  const r = await OtlpReceiver.start(mode);
  receivers.push(r);
  return r;
}

async function app(env: Record<string, string>): Promise<AppProcess> {
  const a = await startApp(env);
  started.push(a);
  return a;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends SIGTERM and expects exit code 0; shows the service's last lines otherwise. */
async function stopCleanly(svc: AppProcess): Promise<void> {
  svc.child.kill('SIGTERM');
  const code = await svc.exited;
  if (code !== 0) throw new Error(`exit ${String(code)}; last lines:\n${svc.lines.slice(-8).join('\n')}`);
}

async function get(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

test('traces, metrics and logs arrive over OTLP/HTTP protobuf with the configured resource', async () => {
  const otlp = await receiver();
  const svc = await app({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_SERVICE_NAME: 'wire-test',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.namespace=demo',
  });
  expect((await get(`${svc.base}/`)).status).toBe(200);
  expect((await get(`${svc.base}/work?ms=120`)).status).toBe(200);
  expect((await get(`${svc.base}/error`)).status).toBe(500);

  await otlp.waitFor(
    () =>
      otlp.spans.some((s) => s.name === 'GET /error') &&
      otlp.metrics.some((m) => m.name === 'demo.requests') &&
      otlp.logs.some((l) => l.body === 'slow work finished'),
    8000,
    'spans, metrics and logs',
  );
  expect(new Set(otlp.requests.map((r) => r.contentType))).toEqual(new Set(['application/x-protobuf']));

  const work = otlp.spans.find((s) => s.name === 'GET /work' && s.kind === SERVER)!;
  expect(work.attributes).toMatchObject({ 'http.route': '/work', 'http.response.status_code': 200 });
  expect(work.resource).toMatchObject({
    'service.name': 'wire-test',
    'service.namespace': 'demo',
    'deployment.environment.name': 'test',
  });
  expect(work.resource['process.pid']).toBe(svc.child.pid);
  const manual = otlp.spans.find((s) => s.name === 'work')!;
  expect(manual.traceId).toBe(work.traceId);

  const failed = otlp.spans.find((s) => s.name === 'GET /error' && s.kind === SERVER)!;
  expect(failed.status.code).toBe(ERROR);
  const exception = otlp.spans
    .filter((s) => s.traceId === failed.traceId)
    .flatMap((s) => s.events)
    .find((e) => e.name === 'exception');
  expect(exception?.attributes['exception.type']).toBe('SimulatedFailure');

  // Metrics are cumulative: the latest export of each holds every series.
  const latest = (name: string) => otlp.metrics.filter((m) => m.name === name).at(-1);
  await otlp.waitFor(() => (latest('http.server.request.duration')?.points.length ?? 0) >= 3, 5000, 'all routes measured');
  const duration = latest('http.server.request.duration')!;
  expect(duration).toMatchObject({ unit: 's', type: 'histogram' });
  expect(duration.points.map((p) => p.attributes['http.route'])).toEqual(expect.arrayContaining(['/', '/work', '/error']));
  expect(otlp.metrics.find((m) => m.name === 'demo.requests')).toMatchObject({ unit: '{request}', type: 'sum' });
  expect(otlp.metrics.find((m) => m.name === 'demo.work.duration')).toMatchObject({ unit: 's', type: 'histogram' });

  const log = otlp.logs.find((l) => l.body === 'slow work finished')!;
  expect(log.traceId).toBe(work.traceId);
  expect(log.spanId).toBe(manual.spanId);
  expect(log.resource['service.name']).toBe('wire-test');

  await stopCleanly(svc);
});

test('a closed OTLP port never fails requests, and shutdown stays bounded', async () => {
  const port = await closedPort();
  const svc = await app({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
  const results = await Promise.all(Array.from({ length: 60 }, () => get(`${svc.base}/`)));
  expect(results.every((r) => r.status === 200)).toBe(true);
  // Let a few exports fail, then check the service still answers.
  await new Promise((r) => setTimeout(r, 700));
  expect((await get(`${svc.base}/`)).status).toBe(200);
  const t0 = Date.now();
  await stopCleanly(svc);
  expect(Date.now() - t0).toBeLessThan(5000);
});

test('a stalled backend: requests stay fast, the span queue stays bounded and drops are counted', async () => {
  const otlp = await receiver('hang');
  const svc = await app({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_BSP_MAX_QUEUE_SIZE: '40',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
    OTEL_EXPORTER_OTLP_TIMEOUT: '500',
  });
  const latencies: number[] = [];
  for (let burst = 0; burst < 3; burst++) {
    const results = await Promise.all(Array.from({ length: 50 }, () => get(`${svc.base}/`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    latencies.push(...results.map((r) => r.ms));
    // Each export times out after 500 ms, freeing a batch's room in the queue.
    await new Promise((r) => setTimeout(r, 600));
  }
  latencies.sort((a, b) => a - b);
  expect(latencies[Math.floor(latencies.length * 0.99)]).toBeLessThan(400);
  expect(otlp.requests.length).toBeGreaterThan(0);
  const dropped = svc.json().find((l) => l.component === 'otel-sdk' && /^Dropped \d+ spans because maxQueueSize reached$/.test(String(l.msg)));
  expect(dropped).toMatchObject({ level: 'warn' });
  await stopCleanly(svc);
});

test('SIGTERM under load: in-flight requests finish, their spans are flushed, exit 0', async () => {
  const otlp = await receiver();
  // A long batch delay: only the shutdown flush can deliver these spans.
  const svc = await app({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '60000' });
  const fast = await Promise.all(Array.from({ length: 20 }, () => get(`${svc.base}/`)));
  expect(fast.every((r) => r.status === 200)).toBe(true);
  const inFlight = Array.from({ length: 15 }, (_, i) => get(`${svc.base}/work?ms=${600 + i * 20}`));
  await new Promise((r) => setTimeout(r, 250));
  const stopped = stopCleanly(svc);
  const results = await Promise.all(inFlight);
  expect(results.map((r) => r.status)).toEqual(Array(15).fill(200));
  await stopped;

  const servers = otlp.spans.filter((s) => s.kind === SERVER);
  expect(servers.filter((s) => s.name === 'GET /work')).toHaveLength(15);
  expect(servers.filter((s) => s.name === 'GET /')).toHaveLength(20);
  const order = svc.json().map((l) => l.msg);
  expect(order.indexOf('stop signal received: draining')).toBeLessThan(order.indexOf('server closed: flushing telemetry'));
});

test('the load generator CLI rejects bad settings with exit 2 and names the variable', () => {
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, ['app/build/loadgen.js', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
  const badRate = run({ LOADGEN_RATE: 'fast' });
  expect(badRate.status).toBe(2);
  expect(badRate.stderr).toContain('LOADGEN_RATE must be an integer from 1 to 10000');
  const badUrl = run({ LOADGEN_TARGET_URL: 'ftp://x' });
  expect(badUrl.status).toBe(2);
  expect(badUrl.stderr).toContain('LOADGEN_TARGET_URL');
  const badFlag = run({}, ['--max-work-ms', '20000']);
  expect(badFlag.status).toBe(2);
  expect(badFlag.stderr).toContain('--max-work-ms must be an integer from 0 to 10000');
});

test('the service exits 2 on a bad PORT', () => {
  const result = spawnSync(process.execPath, ['app/build/server.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '70000' },
    encoding: 'utf8',
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('PORT must be an integer from 0 to 65535');
});
