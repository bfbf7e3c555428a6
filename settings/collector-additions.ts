/**
 * Checks of a user's own collector components (`collector.additions`): processors and exporters by
 * id, typed after the collector's config structs, and where each goes in the gateway's pipelines.
 * config/collector-additions.ts places them; these checks run in validation, before any config exists.
 */
import type { ComponentListing } from './collector-distribution';
import type { Pipeline } from './otelcol-types';
import { ADDITION_PIPELINES, CollectorAdditions } from './schema';

/** The component kinds an addition can be. */
const KINDS = ['processors', 'exporters'] as const;

/** Ids the stack keeps for its own components of the gateway, by kind. */
export interface ReservedIds {
  /** The gateway's own processors. */
  readonly processors: readonly string[];
  /** The gateway's own exporters (the destinations' included). */
  readonly exporters: readonly string[];
}

/**
 * Problems with the additions, one line each naming the field: an id the stack keeps for its own
 * component (whether or not this environment's config has it: an addition valid in one environment
 * stays valid in every other), a pipeline additions cannot go into, a placed id that is not added.
 */
export function additionProblems(additions: CollectorAdditions, reserved: ReservedIds, field = 'collector.additions'): string[] {
  const problems: string[] = [];
  for (const kind of KINDS) {
    for (const id of Object.keys(additions[kind] ?? {})) {
      if (reserved[kind].includes(id)) {
        problems.push(`${field}.${kind}.${id}: the stack reserves '${id}' for its own ${kind.slice(0, -1)} (choose another name, e.g. ${id.split('/')[0]}/mine)`);
      }
    }
  }
  for (const [name, placement] of Object.entries(additions.pipelines ?? {})) {
    if (!(ADDITION_PIPELINES as readonly string[]).includes(name)) {
      problems.push(`${field}.pipelines.${name}: no such pipeline (one of ${ADDITION_PIPELINES.join(', ')})`);
      continue;
    }
    for (const kind of KINDS) {
      (placement?.[kind] ?? []).forEach((id, i) => {
        if (!(id in (additions[kind] ?? {}))) problems.push(`${field}.pipelines.${name}.${kind}[${i}]: '${id}' is not among the added ${kind}`);
      });
    }
  }
  return problems;
}

/** The added components and the pipelines they are placed into, in the gateway's pipeline order: for the distribution check. */
export function additionListing(additions: CollectorAdditions): ComponentListing {
  const pipelines: Record<string, Partial<Pipeline>> = {};
  for (const name of ADDITION_PIPELINES) {
    const placement = additions.pipelines?.[name];
    if (placement) pipelines[name] = { processors: [...placement.processors ?? []], exporters: [...placement.exporters ?? []] };
  }
  return { processors: additions.processors ?? {}, exporters: additions.exporters ?? {}, service: { pipelines } };
}
