/**
 * Entry point of `npm run synth` and `cdk8s synth`: writes dist/<env>/ for every environment,
 * or only those named with `--env <name>` (repeatable).
 */
import { ENVIRONMENTS, SettingsError, UnknownEnvironmentError, environmentNamed } from './overlays';
import { synthEnvironment } from './infra/synth';

/** Parses `--env a --env b` / `--env=a`; every other argument is an error. */
export function requestedEnvironments(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--env' && i + 1 < argv.length) names.push(argv[++i]);
    else if (arg.startsWith('--env=')) names.push(arg.slice('--env='.length));
    else throw new UsageError(`unexpected argument '${arg}' (usage: synth [--env <${Object.keys(ENVIRONMENTS).join('|')}>]...)`);
  }
  return names.length > 0 ? names : Object.keys(ENVIRONMENTS);
}

class UsageError extends Error {}

function main(): number {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  try {
    // Validate every requested environment before writing any, so a bad one leaves dist/ untouched.
    const envs = requestedEnvironments(process.argv.slice(2)).map(environmentNamed);
    for (const env of envs) console.log(`synthesized ${synthEnvironment(env, outdir)}`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownEnvironmentError || error instanceof SettingsError || error instanceof UsageError) {
      console.error(`synth: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main();
