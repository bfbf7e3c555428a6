#!/usr/bin/env node
/**
 * `otel-lgtm <command>`: the project's command line. Each command lives in its own module, loaded
 * only when run, so `synth` does not pay for what `diff` or `verify` need.
 */
import { CliError, PROCESS_IO, type CliIo, type Command } from './io';

/** Command name → its module and one line of help. */
const COMMANDS: Record<string, { load: () => Command; summary: string }> = {
  synth: { load: () => (require('./synth') as { run: Command }).run, summary: 'write dist/<env>/ for each environment' },
  diff: { load: () => (require('./diff') as { run: Command }).run, summary: 'per-field differences between two environments, or an environment and dist/' },
  footprint: { load: () => (require('./footprint') as { run: Command }).run, summary: 'CPU, memory and storage each environment requests' },
  cardinality: { load: () => (require('./cardinality') as { run: Command }).run, summary: 'active series each environment is estimated to add to Prometheus, by source' },
  verify: { load: () => (require('./verify') as { run: Command }).run, summary: 'probe a running stack: telemetry in, each backend queried back' },
  rules: { load: () => (require('./rules') as { run: Command }).run, summary: "an environment's Prometheus rule file (for an external ruler)" },
  compose: { load: () => (require('./compose') as { run: Command }).run, summary: 'a Compose project (dist/compose/<env>/) from the same configs, for laptops and CI smoke tests' },
  gitops: { load: () => (require('./gitops') as { run: Command }).run, summary: 'Flux or Argo CD objects that deliver each environment from your Git repository' },
  advise: { load: () => (require('./advise') as { run: Command }).run, summary: "tuning advice from the stack's own metrics in Prometheus" },
};

export const USAGE = `usage: otel-lgtm <command> [options]   ('otel-lgtm <command> --help' for its options)\n\n${
  Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}`;

/** Runs one command line; returns the exit code. Bad input is one line on stderr, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`otel-lgtm: unknown command '${name}' (one of ${Object.keys(COMMANDS).join(', ')})`);
    return 2;
  }
  try {
    return await command.load()(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`${name}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Runs `process.argv` and sets the exit code; how both the launcher and the package's bin start. */
export function main(): void {
  // A reader that stops early (`| head`) closes the pipe: end quietly, as other command lines do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  runCli(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      // Not bad input but a defect: still one line; OTEL_LGTM_DEBUG=1 shows the stack.
      process.stderr.write(`otel-lgtm: internal error: ${process.env.OTEL_LGTM_DEBUG ? (error as Error).stack : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) main();
