/**
 * A user's own collector components, merged into the generated config: processors and exporters
 * by id, typed after the collector's config structs, and where each goes in which pipeline.
 * Processors run after the stack's enrichment and scrubbing, before `batch`; exporters are added
 * beside the stack's own (e.g. a vendor's OTLP endpoint next to Tempo).
 */
import type { CollectorConfig } from '../settings/otelcol-types';
import type { CollectorAdditions } from '../settings/schema';

export type { CollectorAdditions } from '../settings/schema';

/** The config with the additions placed (validation checked them: settings/collector-additions.ts). */
export function withAdditions(config: CollectorConfig, additions: CollectorAdditions): CollectorConfig {
  const pipelines = { ...config.service.pipelines };
  for (const [name, placement] of Object.entries(additions.pipelines ?? {})) {
    const p = pipelines[name];
    const batch = p.processors.indexOf('batch');
    const processors = [...p.processors];
    processors.splice(batch === -1 ? processors.length : batch, 0, ...(placement?.processors ?? []));
    pipelines[name] = { ...p, processors, exporters: [...p.exporters, ...(placement?.exporters ?? [])] };
  }
  return {
    ...config,
    processors: { ...config.processors, ...additions.processors },
    exporters: { ...config.exporters, ...additions.exporters },
    service: { ...config.service, pipelines },
  };
}
