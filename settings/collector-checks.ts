/**
 * The collector's settings checks that need to know what the tiers' configs will hold: the user's
 * additions against the gateway's own component ids and pipelines, and every component of every
 * running tier against the chosen distribution. Run by StackSettings.problems(), before any config
 * or construct exists, on the facts of settings/collector-tiers.ts.
 */
import { COMPONENT_KINDS, ComponentListing, distributionProblems } from './collector-distribution';
import { additionListing, additionProblems } from './collector-additions';
import { COLLECTOR_TIERS, CollectorTier, TIER_COMPONENTS, destinationIds } from './collector-tiers';
import type { CollectorAdditions, CollectorDistribution, DestinationSettings } from './schema';

/** What the checks read from the settings. */
export interface CollectorCheckInput {
  /** `collector.distribution`. */
  readonly distribution: CollectorDistribution;
  /**
   * `collector.additions`.
   * @default - none
   */
  readonly additions?: CollectorAdditions;
  /** `destinations`: their exporters are the gateway's and the sampler tier's too. */
  readonly destinations: DestinationSettings;
  /** The tiers the settings run (the gateway always; the sampler tier, node agent and cluster receiver when on). */
  readonly tiers: readonly CollectorTier[];
}

/** The ids as components defined in a config (no pipeline known to use them). */
function defined(ids: Partial<Record<(typeof COMPONENT_KINDS)[number], readonly string[]>>): ComponentListing {
  return { ...Object.fromEntries(COMPONENT_KINDS.map((kind) => [kind, Object.fromEntries((ids[kind] ?? []).map((id) => [id, {}]))])), service: { pipelines: {} } };
}

/** Problems with the additions and with the distribution, one line each; a line is not repeated. */
export function collectorProblems(s: CollectorCheckInput): string[] {
  const destinations = destinationIds(s.destinations);
  const gateway = TIER_COMPONENTS.gateway;
  const problems = s.additions ? additionProblems(s.additions, { processors: gateway.processors, exporters: [...gateway.exporters, ...destinations] }) : [];
  for (const tier of s.tiers) {
    const own = TIER_COMPONENTS[tier];
    const listings = [defined(tier === 'gateway' || tier === 'sampler' ? { ...own, exporters: [...own.exporters, ...destinations] } : own)];
    if (tier === 'gateway' && s.additions) listings.push(additionListing(s.additions));
    for (const listing of listings) problems.push(...distributionProblems(s.distribution, listing, COLLECTOR_TIERS[tier]));
  }
  return [...new Set(problems)];
}
