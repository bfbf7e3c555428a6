/**
 * Every child process of the e2e run, started through one registry so that each can be stopped by
 * its PID on every way out: the run's end, a thrown error, a signal, an uncaught rejection, the deadline.
 */
import { spawn } from 'node:child_process';
import { Child, Started, hasExited, start, stop } from './processes';

/** What a short-lived command did. */
export interface RunResult {
  /** Exit code; null when a signal ended it. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Its output (empty with `inherit`). */
  readonly stdout: string;
  readonly stderr: string;
}

/** How a child was stopped. */
export interface Stopped {
  readonly name: string;
  readonly pid: number | undefined;
  /** `exited` on SIGTERM (or before), `killed` when SIGKILL was needed. */
  readonly outcome: 'exited' | 'killed';
}

/** Options of a short-lived command. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** `inherit` shows its output as it comes; `pipe` (the default) collects it. */
  readonly stdio?: 'pipe' | 'inherit';
}

/** The children the run started and has not seen exit; stops them by PID. */
export class ProcessRegistry {
  private readonly live = new Set<Child>();
  private closed = false;

  /** Children still running, in the order they were started. */
  get running(): Child[] {
    return [...this.live].filter((c) => !hasExited(c));
  }

  /** Starts a long-running program (see `start`), logging to `<logDir>/<name>.log`; refused once stopAll began. */
  start(name: string, command: string, args: readonly string[], env: Record<string, string>, logDir: string, cwd?: string): Started {
    this.refuseWhenClosed(name);
    return this.track(start(name, command, args, env, logDir, cwd));
  }

  /** Runs a command to its end while tracking it (so a stop on the way ends it too); resolves with what it did. */
  run(name: string, command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    this.refuseWhenClosed(name);
    const piped = options.stdio !== 'inherit';
    const child = spawn(command, [...args], {
      cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
    });
    const tracked = this.track({ name, child });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => { stdout += d; });
    child.stderr?.on('data', (d) => { stderr += d; });
    return new Promise((resolve, reject) => {
      child.once('error', (error) => {
        this.live.delete(tracked);
        reject(new Error(`${name}: ${command} could not start (${error.message})`));
      });
      child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    });
  }

  /** Stops the given children together (SIGTERM, SIGKILL after `graceMs`); one result per child. */
  async stop(children: readonly Child[], graceMs?: number): Promise<Stopped[]> {
    return Promise.all(children.map(async (c) => ({ name: c.name, pid: c.child.pid, outcome: await stop(c, graceMs) })));
  }

  /** Refuses new children from now on and stops every running one, the latest started first in the report. */
  async stopAll(graceMs?: number): Promise<Stopped[]> {
    this.closed = true;
    return this.stop(this.running.reverse(), graceMs);
  }

  /** SIGKILL by PID to every running child, synchronously (for the process's `exit` event); how many were killed. */
  killAllNow(): number {
    this.closed = true;
    let killed = 0;
    for (const c of this.running) {
      try {
        process.kill(c.child.pid!, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    return killed;
  }

  private track<T extends Child>(c: T): T {
    this.live.add(c);
    c.child.once('exit', () => this.live.delete(c));
    return c;
  }

  private refuseWhenClosed(name: string): void {
    if (this.closed) throw new Error(`not starting ${name}: the run is stopping`);
  }
}
