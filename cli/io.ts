/** Where a command writes: results to `out`, progress and errors to `err`. Tests pass their own. */
export interface CliIo {
  /** A line of the command's result (stdout). */
  readonly out: (line: string) => void;
  /** A line of progress or a one-line error (stderr). */
  readonly err: (line: string) => void;
}

/** The process's own stdout and stderr. */
export const PROCESS_IO: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Bad input or an unusable environment: the command prints `command: message` on one line and
 * exits with `exitCode`, never a stack trace.
 */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command of the `otel-lgtm` CLI: parses its own arguments, returns the exit code. */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;
