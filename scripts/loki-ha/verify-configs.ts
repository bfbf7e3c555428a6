/** Runs generated Loki configs through the real binary's `-verify-config`, with the arguments the container gets. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest as Obj } from '../e2e/manifests';
import type { ProcessRegistry } from '../e2e/registry';

/** Loki's config file and its container's arguments and environment, from an environment's objects. */
export function lokiOf(objects: readonly Obj[]): { file: string; args: string[]; env: Array<{ name: string; value?: string; valueFrom?: unknown }>; replicas: number } {
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'loki-config');
  const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'loki');
  if (!configMap || !set) throw new Error('no loki-config ConfigMap or loki StatefulSet in the output');
  const container = set.spec.template.spec.containers[0];
  return { file: configMap.data['loki.yaml'], args: container.args ?? [], env: container.env ?? [], replicas: set.spec.replicas ?? 1 };
}

/** The container's arguments with its config file replaced by `file`. */
export function argsWithConfig(args: readonly string[], file: string): string[] {
  return args.map((a) => (a.startsWith('-config.file=') ? `-config.file=${file}` : a));
}

/**
 * `loki -verify-config` on one environment's config, run as its container would run it: the same
 * arguments (e.g. `-config.expand-env=true`) and, for variables from Secrets, a placeholder value.
 * Returns one line.
 */
export async function verifyLokiConfig(
  loki: string, label: string, objects: readonly Obj[], work: string, processes: ProcessRegistry,
): Promise<{ ok: boolean; line: string }> {
  const { file, args, env } = lokiOf(objects);
  const dir = join(work, 'verify-config', label);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'loki.yaml');
  writeFileSync(path, file);
  const variables = Object.fromEntries(env.map((e) => [e.name, e.value ?? 'placeholder-from-a-secret']));
  const result = await processes.run(`loki -verify-config ${label}`, loki, [...argsWithConfig(args, path), '-verify-config'], { env: variables });
  const output = `${result.stdout}${result.stderr}`.trim().split('\n');
  const ok = result.status === 0 && output.some((l) => l.includes('config is valid'));
  const extra = args.filter((a) => !a.startsWith('-config.file=')).join(' ');
  return { ok, line: `${label}${extra ? ` (${extra})` : ''}: ${ok ? 'config is valid' : `REJECTED: ${output.filter(Boolean).slice(-2).join(' | ')}`}` };
}
