/**
 * The three OTel pipelines, built from the standard `OTEL_*` variables and
 * registered globally: what NodeSDK does for this service, without NodeSDK.
 * NodeSDK loads every exporter it could be asked for (gRPC, Zipkin,
 * Prometheus…) whatever the settings: 45 MiB of RSS here, about twice what
 * the pipelines below need.
 *
 * Read from the environment: OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER,
 * OTEL_LOGS_EXPORTER (`otlp`, the default, or `none`); OTEL_TRACES_SAMPLER/_ARG
 * and span limits (by the tracer provider); OTEL_BSP_* (by the span
 * processor); OTEL_EXPORTER_OTLP_* (by the exporters; OTLP/HTTP with protobuf
 * only); OTEL_BLRP_*, OTEL_METRIC_EXPORT_INTERVAL/_TIMEOUT (here).
 * Propagation: W3C trace context and baggage.
 */
import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Pipelines given in code instead of from the environment (tests pass in-memory exporters). */
export interface Pipelines {
  readonly spanProcessors?: SpanProcessor[];
  readonly logRecordProcessors?: LogRecordProcessor[];
  readonly metricReaders?: IMetricReader[];
}

/** False when `OTEL_<SIGNAL>_EXPORTER` is `none`; other values than `otlp` are warned about and read as `otlp`. */
function exporterEnabled(variable: string): boolean {
  const value = (process.env[variable] ?? '').trim().toLowerCase();
  if (value === 'none') return false;
  if (value !== '' && value !== 'otlp') diag.warn(`${variable}=${value} is not supported here: using otlp`);
  return true;
}

function positiveFromEnv(variable: string, fallback: number): number {
  const value = Number(process.env[variable]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Sizes and delays of the log batch processor (the span processor reads its OTEL_BSP_* itself). */
function logProcessorFromEnv(): BatchLogRecordProcessor {
  return new BatchLogRecordProcessor({
    exporter: new OTLPLogExporter(),
    maxQueueSize: positiveFromEnv('OTEL_BLRP_MAX_QUEUE_SIZE', 2048),
    maxExportBatchSize: positiveFromEnv('OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', 512),
    scheduledDelayMillis: positiveFromEnv('OTEL_BLRP_SCHEDULE_DELAY', 1000),
    exportTimeoutMillis: positiveFromEnv('OTEL_BLRP_EXPORT_TIMEOUT', 30_000),
  });
}

function metricReadersFromEnv(): IMetricReader[] {
  if (!exporterEnabled('OTEL_METRICS_EXPORTER')) return [];
  const exportIntervalMillis = positiveFromEnv('OTEL_METRIC_EXPORT_INTERVAL', 60_000);
  // The reader refuses a timeout longer than the interval.
  const exportTimeoutMillis = Math.min(positiveFromEnv('OTEL_METRIC_EXPORT_TIMEOUT', 30_000), exportIntervalMillis);
  return [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis, exportTimeoutMillis })];
}

/** The registered providers. */
export interface Sdk {
  /** Flushes and stops every pipeline. */
  shutdown(): Promise<void>;
}

/** Builds the pipelines for `resource` and registers them as the global providers. */
export function startSdk(resource: Resource, given: Pipelines = {}): Sdk {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }));

  // A signal with nothing to export gets no provider: the API's no-op one costs nothing per call.
  const spanProcessors = given.spanProcessors
    ?? (exporterEnabled('OTEL_TRACES_EXPORTER') ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []);
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });
  if (spanProcessors.length > 0) trace.setGlobalTracerProvider(tracerProvider);

  const readers = given.metricReaders ?? metricReadersFromEnv();
  const meterProvider = new MeterProvider({ resource, readers });
  if (readers.length > 0) metrics.setGlobalMeterProvider(meterProvider);

  const processors = given.logRecordProcessors
    ?? (exporterEnabled('OTEL_LOGS_EXPORTER') ? [logProcessorFromEnv()] : []);
  const loggerProvider = new LoggerProvider({ resource, processors });
  if (processors.length > 0) logs.setGlobalLoggerProvider(loggerProvider);

  return {
    shutdown: async () => {
      const results = await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown(), loggerProvider.shutdown()]);
      context.disable();
      trace.disable();
      metrics.disable();
      logs.disable();
      propagation.disable();
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
