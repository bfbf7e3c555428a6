/**
 * Tempo's `-config.verify` and Loki's `-verify-config` on every environment's config, with the real
 * programs (the versions the images pin: Tempo 3, Loki 3.7). The configs are read from the
 * manifests' ConfigMaps unchanged: verification parses and checks them without binding anything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './localize';
import type { ProcessRegistry } from './registry';

/** Each backend: its ConfigMap and file, and the flags that check a config file without starting. */
const CHECKS = [
  { backend: 'tempo', configMap: 'tempo-config', file: 'tempo.yaml', args: (f: string) => [`-config.file=${f}`, '-config.verify=true'] },
  { backend: 'loki', configMap: 'loki-config', file: 'loki.yaml', args: (f: string) => [`-config.file=${f}`, '-verify-config'] },
] as const;

/** One line per environment and backend: `ok`, or the program's own error (Tempo exits 1 on warnings too). */
export async function validateBackends(
  bins: Record<'tempo' | 'loki', string>, environments: Record<string, readonly Manifest[]>, work: string, processes: ProcessRegistry,
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const [env, objects] of Object.entries(environments)) {
    for (const check of CHECKS) {
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === check.configMap) as { data?: Record<string, string> } | undefined;
      const content = configMap?.data?.[check.file];
      if (content === undefined) continue; // the backend is off in this environment
      const dir = join(work, 'verify-config', env);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, check.file);
      writeFileSync(file, content);
      // Object storage credentials come from the environment in a pod; the check only needs them present.
      const run = await processes.run(`${check.backend} verify ${env}`, bins[check.backend], check.args(file), {
        env: { AWS_ACCESS_KEY_ID: 'verify-only', AWS_SECRET_ACCESS_KEY: 'verify-only' },
      });
      const passed = run.status === 0;
      ok &&= passed;
      const why = `${run.stderr}${run.stdout}`.split('\n').filter((l) => l.trim() && !/sonic/.test(l)).slice(-3).join(' ');
      lines.push(`${check.backend} ${env}: ${passed ? 'ok' : `REJECTED: ${why}`}`);
    }
  }
  return { ok, lines };
}
