/**
 * Validation knows the collector tiers' configs only through settings/collector-tiers.ts: every
 * component id a generated config defines must be listed there for its tier (or be a destination's
 * exporter, or the user's addition), in every environment and in variants that turn on what the
 * presets leave off, so the checks of additions and distribution cannot drift from the output.
 */
import { parse } from 'yaml';
import { presets } from '../../overlays';
import { mergeProps, type LgtmStackProps } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { COMPONENT_KINDS } from '../../settings/collector-distribution';
import { COLLECTOR_TIERS, CollectorTier, TIER_COMPONENTS, destinationIds } from '../../settings/collector-tiers';
import { objectsOf, synthesize } from '../support/synth';

const vendor = { protocol: 'otlp_http' as const, endpoint: 'https://otlp.vendor.example/otlp', queryUrl: 'https://q.vendor.example' };
const grpc = { protocol: 'otlp_grpc' as const, endpoint: 'g.vendor.example:443', queryUrl: 'https://g.vendor.example' };
const destinations = { traces: [vendor, grpc], logs: [grpc], metrics: [vendor] };
const additions = {
  processors: { 'attributes/team': { actions: [{ key: 'team', value: 'shop', action: 'insert' as const }] } },
  pipelines: { traces: { processors: ['attributes/team'] } },
};
const everything = { collector: { debugExporter: true, profiling: true, additions }, persistence: { enabled: true }, destinations };

const VARIANTS: Record<string, LgtmStackProps> = {
  dev: presets.dev,
  staging: presets.staging,
  prod: presets.prod,
  'staging, everything on': mergeProps(presets.staging, everything),
  'prod, everything on': mergeProps(presets.prod, everything),
  'dev, backends off': mergeProps(presets.dev, { backends: { tempo: false, loki: false, prometheus: false }, destinations }),
};

/** Ids of a config validation does not know for `tier`. */
function unknownIds(tier: CollectorTier, config: Record<string, any>, props: LgtmStackProps): string[] {
  const env = settingsFrom(props, 'x');
  const extra = [
    ...(tier === 'gateway' || tier === 'sampler' ? destinationIds(env.destinations) : []),
    ...(tier === 'gateway' ? [...Object.keys(env.collector.additions?.processors ?? {}), ...Object.keys(env.collector.additions?.exporters ?? {})] : []),
  ];
  return COMPONENT_KINDS.flatMap((kind) => Object.keys(config[kind] ?? {})
    .filter((id) => !TIER_COMPONENTS[tier][kind].includes(id) && !extra.includes(id))
    .map((id) => `${COLLECTOR_TIERS[tier]} ${kind}.${id}`));
}

describe.each(Object.entries(VARIANTS))('the collector configs of %s', (_, props) => {
  const objects = objectsOf(synthesize(settingsFrom(props, 'x').validate()));
  const configOf = (tier: CollectorTier) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${COLLECTOR_TIERS[tier]}-config`);

  it('define only ids validation knows for their tier', () => {
    const tiers = (Object.keys(COLLECTOR_TIERS) as CollectorTier[]).filter((t) => configOf(t));
    expect(tiers).toContain('gateway');
    for (const tier of tiers) expect(unknownIds(tier, parse(configOf(tier)!.data['config.yaml']), props)).toEqual([]);
  });
});

describe('the check', () => {
  it('finds an id the tier facts do not list', () => {
    expect(unknownIds('sampler', { processors: { batch: {}, 'groupbytrace/x': {} }, exporters: { 'otlp_http/traces-0': {} } }, { destinations: { traces: [vendor] } }))
      .toEqual(['otel-sampler processors.groupbytrace/x']);
  });
});
