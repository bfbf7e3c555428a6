import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { Environment } from '../overlays';
import { buildStack } from './stack';

/** Builds the cdk8s app of one environment, writing to `<outdir>/<env name>`. */
export function stackApp(env: Environment, outdir: string): App {
  const app = new App({ outdir: join(outdir, env.name), yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildStack(app, env);
  return app;
}

/** Synthesizes one environment into `<outdir>/<env name>/`, replacing that folder only. */
export function synthEnvironment(env: Environment, outdir: string): string {
  const app = stackApp(env, outdir);
  rmSync(app.outdir, { recursive: true, force: true });
  app.synth();
  return app.outdir;
}

/** Every object of one environment, chart by chart in apply order, without writing files. */
export function environmentObjects(env: Environment): object[] {
  return stackApp(env, '.').charts.flatMap((chart) => chart.toJson() as object[]);
}

/** One environment as a single multi-document YAML stream, in apply order. */
export function environmentYaml(env: Environment): string {
  return stackApp(env, '.').synthYaml();
}
