import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Yaml } from 'cdk8s';
import { environmentFiles, environmentYaml, writeEnvironment } from '../infra/synth';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import { CliError, type Command } from './io';
import { SettingsError } from '../settings';

export const USAGE = `usage: otel-lgtm synth [--env <name>]... [--outdir <dir>] [--stdout]

Writes <outdir>/<env>/ for each environment named with --env (every environment when none is),
replacing only those folders: the other environments' folders are left as they are.
  --env <name>    an environment (repeatable)
  --outdir <dir>  where the environment folders go (default: dist)
  --stdout        print one environment's manifests, in apply order, instead of writing files
Run by the cdk8s CLI (CDK8S_OUTDIR set), it also leaves each environment as one file in that folder,
which the cdk8s CLI lists, or prints with 'cdk8s synth --stdout' (then dist/ is not touched).`;

const OPTIONS = {
  env: { type: 'string', multiple: true },
  outdir: { type: 'string' },
  stdout: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The cdk8s CLI's own output folder (cdk8s.yaml `output`), which it empties before every run. */
function cdk8sScratch(): string | undefined {
  if (!existsSync('cdk8s.yaml')) return undefined;
  const output = (parse(readFileSync('cdk8s.yaml', 'utf8')) as { output?: string } | null)?.output;
  return output === undefined ? undefined : resolve(output);
}

/** `fn()`, with a settings problem found during synthesis turned into a one-line CLI error. */
export function synthesisChecked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SettingsError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** `otel-lgtm synth`: one line per environment written. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('synth', argv, { options: OPTIONS });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const cdk8sOut = process.env.CDK8S_OUTDIR;
  // `cdk8s synth --stdout` hands the app a temporary folder instead of its configured output.
  const viaCdk8sStdout = cdk8sOut !== undefined && resolve(cdk8sOut) !== cdk8sScratch();
  const toStdout = values.stdout === true || viaCdk8sStdout;
  if (toStdout && (values.env?.length ?? 0) > 1) throw new CliError('--stdout prints one environment: name one --env', 2);
  // Every environment is validated before any is written, so a bad one leaves the output untouched.
  const envs = environmentsNamed(toStdout ? (values.env ?? []).slice(0, 1).concat(values.env ? [] : ['dev']) : values.env);

  if (values.stdout) {
    io.out(synthesisChecked(() => environmentYaml(envs[0])).trimEnd());
    return 0;
  }
  const outdir = values.outdir ?? 'dist';
  // Synthesis itself may still refuse an environment (the pipeline check): every one is built before any is written.
  const built = envs.map((env) => ({ env, files: synthesisChecked(() => environmentFiles(env)) }));
  for (const { env, files } of built) {
    if (!viaCdk8sStdout) io.out(`synthesized ${writeEnvironment(env.name, files, outdir)}`);
    if (cdk8sOut !== undefined) {
      mkdirSync(cdk8sOut, { recursive: true });
      writeFileSync(join(cdk8sOut, `${env.name}.k8s.yaml`), Yaml.stringify(...files.flatMap((f) => f.objects)));
    }
  }
  return 0;
};
