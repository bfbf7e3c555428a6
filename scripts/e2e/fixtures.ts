/**
 * What the real programs say about themselves, recorded into test/fixtures/real-programs/ by
 * `npm run capture-fixtures` (an e2e run with --capture-fixtures), so `npm test` checks configs and
 * queries against the programs without needing them: the collector's component type names and the
 * metric names each component exposes on its own /metrics after a run under load.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { collectorListing } from './binaries';

/** Where the fixtures live. */
export const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'real-programs');

/** The collector listing as the fixture records it: program, version, and each kind's names sorted. */
export function collectorComponentsFixture(listing: ReturnType<typeof collectorListing>): object {
  const sorted = Object.fromEntries(Object.entries(listing.components).map(([kind, names]) => [kind, [...names].sort()]));
  return { program: 'otelcol components', version: listing.version, ...sorted };
}

/** The first line a program prints for its version flag (`tempo -version`, `prometheus --version`). */
export function programVersion(binary: string, flag: string): string {
  return execFileSync(binary, [flag], { encoding: 'utf8', timeout: 60000 }).split('\n')[0].trim();
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
