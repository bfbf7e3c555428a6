/**
 * Entry point of `npm run synth` and `cdk8s synth`: writes dist/<env>/ for every environment,
 * or only those named with `--env <name>` (repeatable).
 */
import { ENVIRONMENTS, Environment, SettingsError, UnknownEnvironmentError, environmentNamed } from './overlays';
import { synthEnvironment } from './infra/synth';

/** Thrown for command-line arguments the synth does not understand. */
export class UsageError extends Error {}

/** Parses `--env a --env b` / `--env=a`; with none, every environment. */
export function requestedEnvironments(argv: readonly string[], known: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--env' && i + 1 < argv.length) names.push(argv[++i]);
    else if (arg.startsWith('--env=')) names.push(arg.slice('--env='.length));
    else throw new UsageError(`unexpected argument '${arg}' (usage: synth [--env <${known.join('|')}>]...)`);
  }
  return names.length > 0 ? names : [...known];
}

/** What `runSynth` needs from its surroundings; tests pass their own. */
export interface SynthContext {
  /** Folder that receives one sub-folder per environment. */
  readonly outdir: string;
  /** The environments by name. */
  readonly environments: Readonly<Record<string, () => Environment>>;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
  /** Where error lines go. */
  readonly error: (line: string) => void;
}

/** Synthesizes the requested environments; returns the process exit code. Bad input is reported, not thrown. */
export function runSynth(argv: readonly string[], ctx: SynthContext): number {
  try {
    const names = requestedEnvironments(argv, Object.keys(ctx.environments));
    // Validate every requested environment before writing any, so a bad one leaves dist/ untouched.
    const envs = names.map((name) => environmentNamed(name, ctx.environments));
    for (const env of envs) ctx.log(`synthesized ${synthEnvironment(env, ctx.outdir)}`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownEnvironmentError || error instanceof SettingsError || error instanceof UsageError) {
      ctx.error(`synth: ${error.message}`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runSynth(process.argv.slice(2), {
    outdir: process.env.CDK8S_OUTDIR ?? 'dist',
    environments: ENVIRONMENTS,
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  });
}
