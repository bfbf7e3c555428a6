/**
 * `npm run capture-fixtures`: records what the real programs say about themselves into
 * test/fixtures/real-programs/, so `npm test` can check our configs and queries against the
 * programs without needing them: the collector's component type names (`otelcol components`).
 * Binaries come from E2E_BIN_DIR, else .e2e-bin/ (`bash ../shared/bin/unpack.sh .e2e-bin`), else PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'real-programs');

/** A program of the stack: $E2E_BIN_DIR/<name>, else .e2e-bin/<name>, else PATH. */
export function binary(name: string): string {
  const dirs = [process.env.E2E_BIN_DIR, join(ROOT, '.e2e-bin'), ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean) as string[];
  const found = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  if (!found) throw new Error(`${name} not found in E2E_BIN_DIR, .e2e-bin/ or PATH`);
  return found;
}

const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

/** The component type names a collector build registers, by kind, with its version. */
function collectorComponents(): object {
  const listing = parse(execFileSync(binary('otelcol'), ['components'], { encoding: 'utf8' })) as
    { buildinfo: { version: string } } & Record<string, Array<{ name: string }> | undefined>;
  return {
    program: 'otelcol components',
    version: listing.buildinfo.version,
    ...Object.fromEntries(KINDS.map((kind) => [kind, (listing[kind] ?? []).map((c) => c.name).sort()])),
  };
}

if (require.main === module) {
  mkdirSync(FIXTURES, { recursive: true });
  writeFileSync(join(FIXTURES, 'otelcol-components.json'), `${JSON.stringify(collectorComponents(), null, 2)}\n`);
  console.log(`wrote ${join(FIXTURES, 'otelcol-components.json')}`);
}
