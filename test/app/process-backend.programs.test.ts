/**
 * The service with a dead or stalled OTLP backend: requests never fail or wait for it, queues stay
 * bounded, shutdown stays bounded. How fast requests are meanwhile is a benchmark figure (bench/),
 * not asserted here: these tests assert what happens, in an order a busy machine cannot change.
 */
import { app, cleanUp, closedPort, get, receiver, stopCleanly, waitFor } from './helpers/process-harness';

jest.setTimeout(30_000);
afterAll(cleanUp);

/** The SDK's warning when its span queue was full: `Dropped <n> spans because maxQueueSize reached`. */
const DROPPED = /^Dropped (\d+) spans because maxQueueSize reached$/;

test('a closed OTLP port never fails requests, and shutdown stays bounded', async () => {
  const port = await closedPort();
  const svc = await app({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
  const results = await Promise.all(Array.from({ length: 60 }, () => get(`${svc.base}/`)));
  expect(results.every((r) => r.status === 200)).toBe(true);
  // Once exports have failed (the SDK logs each refusal), the service still answers.
  await waitFor(() => svc.json().some((l) => l.component === 'otel-sdk' && l.level === 'error' && /ECONNREFUSED/.test(String(l.msg))), 'a failed export');
  expect((await get(`${svc.base}/`)).status).toBe(200);
  // Bounded: exit 0 means the stop sequence, final flush included, ended before the service's own
  // deadline (SHUTDOWN_TIMEOUT_MS), which would have exited 1.
  await stopCleanly(svc);
  expect(svc.json().map((l) => l.msg)).not.toContain('shutdown deadline passed: exiting now');
});

test('a stalled backend: requests do not wait for it, the span queue stays bounded and drops are counted', async () => {
  const QUEUE = 40;
  const otlp = await receiver('hold');
  const svc = await app({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_BSP_MAX_QUEUE_SIZE: String(QUEUE),
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
    // Longer than this test: the exporter does not give up on the stalled export by itself.
    OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
  });
  // The first span's export reaches the backend, which keeps it unanswered.
  expect((await get(`${svc.base}/`)).status).toBe(200);
  await waitFor(() => otlp.stalled('/v1/traces') === 1, 'a stalled trace export');

  // A burst well past the queue's size is answered in full while that export is still stalled:
  // no request waited for the backend.
  const burst = await Promise.all(Array.from({ length: 150 }, () => get(`${svc.base}/`)));
  expect(burst.map((r) => r.status)).toEqual(Array(150).fill(200));
  expect(otlp.stalled('/v1/traces')).toBe(1);

  // The backend recovers. The first span that finds room in the queue again logs how many were
  // dropped: requests go on until that line shows (each one's span is counted below).
  otlp.release();
  const warnings = () => svc.json().filter((l) => l.component === 'otel-sdk' && DROPPED.test(String(l.msg)));
  let after = 0;
  await waitFor(() => warnings().length > 0, 'the dropped-spans warning', 10_000, async () => {
    expect((await get(`${svc.base}/`)).status).toBe(200);
    after++;
  });
  expect(warnings()[0]).toMatchObject({ level: 'warn' });

  // Every span was either exported or counted as dropped; the queue never held more than its size.
  await stopCleanly(svc);
  const dropped = warnings().reduce((sum, l) => sum + Number(DROPPED.exec(String(l.msg))![1]), 0);
  const spans = 1 + burst.length + after;
  const exported = otlp.spans.length;
  expect(dropped).toBeGreaterThanOrEqual(burst.length - QUEUE);
  expect(exported + dropped).toBe(spans);
  expect(exported).toBeLessThanOrEqual(1 + QUEUE + after);
});
