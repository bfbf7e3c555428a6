/** Finds the real programs for the e2e run: in E2E_BIN_DIR, else on PATH. */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { CollectorComponents } from './localize';

/** Where upstream publishes each program, for the "missing" message. */
export const UPSTREAM = {
  otelcol: 'github.com/open-telemetry/opentelemetry-collector-releases (otelcol-contrib)',
  tempo: 'github.com/grafana/tempo/releases',
  loki: 'github.com/grafana/loki/releases',
  prometheus: 'github.com/prometheus/prometheus/releases',
  etcd: 'github.com/etcd-io/etcd/releases',
  'kube-apiserver': 'dl.k8s.io (kubernetes server binaries)',
  kubectl: 'dl.k8s.io (kubernetes client binaries)',
} as const;

/** A program the run may use. */
export type Program = keyof typeof UPSTREAM;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of `name`, or undefined. E2E_BIN_DIR wins over PATH. */
export function findProgram(name: Program, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.E2E_BIN_DIR ? [env.E2E_BIN_DIR] : []), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  // Upstream ships the contrib collector as `otelcol-contrib`; a folder holding Tempo 2 and 3 names the 3.x build `tempo-3`.
  const names = name === 'otelcol' ? ['otelcol', 'otelcol-contrib'] : name === 'tempo' ? ['tempo-3', 'tempo'] : [name];
  for (const dir of dirs) for (const n of names) if (executable(join(dir, n))) return resolve(dir, n);
  return undefined;
}

/** Every named program's path; throws one line naming each missing one and where upstream publishes it. */
export function requirePrograms<T extends Program>(names: readonly T[]): Record<T, string> {
  const found = Object.fromEntries(names.map((n) => [n, findProgram(n)])) as Record<T, string | undefined>;
  const missing = names.filter((n) => !found[n]);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.map((n) => `${n} (from ${UPSTREAM[n]})`).join(', ')}: put them in E2E_BIN_DIR or on PATH`);
  }
  return found as Record<T, string>;
}

/** What a collector binary says of itself (`otelcol components`): its version and component types by kind. */
export function collectorListing(otelcol: string): { readonly version: string; readonly components: CollectorComponents } {
  const listing = parse(execFileSync(otelcol, ['components'], { encoding: 'utf8', timeout: 60000 })) as
    { buildinfo: { version: string } } & Record<string, Array<{ name: string }> | undefined>;
  const names = (kind: string) => (listing[kind] ?? []).map((c) => c.name);
  return {
    version: listing.buildinfo.version,
    components: { receivers: names('receivers'), processors: names('processors'), exporters: names('exporters'), connectors: names('connectors'), extensions: names('extensions') },
  };
}

/** The component types a collector binary has. */
export function collectorComponents(otelcol: string): CollectorComponents {
  return collectorListing(otelcol).components;
}
