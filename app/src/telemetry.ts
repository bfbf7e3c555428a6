/**
 * OpenTelemetry SDK setup for the service: traces, metrics and logs over OTLP,
 * configured by the standard `OTEL_*` environment variables.
 *
 * Loaded before the app (see `instrument.ts`) so the HTTP and pino
 * instrumentations patch their modules before anything requires them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { getNodeAutoInstrumentations, getResourceDetectors } from '@opentelemetry/auto-instrumentations-node';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type ResourceDetector,
} from '@opentelemetry/resources';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { baggageAttributes } from './baggage';
import { installDiagLogger } from './diag';

/** Default `service.name`; `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` override it. */
export const DEFAULT_SERVICE_NAME = 'demo-app';

/** Paths that are never traced nor measured (kubelet probes). */
export const UNTRACED_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * Replacements for the SDK's env-configured pipelines; tests pass in-memory
 * exporters here. Each omitted pipeline comes from `OTEL_*` variables.
 */
export interface TelemetryOverrides {
  readonly spanProcessors?: SpanProcessor[];
  readonly logRecordProcessors?: LogRecordProcessor[];
  readonly metricReaders?: IMetricReader[];
}

/** The instrumentations the SDK registered. */
export type Instrumentations = ReturnType<typeof getNodeAutoInstrumentations>;

/** A started SDK. */
export interface Telemetry {
  readonly sdk: NodeSDK;
  /** Registered instrumentations (tests apply their patches where no require hook reaches). */
  readonly instrumentations: Instrumentations;
  /** Flushes and stops every pipeline; safe to call more than once. */
  shutdown(): Promise<void>;
}

/** The version in the repository's package.json (two levels above src/ and build/). */
export function serviceVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Resource detectors: `OTEL_NODE_RESOURCE_DETECTORS` when set, else the ones
 * that read only local facts. Cloud detectors are left out on purpose: they
 * probe metadata addresses, which stalls start-up off their cloud.
 */
function resourceDetectors(): ResourceDetector[] {
  if (process.env.OTEL_NODE_RESOURCE_DETECTORS) return getResourceDetectors();
  return [envDetector, hostDetector, osDetector, processDetector, containerDetector, serviceInstanceIdDetector];
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?', 1)[0] ?? '';
}

/** Creates and starts the SDK. Call once per process, before the app loads. */
export function startTelemetry(overrides: TelemetryOverrides = {}): Telemetry {
  // Export queues are the SDK's bounded batch processors (OTEL_BSP_*,
  // OTEL_BLRP_*): when full they drop, and the span processor reports each
  // run of drops as a diag warning "Dropped N spans" (see diag.ts). The SDK's
  // self-metrics (OTEL_NODE_EXPERIMENTAL_SDK_METRICS=true) count drops too,
  // but record per span, which the benchmark showed to cost a third of the
  // throughput of a trivial route; they stay opt-in.
  const instrumentations: Instrumentations = [
    ...getNodeAutoInstrumentations({
      // Filesystem, DNS and socket spans cost a lot and say nothing here.
      '@opentelemetry/instrumentation-fs': { enabled: false },
      '@opentelemetry/instrumentation-dns': { enabled: false },
      '@opentelemetry/instrumentation-net': { enabled: false },
      '@opentelemetry/instrumentation-http': {
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request)),
        startIncomingSpanHook: baggageAttributes,
        // The service calls nothing over HTTP: client spans would only come
        // from the OTLP exporter itself. Re-enable if it ever calls out.
        disableOutgoingRequestInstrumentation: true,
      },
      '@opentelemetry/instrumentation-undici': { enabled: false },
    }),
    // Route-level spans and `http.route`; the maintained successor of
    // @opentelemetry/instrumentation-fastify. It attaches itself to each
    // Fastify instance via the `fastify.initialization` diagnostics channel.
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      // One span per request is enough; a span per lifecycle hook is noise.
      instrumentHooks: false,
      instrumentHandler: false,
    }),
  ];

  const sdk = new NodeSDK({
    // Defaults; the env detector (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) wins over them.
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: serviceVersion(),
      'deployment.environment.name': process.env.NODE_ENV || 'development',
    }),
    resourceDetectors: resourceDetectors(),
    instrumentations,
    ...(overrides.spanProcessors ? { spanProcessors: overrides.spanProcessors } : {}),
    ...(overrides.logRecordProcessors ? { logRecordProcessors: overrides.logRecordProcessors } : {}),
    ...(overrides.metricReaders ? { metricReaders: overrides.metricReaders } : {}),
  });
  // After the constructor, which installs a plain console logger when
  // OTEL_LOG_LEVEL is set: keep SDK diagnostics in the JSON log stream.
  installDiagLogger();
  sdk.start();

  let stopping: Promise<void> | undefined;
  return {
    sdk,
    instrumentations,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
}
