/**
 * OpenTelemetry SDK setup for the service: traces, metrics and logs over OTLP,
 * configured by the standard `OTEL_*` environment variables.
 *
 * Loaded before the app (see `instrument.ts`) so the HTTP and pino
 * instrumentations patch their modules before anything requires them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { installDiagLogger } from './diag';
import { instrumentFastify } from './request-telemetry';
import { startSdk, type Pipelines } from './sdk';

/** Default `service.name`; `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` override it. */
export const DEFAULT_SERVICE_NAME = 'demo-app';

/**
 * Replacements for the SDK's env-configured pipelines; tests pass in-memory
 * exporters here. Each omitted pipeline comes from `OTEL_*` variables.
 */
export type TelemetryOverrides = Pipelines;

/** The instrumentations the SDK registered. */
export type Instrumentations = Instrumentation[];

/** A started SDK. */
export interface Telemetry {
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

/** Resource detectors by their `OTEL_NODE_RESOURCE_DETECTORS` names. */
const DETECTORS: Readonly<Record<string, ResourceDetector>> = {
  env: envDetector,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  container: containerDetector,
  serviceinstance: serviceInstanceIdDetector,
};

/**
 * Resource detectors: the ones `OTEL_NODE_RESOURCE_DETECTORS` names, else all
 * of {@link DETECTORS}. Cloud detectors are not offered: they probe metadata
 * addresses, which stalls start-up off their cloud.
 */
export function resourceDetectors(setting = process.env.OTEL_NODE_RESOURCE_DETECTORS): ResourceDetector[] {
  const names = (setting ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return Object.values(DETECTORS);
  if (names.includes('none')) return [];
  const unknown = names.filter((n) => !(n in DETECTORS));
  if (unknown.length > 0) {
    diag.warn(`OTEL_NODE_RESOURCE_DETECTORS: ignoring ${unknown.join(', ')}; known: ${Object.keys(DETECTORS).join(', ')}, all, none`);
  }
  return names.filter((n) => n in DETECTORS).map((n) => DETECTORS[n]!);
}

/** Creates and starts the SDK. Call once per process, before the app loads. */
export function startTelemetry(overrides: TelemetryOverrides = {}): Telemetry {
  installDiagLogger();
  // Export queues are the SDK's bounded batch processors (OTEL_BSP_*,
  // OTEL_BLRP_*): when full they drop, and the span processor reports each
  // run of drops as a diag warning "Dropped N spans" (see diag.ts). The SDK's
  // self-metrics are not wired: they record per span, which the benchmark
  // showed to cost a third of the throughput of a trivial route.
  const instrumentations: Instrumentations = [
    // trace_id/span_id on every pino line, and each line as an OTel log record.
    new PinoInstrumentation(),
    // nodejs.eventloop.* and v8js.* metrics.
    new RuntimeNodeInstrumentation(),
  ];

  // Defaults; the env detector (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) wins over them.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME,
    [ATTR_SERVICE_VERSION]: serviceVersion(),
    'deployment.environment.name': process.env.NODE_ENV || 'development',
  }).merge(detectResources({ detectors: resourceDetectors() }));
  const sdk = startSdk(resource, overrides);
  // After the providers are registered: instrumentations and request hooks take theirs from the globals.
  const unregister = registerInstrumentations({ instrumentations });
  const uninstrumentFastify = instrumentFastify();

  let stopping: Promise<void> | undefined;
  return {
    instrumentations,
    shutdown: () => (stopping ??= (uninstrumentFastify(), unregister(), sdk.shutdown())),
  };
}
