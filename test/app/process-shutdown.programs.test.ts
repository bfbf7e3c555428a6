/**
 * SIGTERM under load, and the service and load generator refusing bad settings.
 */
import { execFile, spawnSync } from 'node:child_process';
import { SERVER, app, cleanUp, get, receiver, sendGet, stopCleanly } from './helpers/process-harness';
import { ROOT } from './helpers/spawn-app';

jest.setTimeout(30_000);
afterAll(cleanUp);

test('SIGTERM under load: in-flight requests finish, their spans are flushed, exit 0', async () => {
  const otlp = await receiver();
  // A long batch delay: only the shutdown flush can deliver these spans.
  const svc = await app({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '60000' });
  const fast = await Promise.all(Array.from({ length: 20 }, () => get(`${svc.base}/`)));
  expect(fast.every((r) => r.status === 200)).toBe(true);
  const inFlight = Array.from({ length: 15 }, (_, i) => sendGet(svc.base, `/work?ms=${600 + i * 20}`));
  // SIGTERM once the service has read every one of them (not after a pause a busy machine can outlast).
  await Promise.all(inFlight.map((r) => r.read));
  const stopped = stopCleanly(svc);
  const results = await Promise.all(inFlight.map((r) => r.response));
  expect(results.map((r) => r.status)).toEqual(Array(15).fill(200));
  await stopped;

  const servers = otlp.spans.filter((s) => s.kind === SERVER);
  expect(servers.filter((s) => s.name === 'GET /work')).toHaveLength(15);
  expect(servers.filter((s) => s.name === 'GET /')).toHaveLength(20);
  const order = svc.json().map((l) => l.msg);
  expect(order.indexOf('stop signal received: draining')).toBeLessThan(order.indexOf('server closed: flushing telemetry'));
});

test('the load generator CLI rejects bad settings with exit 2 and names the variable', async () => {
  // The three runs at once.
  const run = (env: Record<string, string>, args: string[] = []) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['app/build/loadgen.js', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
        (error, _stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }));
    });
  const [badRate, badUrl, badFlag] = await Promise.all([
    run({ LOADGEN_RATE: 'fast' }),
    run({ LOADGEN_TARGET_URL: 'ftp://x' }),
    run({}, ['--max-work-ms', '20000']),
  ]);
  expect(badRate.status).toBe(2);
  expect(badRate.stderr).toContain('LOADGEN_RATE must be an integer from 1 to 10000');
  expect(badUrl.status).toBe(2);
  expect(badUrl.stderr).toContain('LOADGEN_TARGET_URL');
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
