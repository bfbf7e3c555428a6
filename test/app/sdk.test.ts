/**
 * The SDK pipelines (app/src/sdk.ts): a signal whose exporter is `none` gets no
 * provider at all, so its API calls are the API's no-ops; given pipelines are used as is.
 */
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startSdk } from '../../app/src/sdk';

const SIGNALS = ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER'] as const;
const saved = Object.fromEntries(SIGNALS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of SIGNALS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const resource = resourceFromAttributes({ 'service.name': 'sdk-test' });

test('exporters set to none: no provider registered, spans do not record', async () => {
  for (const k of SIGNALS) process.env[k] = 'none';
  const sdk = startSdk(resource);
  try {
    expect(trace.getTracer('t').startSpan('s').isRecording()).toBe(false);
    expect(metrics.getMeterProvider()).not.toBeInstanceOf(MeterProvider);
    expect(logs.getLoggerProvider()).not.toBeInstanceOf(LoggerProvider);
  } finally {
    await sdk.shutdown();
  }
});

test('given span processors are used whatever the environment says', async () => {
  process.env.OTEL_TRACES_EXPORTER = 'none';
  const exporter = new InMemorySpanExporter();
  const sdk = startSdk(resource, { spanProcessors: [new SimpleSpanProcessor(exporter)], metricReaders: [], logRecordProcessors: [] });
  try {
    trace.getTracer('t').startSpan('kept').end();
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.resource.attributes['service.name']])).toEqual([['kept', 'sdk-test']]);
  } finally {
    await sdk.shutdown();
  }
});
