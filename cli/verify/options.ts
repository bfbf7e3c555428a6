/**
 * verify's command line: flags, their checks, and the defaults taken from the environment's model
 * (the in-cluster service addresses; the Grafana Secret where the model holds it).
 */
import { parseArgs } from 'node:util';
import { ENVIRONMENTS, UnknownEnvironmentError, environmentNamed } from '../../overlays';
import { StackSettings } from '../../settings';
import { CREDENTIAL_VARIABLES } from '../../infra/verify-job';
import { CliError } from '../io';
import { BACKENDS, Backend, Targets } from './checks';

export { CREDENTIAL_VARIABLES };

/** Everything verify was asked to do. */
export interface VerifyOptions {
  readonly env: StackSettings;
  readonly targets: Targets;
  /** Total deadline, seconds. */
  readonly deadlineSeconds: number;
  readonly json: boolean;
  readonly skip: ReadonlySet<Backend>;
}

/** URL flags, by the target they set. */
const URL_FLAGS = {
  collector: 'collector-url', tempo: 'tempo-url', loki: 'loki-url', prometheus: 'prometheus-url', grafana: 'grafana-url',
} as const;
const SKIPPABLE = BACKENDS.filter((b) => b !== 'collector');

/** The usage line, for errors. */
export const USAGE = `usage: otel-lgtm verify --env <${Object.keys(ENVIRONMENTS).join('|')}> [--json] [--deadline <seconds>] `
  + `[--skip <${SKIPPABLE.join('|')}>]... [--${Object.values(URL_FLAGS).join(' <url>] [--')} <url>] [--grafana-user <name> --grafana-password <password>]`;

/** Parses and checks the arguments; bad input is a CliError (exit 2) naming the flag. */
export async function verifyOptions(argv: readonly string[], variables: NodeJS.ProcessEnv = process.env): Promise<VerifyOptions> {
  const { values } = parse(argv);
  if (!values.env) throw new CliError(`--env is required (${USAGE})`, 2);
  const env = environment(values.env);
  const deadlineSeconds = values.deadline === undefined ? 60 : Number(values.deadline);
  if (!(Number.isFinite(deadlineSeconds) && deadlineSeconds > 0 && deadlineSeconds <= 3600)) {
    throw new CliError(`--deadline: '${values.deadline}' is not a number of seconds from 1 to 3600`, 2);
  }
  const skip = new Set<Backend>();
  for (const name of values.skip ?? []) {
    if (!(SKIPPABLE as readonly string[]).includes(name)) throw new CliError(`--skip: '${name}' is not one of ${SKIPPABLE.join(', ')}`, 2);
    skip.add(name as Backend);
  }
  const urls: Partial<Record<keyof typeof URL_FLAGS, string>> = {};
  for (const [target, flag] of Object.entries(URL_FLAGS) as Array<[keyof typeof URL_FLAGS, string]>) {
    const url = values[flag as keyof typeof values] as string | undefined;
    if (url !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) throw new CliError(`--${flag}: '${url}' is not an http(s) URL`, 2);
    if (url !== undefined) urls[target] = url.replace(/\/+$/, '');
  }
  const user = values['grafana-user'] ?? variables[CREDENTIAL_VARIABLES.user];
  const password = values['grafana-password'] ?? variables[CREDENTIAL_VARIABLES.password];
  if ((user === undefined) !== (password === undefined)) throw new CliError('--grafana-user and --grafana-password go together', 2);
  const given = user !== undefined && password !== undefined ? { user, password } : undefined;

  const missing = (Object.keys(URL_FLAGS) as Array<keyof typeof URL_FLAGS>).filter((t) => urls[t] === undefined);
  const model = missing.length > 0 || (!given && !skip.has('grafana')) ? loadModel(env, missing.map((t) => URL_FLAGS[t])) : undefined;
  const e = model?.endpoints;
  const targets: Targets = {
    collector: urls.collector ?? e!.collectorOtlpHttp.url(),
    tempo: urls.tempo ?? e!.tempo.url(),
    loki: urls.loki ?? e!.loki.url(),
    prometheus: urls.prometheus ?? e!.prometheus.url(),
    grafana: urls.grafana ?? e!.grafana.url(),
    grafanaAuth: given ?? model?.grafanaCredentials,
  };
  return { env, targets, deadlineSeconds, json: values.json ?? false, skip };
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        json: { type: 'boolean' },
        deadline: { type: 'string' },
        skip: { type: 'string', multiple: true },
        'grafana-user': { type: 'string' },
        'grafana-password': { type: 'string' },
        ...Object.fromEntries(Object.values(URL_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]} (${USAGE})`, 2);
  }
}

function environment(name: string): StackSettings {
  try {
    return environmentNamed(name);
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) throw new CliError(error.message, 2);
    throw new CliError((error as Error).message);
  }
}

/** The model needs cdk8s (a development dependency): where it is absent (the verify image), every URL must be given. */
function loadModel(env: StackSettings, missingFlags: readonly string[]) {
  try {
    // Required only here, so the verify image (no cdk8s) runs when every URL is given.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { verifyTargets } = require('../../infra/verify-targets') as typeof import('../../infra/verify-targets');
    return verifyTargets(env);
  } catch (error) {
    if (missingFlags.length === 0) return undefined;
    throw new CliError(`cannot read the '${env.name}' model for default addresses (${(error as Error).message.split('\n')[0]}): pass --${missingFlags.join(', --')}`);
  }
}
