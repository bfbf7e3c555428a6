/**
 * The compiled service as a process, exporting over the wire (OTLP/HTTP with protobuf, the
 * default) to a receiver in this test.
 */
import { ERROR, SERVER, app, cleanUp, get, receiver, stopCleanly } from './helpers/process-harness';

jest.setTimeout(30_000);
afterAll(cleanUp);

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
    10_000,
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
  await otlp.waitFor(() => (latest('http.server.request.duration')?.points.length ?? 0) >= 3, 10_000, 'all routes measured');
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
