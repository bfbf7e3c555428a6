import { join } from 'node:path';
import { ComposeError } from '../infra/compose/manifest';
import { composeOutput, writeCompose } from '../infra/compose/output';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import { CliError, type Command } from './io';
import { synthesisChecked } from './synth';

export const USAGE = `usage: otel-lgtm compose --env <name>... [--outdir <dir>] [--smoke]

Writes <outdir>/<env>/compose.yaml and the config files it mounts, from the same synthesis as the
environment's Kubernetes manifests (same images, configs, arguments and environment), for a laptop
or a CI machine with Docker. Secrets go to <outdir>/<env>/secrets/<service>.env (generated, 0600,
kept between runs, never in compose.yaml). The node agent and cluster receiver are left out.
  --env <name>    an environment (repeatable; required)
  --outdir <dir>  where the environment folders go (default: dist/compose)
  --smoke         also write compose.smoke.yaml, which adds the verify Job as a last service:
                  docker compose -f compose.yaml -f compose.smoke.yaml up --exit-code-from verify`;

const OPTIONS = {
  env: { type: 'string', multiple: true },
  outdir: { type: 'string' },
  smoke: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `fn()`, with a part Compose cannot express turned into a one-line CLI error. */
function translated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ComposeError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** `otel-lgtm compose`: one line per environment written. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('compose', argv, { options: OPTIONS });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.env?.length) throw new CliError("--env is required (e.g. --env dev; see 'otel-lgtm compose --help')", 2);
  const envs = environmentsNamed(values.env);
  // Every environment is translated before any is written, so a bad one leaves the output untouched.
  const built = envs.map((env) => ({ env, ...translated(() => synthesisChecked(() => composeOutput(env, { smoke: values.smoke }))) }));
  for (const { env, files, secrets } of built) {
    io.out(`wrote ${writeCompose(join(values.outdir ?? join('dist', 'compose'), env.name), files, secrets)}`);
  }
  return 0;
};
