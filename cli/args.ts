import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io';

/**
 * `node:util` parseArgs (strict), with its errors turned into a one-line usage error (exit 2).
 * `config` is parseArgs's own, without `args`.
 */
export function parseCommandArgs<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(
  command: string, argv: readonly string[], config: T,
): ReturnType<typeof parseArgs<T & { args: string[]; strict: true }>> {
  try {
    return parseArgs({ ...config, args: [...argv], strict: true });
  } catch (error) {
    // parseArgs explains itself in one sentence ("Unknown option '--x'. …"); keep the first.
    const reason = (error as Error).message.split('. ')[0].replace(/\.$/, '');
    throw new CliError(`${reason} (see 'otel-lgtm ${command} --help')`, 2);
  }
}
