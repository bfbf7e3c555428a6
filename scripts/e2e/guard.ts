/**
 * The e2e run's ways out. Whatever ends the run (its end, SIGINT or SIGTERM, an uncaught error or
 * rejection, or its one deadline), every child in the registry is stopped by PID, and an abnormal end
 * prints one line: why, and what the run was waiting for.
 */
import type { ProcessRegistry, Stopped } from './registry';

/** The part of `process` the guard listens on and exits through (tests pass their own). */
export interface GuardedProcess {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  exit(code: number): void;
}

/** Names a wait while it lasts, so the deadline's line can say what the run was waiting for. */
export type During = <T>(what: string, work: Promise<T>) => Promise<T>;

/** Options of guardRun. */
export interface GuardOptions {
  /** Seconds from now after which everything stops and the process exits 1. */
  readonly deadlineSeconds: number;
  /** Prints one line (to stderr in the run). */
  readonly log: (line: string) => void;
  /** SIGTERM → SIGKILL grace when stopping on the way out. @default 10000 */
  readonly graceMs?: number;
  /** @default process */
  readonly proc?: GuardedProcess;
  /** Called once when the run is cut short, before stopping (e.g. to silence the run's own output). */
  readonly onAbort?: () => void;
}

/** A guarded run. */
export interface RunGuard {
  /** Runs `work` named as `what` the run is waiting for, until it settles. */
  readonly during: During;
  /** What the run waits for now, e.g. `tempo ready at http://127.0.0.1:40123/ready`. */
  waitingFor(): string[];
  /** The normal end: stops every child still running, clears the deadline and removes the handlers. */
  finish(): Promise<Stopped[]>;
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

function firstLine(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : String(reason);
  return text.split('\n')[0];
}

/** Installs the deadline and the signal, error and exit handlers for a run whose children are in `registry`. */
export function guardRun(registry: ProcessRegistry, options: GuardOptions): RunGuard {
  const proc = options.proc ?? process;
  const pending = new Map<string, number>();
  let aborting = false;

  const waitingFor = () => [...pending.keys()];
  const waitText = () => (pending.size > 0 ? waitingFor().join('; ') : 'nothing in particular (between steps)');

  const abort = (line: string, code: number) => {
    if (aborting) return;
    aborting = true;
    options.onAbort?.();
    options.log(`e2e: ${line}`);
    void registry.stopAll(options.graceMs ?? 10000).finally(() => {
      remove();
      proc.exit(code);
    });
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (aborting) {
      // A second signal: no more grace.
      registry.killAllNow();
      remove();
      proc.exit(SIGNAL_EXIT[signal] ?? 1);
      return;
    }
    abort(`${signal} received while waiting for ${waitText()}; stopping every process it started`, SIGNAL_EXIT[signal] ?? 1);
  };
  const onError = (reason: unknown) => abort(`unexpected error: ${firstLine(reason)}`, 1);
  const onExit = () => {
    registry.killAllNow();
    remove();
  };
  const timer = setTimeout(
    () => abort(`deadline of ${options.deadlineSeconds} s passed while waiting for ${waitText()}; stopping every process it started`, 1),
    options.deadlineSeconds * 1000,
  );
  const handlers: Array<[string, (...args: any[]) => void]> = [
    ['SIGINT', onSignal], ['SIGTERM', onSignal], ['unhandledRejection', onError], ['uncaughtException', onError], ['exit', onExit],
  ];
  for (const [event, handler] of handlers) proc.on(event, handler);
  function remove(): void {
    clearTimeout(timer);
    for (const [event, handler] of handlers) proc.off(event, handler);
  }

  const during: During = async (what, work) => {
    pending.set(what, (pending.get(what) ?? 0) + 1);
    try {
      return await work;
    } finally {
      const left = pending.get(what)! - 1;
      if (left > 0) pending.set(what, left);
      else pending.delete(what);
    }
  };

  return {
    during,
    waitingFor,
    async finish() {
      clearTimeout(timer);
      const stopped = await registry.stopAll(options.graceMs ?? 10000);
      remove();
      return stopped;
    },
  };
}
