import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFiles, synthEnvironment } from '../../infra/synth';
import { ENVIRONMENTS } from '../../overlays';
import { StackSettings } from '../../settings';
import { Manifest, Output, objectsOf, readOutput } from '../../scripts/e2e/manifests';

export type { Manifest, Output } from '../../scripts/e2e/manifests';
export { objectsOf, readOutput } from '../../scripts/e2e/manifests';

/** Every environment, validated, by name. */
export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS);

/** Variable naming the run's temp folder (global-setup.ts), removed by global-teardown.ts. */
export const RUN_TMPDIR = 'OTEL_LGTM_TEST_RUN_TMPDIR';

/** Variable naming the folder where the jest global setup synthesized every environment once. */
export const SHARED_SYNTH_DIR = 'OTEL_LGTM_TEST_SYNTH_DIR';

/**
 * The parsed objects of a synthesized environment folder, kept beside it as `<folder>.json` by
 * {@link saveParsedOutput}: test files read the shared synthesis back with JSON.parse instead of
 * each parsing the same YAML again (the parsed YAML is plain JSON data).
 */
const parsedFile = (dir: string) => `${dir}.json`;

/** Parses an environment folder once and stores the objects beside it, for {@link synthesize}. */
export function saveParsedOutput(dir: string): void {
  writeFileSync(parsedFile(dir), JSON.stringify([...readOutput(dir)]));
}

const cache = new Map<string, Output>();

/**
 * Reads an environment back from the run's shared synthesis (cached per name), or synthesizes an
 * StackSettings object given directly (a variant a test builds) into a fresh temp folder.
 */
export function synthesize(env: StackSettings | string): Output {
  const key = typeof env === 'string' ? env : '';
  if (key && cache.has(key)) return cache.get(key)!;
  const shared = process.env[SHARED_SYNTH_DIR];
  let output: Output;
  if (key && shared && existsSync(parsedFile(join(shared, key)))) {
    output = new Map(JSON.parse(readFileSync(parsedFile(join(shared, key)), 'utf8')) as Array<[string, Manifest[]]>);
  } else if (key && shared && existsSync(join(shared, key))) {
    output = readOutput(join(shared, key));
  } else if (key) {
    output = readOutput(synthEnvironment(ENVIRONMENTS[env as string]().validate(), mkdtempSync(join(tmpdir(), 'otel-lgtm-synth-'))));
  } else {
    output = inMemory(env as StackSettings);
  }
  if (key) cache.set(key, output);
  return output;
}

/**
 * A variant's files as synthesis would write them, without the YAML round trip through a temp folder
 * (the files' YAML is plain data, so a JSON copy of each chart's objects is what reading them back
 * gives: test/contracts/in-memory-synth.test.ts keeps it so).
 */
export function inMemory(env: StackSettings): Output {
  return new Map(environmentFiles(env).map(({ file, objects }) => [file, JSON.parse(JSON.stringify(objects)) as Manifest[]]));
}

/** The pod spec of a workload object, or undefined for other kinds. */
export function podSpecOf(obj: Manifest): any | undefined {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(obj.kind)) return obj.spec?.template?.spec;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  if (obj.kind === 'Pod') return obj.spec;
  return undefined;
}

/** A deep copy, for negative tests that break one field. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The dashboards Grafana provisions in an environment: file name → model, read from its ConfigMap. */
export function provisionedDashboards(env: string): Record<string, object> {
  const configMap = objectsOf(synthesize(env)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-dashboards');
  if (!configMap) throw new Error(`${env}: no grafana-dashboards ConfigMap`);
  return Object.fromEntries(Object.entries(configMap.data as Record<string, string>).map(([file, json]) => [file, JSON.parse(json) as object]));
}
