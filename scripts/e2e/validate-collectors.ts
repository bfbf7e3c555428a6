/**
 * `otelcol validate` on every collector config of every environment (gateway, sampler tier): the
 * real collector judges what the types allowed. The configs go through the same local rewrite as
 * the run (addresses, paths, passthrough, components the build lacks), nothing else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CollectorComponents, Manifest } from './localize';
import { localizeStack } from './localize';
import type { ProcessRegistry } from './registry';

/** One line per environment and collector tier: `ok`, or the collector's own error. Each `otelcol validate` runs in `processes`. */
export async function validateCollectors(
  otelcol: string, components: CollectorComponents, environments: Record<string, readonly Manifest[]>, work: string, processes: ProcessRegistry,
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const [env, objects] of Object.entries(environments)) {
    const tiers = ['otel-collector', 'otel-sampler'].filter((name) => objects.some((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name));
    const stack = localizeStack(objects, tiers, join(work, 'validate', env), components);
    for (const program of stack.programs) {
      for (const [file, content] of Object.entries(program.files)) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      for (const dir of program.dataDirs) mkdirSync(dir, { recursive: true });
      const run = await processes.run(`otelcol validate ${env} ${program.name}`, otelcol, ['validate', ...program.args]);
      const passed = run.status === 0;
      ok &&= passed;
      lines.push(`${env} ${program.name}: ${passed ? 'ok' : `REJECTED: ${`${run.stderr}${run.stdout}`.trim().split('\n').slice(-3).join(' ')}`}`);
    }
  }
  return { ok, lines };
}
