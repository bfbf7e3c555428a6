/**
 * The collector configs of every environment name only components the real collector registers,
 * under their current type names (a deprecated alias logs a warning on every start), with field
 * types the program accepts. Names come from `otelcol components`, captured by
 * `npm run capture-fixtures` into test/fixtures/real-programs/.
 */
import { parse } from 'yaml';
import captured from './../fixtures/real-programs/otelcol-components.json';
import type { LoadBalancingConfig } from '../../settings/otelcol-types';
import { KINDS, NOT_IN_CAPTURED_BUILD, type Kind } from '../support/component-names';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, synthesize } from '../support/synth';

/** Old names that still load as deprecated aliases (each start logs a warning), by their current name. */
const DEPRECATED_ALIASES: Readonly<Record<string, string>> = {
  resourcedetection: 'resource_detection', k8sattributes: 'k8s_attributes', loadbalancing: 'load_balancing',
  otlphttp: 'otlp_http', prometheusremotewrite: 'prometheus_remote_write', spanmetrics: 'span_metrics', filelog: 'file_log',
  kubeletstats: 'kubelet_stats', k8sobjects: 'k8s_objects',
};

/** Problems with the component names of one collector config. */
function componentProblems(config: Record<Kind, Record<string, unknown> | undefined>): string[] {
  const problems: string[] = [];
  for (const kind of KINDS) {
    const known = new Set([...(captured[kind] as string[]), ...(NOT_IN_CAPTURED_BUILD[kind] ?? [])]);
    for (const id of Object.keys(config[kind] ?? {})) {
      const type = id.split('/')[0];
      if (type in DEPRECATED_ALIASES) problems.push(`${kind}.${id}: '${type}' is a deprecated alias of '${DEPRECATED_ALIASES[type]}'`);
      else if (!known.has(type)) problems.push(`${kind}.${id}: '${type}' is not a component of the collector (${captured.version})`);
    }
  }
  return problems;
}

const collectorConfigs = (objects: Manifest[]) => objects
  .filter((o) => o.kind === 'ConfigMap' && 'config.yaml' in (o.data ?? {}) && /^otel-/.test(o.metadata.name))
  .map((o) => [o.metadata.name, parse(o.data['config.yaml'])] as const);

describe.each(ENVIRONMENT_NAMES)('collector configs of %s', (name) => {
  const configs = collectorConfigs(objectsOf(synthesize(name)));

  it('exist', () => expect(configs.length).toBeGreaterThan(0));

  it('name only registered components, under their current type names', () => {
    for (const [, config] of configs) expect(componentProblems(config)).toEqual([]);
  });

  it("write the load-balancing DNS resolver's port as text, as the collector's Go struct reads it", () => {
    for (const [, config] of configs) {
      const dns = (config.exporters?.load_balancing as LoadBalancingConfig | undefined)?.resolver.dns;
      if (dns?.port !== undefined) expect(typeof dns.port).toBe('string');
    }
  });
});

describe('the component check', () => {
  it('catches a deprecated alias and an unknown component', () => {
    expect(componentProblems({ receivers: { otlp: {}, kubeletstats: {} }, processors: { resourcedetection: {}, 'groupbytrace/x': {} }, exporters: {}, connectors: {}, extensions: {} })).toEqual([
      "receivers.kubeletstats: 'kubeletstats' is a deprecated alias of 'kubelet_stats'",
      "processors.resourcedetection: 'resourcedetection' is a deprecated alias of 'resource_detection'",
      `processors.groupbytrace/x: 'groupbytrace' is not a component of the collector (${captured.version})`,
    ]);
  });

  it('the types refuse a numeric resolver port (the collector rejects the whole config)', () => {
    // @ts-expect-error the Go struct's port is a string; a number must not compile
    const dns: NonNullable<LoadBalancingConfig['resolver']['dns']> = { hostname: 'otel-sampler', port: 4317 };
    expect(dns.hostname).toBe('otel-sampler');
  });
});
