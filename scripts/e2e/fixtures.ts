/**
 * What the real programs say about themselves, recorded into test/fixtures/real-programs/ by
 * `npm run capture-fixtures` (an e2e run with --capture-fixtures), so `npm test` checks configs and
 * queries against the programs without needing them: the collector's component type names and the
 * metric names each component exposes on its own /metrics after a run under load.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Where the fixtures live. */
export const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'real-programs');

const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

/** The component type names a collector build registers, by kind, with its version (`otelcol components`). */
export function collectorComponentsFixture(otelcol: string): object {
  const listing = parse(execFileSync(otelcol, ['components'], { encoding: 'utf8' })) as
    { buildinfo: { version: string } } & Record<string, Array<{ name: string }> | undefined>;
  return {
    program: 'otelcol components',
    version: listing.buildinfo.version,
    ...Object.fromEntries(KINDS.map((kind) => [kind, (listing[kind] ?? []).map((c) => c.name).sort()])),
  };
}

/** The first line a program prints for its version flag (`tempo -version`, `prometheus --version`). */
export function programVersion(binary: string, flag: string): string {
  return execFileSync(binary, [flag], { encoding: 'utf8' }).split('\n')[0].trim();
}

/**
 * Metric names in a Prometheus text exposition, as Prometheus stores them when scraping: the
 * sample names (a histogram's `_bucket`, `_sum`, `_count` included), without labels.
 */
export function exposedMetricNames(exposition: string): string[] {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{|\s)/.exec(line);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

/** One component's captured metric names. */
export interface CapturedMetrics {
  readonly version: string;
  readonly names: readonly string[];
}

/** Writes one fixture file as indented JSON. */
export function writeFixture(file: string, content: object): string {
  mkdirSync(FIXTURES, { recursive: true });
  const path = join(FIXTURES, file);
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}
