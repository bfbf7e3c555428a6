/**
 * Which collector program runs the generated pipeline YAML, and which components it registers:
 * data, and a check over it that settings validation runs (StackSettings.problems()).
 *
 * - `contrib`: the OpenTelemetry Collector contrib image (`otelcol-contrib`), which every config of
 *   this stack is written and checked against (test/contracts/collector-components.test.ts).
 * - `alloy`: Grafana Alloy's OTel Engine, `alloy otel --config=<file>` (experimental): the upstream
 *   collector command (`otelcol.NewCommand`, grafana/alloy collector/main_alloy.go) over a curated
 *   subset of core and contrib components, so the same YAML runs unchanged where every component
 *   it names is bundled. https://grafana.com/docs/alloy/latest/reference/cli/otel/
 */
import type { Pipeline } from './otelcol-types';
import type { CollectorDistribution } from './schema';

/** The kinds of component a collector config defines. */
export const COMPONENT_KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

/** A kind of collector component. */
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Component type names a distribution registers, per kind. */
export type ComponentTypes = Readonly<Record<ComponentKind, readonly string[]>>;

/**
 * The components of Alloy v1.20.0's OTel Engine (collector v0.161.0) under their current type names,
 * from its OpenTelemetry Collector Builder manifest (grafana/alloy collector/builder-config.yaml at
 * commit 0c2d3ef3; copied by module into test/fixtures/alloy/otel-engine-v1.20.0.json, which a test
 * checks every entry here against).
 *
 * Partial on purpose: only the types whose current names this project has verified (what the real
 * contrib collector registered, test/fixtures/real-programs/otelcol-components.json, and the renamed
 * components cited in test/contracts/collector-components.test.ts). The manifest's other modules
 * (kafka, zipkin, awss3, …) are left out, so a config naming them is refused rather than let through
 * under a name that may be wrong. Older Alloy releases bundle fewer: v1.15.0's manifest lacked
 * `redaction` and `k8s_cluster`.
 */
export const ALLOY_OTEL_ENGINE: ComponentTypes = {
  receivers: ['otlp', 'prometheus', 'file_log', 'kubelet_stats', 'k8s_cluster', 'k8s_objects'],
  processors: [
    'attributes', 'batch', 'filter', 'k8s_attributes', 'memory_limiter', 'probabilistic_sampler', 'resource', 'resource_detection',
    'tail_sampling', 'transform', 'redaction',
  ],
  exporters: ['debug', 'load_balancing', 'otlp_grpc', 'otlp_http', 'prometheus_remote_write'],
  connectors: ['forward', 'span_metrics', 'servicegraph'],
  extensions: ['file_storage', 'health_check', 'pprof', 'zpages'],
};

/** What each distribution registers: contrib, every component the configs are written for (checked by the component contract test). */
const REGISTERED: Readonly<Record<CollectorDistribution, ComponentTypes | 'all'>> = { contrib: 'all', alloy: ALLOY_OTEL_ENGINE };

/**
 * What a config defines and where it uses it: a whole CollectorConfig, or the part of one that
 * validation knows before any config is built (component ids by kind, pipelines that name them).
 */
export interface ComponentListing extends Readonly<Partial<Record<ComponentKind, object>>> {
  readonly service: {
    /**
     * Extensions the service starts.
     * @default - none
     */
    readonly extensions?: readonly string[];
    /** Pipelines by name, with the component ids each names. */
    readonly pipelines: Readonly<Record<string, Readonly<Partial<Pipeline>>>>;
  };
}

/** Singular of a kind, for messages. */
const SINGULAR: Readonly<Record<ComponentKind, string>> = {
  receivers: 'receiver', processors: 'processor', exporters: 'exporter', connectors: 'connector', extensions: 'extension',
};

/** The pipelines of a config that use a component id. */
function pipelinesUsing(config: ComponentListing, id: string): string[] {
  return Object.entries(config.service.pipelines)
    .filter(([, pipeline]) => [...pipeline.receivers ?? [], ...pipeline.processors ?? [], ...pipeline.exporters ?? []].includes(id))
    .map(([name]) => name);
}

/** Where `tier` uses a component, for a message. */
function usedWhere(config: ComponentListing, kind: ComponentKind, id: string, tier: string): string {
  if (kind === 'extensions') return config.service.extensions?.includes(id) ? `used by ${tier}'s service.extensions` : `defined in ${tier}'s config`;
  const pipelines = pipelinesUsing(config, id);
  if (pipelines.length === 0) return `defined in ${tier}'s config`;
  return `used by the ${pipelines.join(', ')} pipeline${pipelines.length > 1 ? 's' : ''} of ${tier}`;
}

/**
 * One line per component of `config` that `distribution` does not register, naming the component
 * and where `tier` (a workload name) uses it. The collector refuses a config naming an unknown type
 * even when no pipeline uses it, so every defined component counts. The contrib distribution is the
 * one the configs are written for: it is checked by the component contract test, not here; an unknown
 * distribution has no problems here either (validation names it once).
 */
export function distributionProblems(distribution: CollectorDistribution, config: ComponentListing, tier: string): string[] {
  // An unknown distribution is its own problem (checkOneOf in validation), not one per component.
  const registered = Object.hasOwn(REGISTERED, distribution) ? REGISTERED[distribution] : 'all';
  if (registered === 'all') return [];
  const problems: string[] = [];
  for (const kind of COMPONENT_KINDS) {
    for (const id of Object.keys(config[kind] ?? {})) {
      const type = id.split('/')[0];
      if (registered[kind].includes(type)) continue;
      problems.push(`collector.distribution: '${distribution}' lacks ${SINGULAR[kind]} '${type}' (${usedWhere(config, kind, id, tier)})`);
    }
  }
  return problems;
}
