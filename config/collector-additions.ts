/**
 * A user's own collector components, merged into the generated config: processors and exporters
 * by id, typed after the collector's config structs, and where each goes in which pipeline.
 * Processors run after the stack's enrichment and scrubbing, before `batch`; exporters are added
 * beside the stack's own (e.g. a vendor's OTLP endpoint next to Tempo).
 */
import type { CollectorConfig, Exporters, Processors } from './otelcol-types';

/** Components to add, and where. */
export interface CollectorAdditions {
  /**
   * Processors by id (`type` or `type/name`).
   * @default {}
   */
  readonly processors?: Processors;
  /**
   * Exporters by id (`type` or `type/name`).
   * @default {}
   */
  readonly exporters?: Exporters;
  /**
   * Per pipeline of the gateway (`traces`, `metrics`, `logs`): ids of added processors and exporters.
   * @default {}
   */
  readonly pipelines?: Readonly<Partial<Record<'traces' | 'metrics' | 'logs', { readonly processors?: readonly string[]; readonly exporters?: readonly string[] }>>>;
}

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
