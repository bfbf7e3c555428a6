/**
 * How the OpenTelemetry SDK of each language is injected into a container, after the OpenTelemetry
 * Operator's own injection (open-telemetry/opentelemetry-operator at be89444, Aug 2026:
 * internal/instrumentation/nodejs.go, python.go, javaagent.go, dotnet.go; the init containers'
 * resources from internal/webhook/instrumentation_webhook.go). One table, read by both ways of
 * `instrument()`: the init container here, and the Operator's `Instrumentation` resource.
 */
import type { ImageComponent } from '../settings/schema';

/** The languages `instrument(workload, { autoInstrument })` injects. */
export const SDK_LANGUAGES = ['nodejs', 'python', 'java', 'dotnet'] as const;
export type SdkLanguage = typeof SDK_LANGUAGES[number];

/** An environment variable the hook sets, and how it meets a value the container already has. */
export interface HookVariable {
  readonly name: string;
  readonly value: string;
  /**
   * `append`: existing value, then ours (separated by `separator`); `wrap` (Python's PYTHONPATH):
   * the Operator's `prefix:existing:suffix`; `set`: ours only when the container has none.
   */
  readonly merge: 'append' | 'wrap' | 'set';
  readonly separator?: string;
  /** For `wrap`: what goes after the existing value. */
  readonly suffix?: string;
}

export interface SdkLanguageInjection {
  readonly image: ImageComponent;
  /** Where the SDK is copied to (an emptyDir, mounted in the init container and the app container). */
  readonly mountPath: string;
  /** The init container's command: copies the image's SDK into `mountPath`. */
  readonly copy: readonly string[];
  /** The language's hook (how the runtime loads the SDK without code changes). */
  readonly hook: readonly HookVariable[];
  /** SDK settings the Operator also sets (its defaults: exporters the injected SDK ships). */
  readonly env: Readonly<Record<string, string>>;
  /** The init container's requests and limits: the Operator's defaults for that language. */
  readonly resources: { readonly cpuRequestMillis: number; readonly memoryRequestMib: number; readonly cpuLimitMillis: number; readonly memoryLimitMib: number };
}

/** Every signal through OTLP: what the injected SDKs ship an exporter for. */
const OTLP_EVERYWHERE = { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' };

const NODEJS_MOUNT = '/otel-auto-instrumentation-nodejs';
const PYTHON_MOUNT = '/otel-auto-instrumentation-python';
const JAVA_MOUNT = '/otel-auto-instrumentation-java';
const DOTNET_MOUNT = '/otel-auto-instrumentation-dotnet';

export const SDK_INJECTION: Readonly<Record<SdkLanguage, SdkLanguageInjection>> = {
  nodejs: {
    image: 'autoInstrumentationNodejs',
    mountPath: NODEJS_MOUNT,
    copy: ['cp', '-r', '/autoinstrumentation/.', NODEJS_MOUNT],
    // autoinstrumentation.js is @opentelemetry/auto-instrumentations-node's register.js (the image's Dockerfile links it).
    hook: [{ name: 'NODE_OPTIONS', value: `--require ${NODEJS_MOUNT}/autoinstrumentation.js`, merge: 'append', separator: ' ' }],
    // The Node SDK starts its metrics SDK only when OTEL_METRICS_EXPORTER is set (the Operator sets it too).
    // Detectors named: the defaults also probe cloud metadata addresses, which time out in most clusters.
    env: { ...OTLP_EVERYWHERE, OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance' },
    resources: { cpuRequestMillis: 50, memoryRequestMib: 128, cpuLimitMillis: 500, memoryLimitMib: 256 },
  },
  python: {
    image: 'autoInstrumentationPython',
    mountPath: PYTHON_MOUNT,
    copy: ['cp', '-r', '/autoinstrumentation/.', PYTHON_MOUNT],
    // sitecustomize.py lives in the first directory; the packages in the second (the Operator's order).
    hook: [{ name: 'PYTHONPATH', value: `${PYTHON_MOUNT}/opentelemetry/instrumentation/auto_instrumentation`, merge: 'wrap', separator: ':', suffix: PYTHON_MOUNT }],
    // The image ships the OTLP/HTTP exporter only (no gRPC: requirements.txt); log records of the
    // `logging` module are exported only with the logging auto-instrumentation switched on.
    env: { ...OTLP_EVERYWHERE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED: 'true' },
    resources: { cpuRequestMillis: 50, memoryRequestMib: 64, cpuLimitMillis: 500, memoryLimitMib: 256 },
  },
  java: {
    image: 'autoInstrumentationJava',
    mountPath: JAVA_MOUNT,
    copy: ['cp', '/javaagent.jar', `${JAVA_MOUNT}/javaagent.jar`],
    hook: [{ name: 'JAVA_TOOL_OPTIONS', value: `-javaagent:${JAVA_MOUNT}/javaagent.jar`, merge: 'append', separator: ' ' }],
    env: OTLP_EVERYWHERE,
    resources: { cpuRequestMillis: 50, memoryRequestMib: 64, cpuLimitMillis: 500, memoryLimitMib: 256 },
  },
  dotnet: {
    image: 'autoInstrumentationDotnet',
    mountPath: DOTNET_MOUNT,
    copy: ['cp', '-r', '/autoinstrumentation/.', DOTNET_MOUNT],
    // The CLR profiler (glibc build; the Operator's default runtime linux-x64, exposed as `linux`).
    hook: [
      { name: 'CORECLR_ENABLE_PROFILING', value: '1', merge: 'set' },
      { name: 'CORECLR_PROFILER', value: '{918728DD-259F-4A6A-AC2B-B85E1B658318}', merge: 'set' },
      { name: 'CORECLR_PROFILER_PATH', value: `${DOTNET_MOUNT}/linux/OpenTelemetry.AutoInstrumentation.Native.so`, merge: 'set' },
      { name: 'DOTNET_STARTUP_HOOKS', value: `${DOTNET_MOUNT}/net/OpenTelemetry.AutoInstrumentation.StartupHook.dll`, merge: 'append', separator: ':' },
      { name: 'DOTNET_ADDITIONAL_DEPS', value: `${DOTNET_MOUNT}/AdditionalDeps`, merge: 'append', separator: ':' },
      { name: 'DOTNET_SHARED_STORE', value: `${DOTNET_MOUNT}/store`, merge: 'append', separator: ':' },
      { name: 'OTEL_DOTNET_AUTO_HOME', value: DOTNET_MOUNT, merge: 'set' },
    ],
    env: { ...OTLP_EVERYWHERE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
    resources: { cpuRequestMillis: 50, memoryRequestMib: 128, cpuLimitMillis: 500, memoryLimitMib: 256 },
  },
};

/** `prefix:existing:suffix` (wrap), `existing<sep>ours` (append), or ours alone when nothing exists. */
export function mergedHookValue(variable: HookVariable, existing: string | undefined): string {
  const sep = variable.separator ?? '';
  if (variable.merge === 'wrap') return [variable.value, existing, variable.suffix].filter((p) => p !== undefined && p !== '').join(sep);
  if (existing === undefined || existing === '' || variable.merge === 'set') return existing && variable.merge === 'set' ? existing : variable.value;
  return `${existing}${sep}${variable.value}`;
}
