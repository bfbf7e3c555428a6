/**
 * The service with a dead or stalled OTLP backend: requests never fail or slow down, queues stay
 * bounded, shutdown stays bounded.
 */
import { app, cleanUp, closedPort, get, receiver, stopCleanly } from './helpers/process-harness';

jest.setTimeout(30_000);
afterAll(cleanUp);

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
