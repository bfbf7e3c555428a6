/**
 * What `npm run bench` compares: the bare service, the zero-code setup a user
 * would pick instead of ours (the peer), and ours with all signals and with
 * one signal at a time, at dev settings and at prod's sampling.
 */

/** How one variant's server process is started. */
export interface Variant {
  /** Short name used in tables and BENCH_VARIANTS. */
  readonly name: string;
  /** What it is, for the printed legend. */
  readonly label: string;
  /** Node arguments before the entry point (preloads). */
  readonly nodeArgs: readonly string[];
  /** Extra environment on top of the shared settings. */
  readonly env: Readonly<Record<string, string>>;
}

/** Dev's settings (settings/stack-settings.ts): every trace kept, metrics every 15 s. Given to peer and ours alike. */
export const DEV_TELEMETRY_ENV: Readonly<Record<string, string>> = {
  OTEL_SERVICE_NAME: 'demo-app',
  OTEL_TRACES_SAMPLER: 'parentbased_always_on',
  OTEL_METRIC_EXPORT_INTERVAL: '15000',
};

/** Prod's head sampling (overlays/prod.ts): a tenth of new traces. */
export const PROD_SAMPLING_ENV: Readonly<Record<string, string>> = {
  OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
  OTEL_TRACES_SAMPLER_ARG: '0.1',
};

const OURS = ['--require', './app/build/instrument.js'] as const;
const OFF = 'none';

export const VARIANTS: readonly Variant[] = [
  { name: 'bare', label: 'no telemetry', nodeArgs: [], env: {} },
  {
    name: 'peer',
    label: 'zero-code: --require @opentelemetry/auto-instrumentations-node/register, 3 signals over OTLP',
    nodeArgs: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
    env: {
      ...DEV_TELEMETRY_ENV,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      // The default list probes cloud metadata addresses.
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
    },
  },
  { name: 'ours', label: 'this service, traces+metrics+logs, dev settings', nodeArgs: OURS, env: DEV_TELEMETRY_ENV },
  {
    name: 'ours:traces',
    label: 'ours, traces only',
    nodeArgs: OURS,
    env: { ...DEV_TELEMETRY_ENV, OTEL_METRICS_EXPORTER: OFF, OTEL_LOGS_EXPORTER: OFF },
  },
  {
    name: 'ours:metrics',
    label: 'ours, metrics only',
    nodeArgs: OURS,
    env: { ...DEV_TELEMETRY_ENV, OTEL_TRACES_EXPORTER: OFF, OTEL_LOGS_EXPORTER: OFF },
  },
  {
    name: 'ours:logs',
    label: 'ours, logs only',
    nodeArgs: OURS,
    env: { ...DEV_TELEMETRY_ENV, OTEL_TRACES_EXPORTER: OFF, OTEL_METRICS_EXPORTER: OFF },
  },
  {
    name: 'ours:prod',
    label: "ours, all signals, prod's sampling (parentbased_traceidratio 0.1)",
    nodeArgs: OURS,
    env: { ...DEV_TELEMETRY_ENV, ...PROD_SAMPLING_ENV },
  },
];
