/**
 * A user's own collector components, merged into the generated config: processors and exporters
 * by id, typed after the collector's config structs, and where each goes in which pipeline.
 * Processors run after the stack's enrichment and scrubbing, before `batch`; exporters are added
 * beside the stack's own (e.g. a vendor's OTLP endpoint next to Tempo).
 */
import type { CollectorConfig } from '../settings/otelcol-types';
import type { CollectorAdditions } from '../settings/schema';

export type { CollectorAdditions } from '../settings/schema';

/** Problems with the additions against the config they go into: one line each, naming the field. */
export function additionProblems(config: CollectorConfig, additions: CollectorAdditions, field = 'collector.additions'): string[] {
  const problems: string[] = [];
  for (const kind of ['processors', 'exporters'] as const) {
    for (const id of Object.keys(additions[kind] ?? {})) {
      if (id in config[kind]) problems.push(`${field}.${kind}.${id}: the stack already defines '${id}' (choose another name, e.g. ${id.split('/')[0]}/mine)`);
    }
  }
  for (const [name, placement] of Object.entries(additions.pipelines ?? {})) {
    if (!(name in config.service.pipelines)) {
      problems.push(`${field}.pipelines.${name}: no such pipeline (one of ${Object.keys(config.service.pipelines).join(', ')})`);
      continue;
    }
    for (const kind of ['processors', 'exporters'] as const) {
      (placement?.[kind] ?? []).forEach((id, i) => {
        if (!(id in (additions[kind] ?? {}))) problems.push(`${field}.pipelines.${name}.${kind}[${i}]: '${id}' is not among the added ${kind}`);
      });
    }
  }
  return problems;
}

/** The config with the additions placed (check `additionProblems` first). */
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
