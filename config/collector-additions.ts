/**
 * A user's own collector components, placed into the gateway's pipelines: processors after the
 * stack's enrichment and scrubbing, before `batch`; exporters beside the stack's own (e.g. a
 * vendor's OTLP endpoint next to Tempo). Validation has checked them (settings/collector-additions.ts).
 */
import type { Pipeline } from '../settings/otelcol-types';
import type { CollectorAdditions } from '../settings/schema';

export type { CollectorAdditions } from '../settings/schema';

/** `pipelines` with the additions placed in the ones they name. */
export function placeAdditions(pipelines: Readonly<Record<string, Pipeline>>, additions: CollectorAdditions): Record<string, Pipeline> {
  const placed = { ...pipelines };
  for (const [name, placement] of Object.entries(additions.pipelines ?? {})) {
    const p = placed[name];
    // Unreachable through StackSettings, whose validation names a bad pipeline first.
    if (!p) throw new Error(`collector.additions.pipelines.${name}: no such pipeline (one of ${Object.keys(pipelines).join(', ')})`);
    const processors = [...p.processors];
    const batch = processors.indexOf('batch');
    processors.splice(batch === -1 ? processors.length : batch, 0, ...(placement?.processors ?? []));
    placed[name] = { ...p, processors, exporters: [...p.exporters, ...(placement?.exporters ?? [])] };
  }
  return placed;
}
