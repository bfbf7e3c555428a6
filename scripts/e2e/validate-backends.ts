/**
 * Tempo's `-config.verify` and Loki's `-verify-config` on every environment's config, with the real
 * programs (the versions the images pin: Tempo 3, Loki 3.7). Each workload of the backend is checked
 * with its own arguments (Tempo's microservices each run the one config with their own `-target`),
 * the config file read from the ConfigMap it mounts, unchanged: verification parses and checks it
 * without binding anything or connecting to Kafka or a bucket.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './localize';
import type { ProcessRegistry } from './registry';

/** Each backend: its pods' component label, its config file, and the flag that checks a config without starting. */
const CHECKS = [
  { backend: 'tempo', component: 'traces', file: 'tempo.yaml', verify: '-config.verify=true' },
  { backend: 'loki', component: 'logs', file: 'loki.yaml', verify: '-verify-config' },
] as const;

/** A workload of the backend: its name, arguments and the config file content its ConfigMap volume holds. */
interface Checked {
  readonly name: string;
  readonly args: readonly string[];
  readonly content: string;
}

/** The backend's workloads in one environment (none when it is off). */
function workloadsOf(objects: readonly Manifest[], component: string, file: string): Checked[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.spec?.template?.metadata?.labels?.['app.kubernetes.io/component'] === component)
    .flatMap((o) => {
      const pod = o.spec.template.spec;
      const mounted = (pod.volumes ?? []).map((v: { configMap?: { name: string } }) => v.configMap?.name).filter(Boolean) as string[];
      const configMap = objects.find((c) => c.kind === 'ConfigMap' && mounted.includes(c.metadata.name) && c.data?.[file] !== undefined);
      return configMap ? [{ name: o.metadata.name as string, args: pod.containers[0].args ?? [], content: configMap.data![file] as string }] : [];
    });
}

/** One line per environment, backend and workload: `ok`, or the program's own error (Tempo exits 1 on warnings too). */
export async function validateBackends(
  bins: Record<'tempo' | 'loki', string>, environments: Record<string, readonly Manifest[]>, work: string, processes: ProcessRegistry,
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const [env, objects] of Object.entries(environments)) {
    for (const check of CHECKS) {
      const workloads = workloadsOf(objects, check.component, check.file);
      for (const workload of workloads) {
        const dir = join(work, 'verify-config', env, workload.name);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, check.file);
        writeFileSync(file, workload.content);
        const args = [...workload.args.map((a) => (a.startsWith('-config.file=') ? `-config.file=${file}` : a)), check.verify];
        // Object storage credentials come from the environment in a pod; the check only needs them present.
        const run = await processes.run(`${check.backend} verify ${env} ${workload.name}`, bins[check.backend], args, {
          env: { AWS_ACCESS_KEY_ID: 'verify-only', AWS_SECRET_ACCESS_KEY: 'verify-only' },
        });
        const passed = run.status === 0;
        ok &&= passed;
        const why = `${run.stderr}${run.stdout}`.split('\n').filter((l) => l.trim() && !/sonic/.test(l)).slice(-3).join(' ');
        const target = workloads.length > 1 ? ` ${workload.name} (${workload.args.filter((a) => !a.startsWith('-config.file=')).join(' ') || 'all'})` : '';
        lines.push(`${check.backend} ${env}${target}: ${passed ? 'ok' : `REJECTED: ${why}`}`);
      }
    }
  }
  return { ok, lines };
}
