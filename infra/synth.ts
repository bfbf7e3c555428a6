import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { StackSettings } from '../settings';
import { LgtmStack } from './lgtm-stack';
import { validateApp } from './unique-objects';

/** The cdk8s app of one environment: one LgtmStack. */
export function stackApp(env: StackSettings): App {
  const app = new App();
  new LgtmStack(app, env.name, env);
  return app;
}

/**
 * The environment's manifests, one file per component chart in apply order, named
 * `<index>-<component>.k8s.yaml` (the namespaces first).
 */
export function environmentFiles(env: StackSettings): Array<{ file: string; objects: object[] }> {
  const app = stackApp(env);
  validateApp(app);
  return app.charts.map((chart, index) => ({
    file: `${String(index).padStart(4, '0')}-${chart.node.id}.k8s.yaml`,
    objects: chart.toJson() as object[],
  }));
}

/** Synthesizes one environment into `<outdir>/<env name>/`, replacing that folder only. */
export function synthEnvironment(env: StackSettings, outdir: string): string {
  return writeEnvironment(env.name, environmentFiles(env), outdir);
}

/** Writes an environment's synthesized files into `<outdir>/<name>/`, replacing that folder only. */
export function writeEnvironment(name: string, files: ReadonlyArray<{ file: string; objects: object[] }>, outdir: string): string {
  const dir = join(outdir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const { file, objects } of files) Yaml.save(join(dir, file), objects);
  return dir;
}

/** Every object of one environment, chart by chart in apply order, without writing files. */
export function environmentObjects(env: StackSettings): object[] {
  return environmentFiles(env).flatMap((f) => f.objects);
}

/** One environment as a single multi-document YAML stream, in apply order. */
export function environmentYaml(env: StackSettings): string {
  return Yaml.stringify(...environmentObjects(env));
}
