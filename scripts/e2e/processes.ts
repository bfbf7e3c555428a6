/** Processes the e2e run starts: each logs to a file, is awaited over HTTP, measured, and stopped by its PID. */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A child process the run started, by name. */
export interface Child {
  readonly name: string;
  readonly child: ChildProcess;
}

/** A started server process, with its log file. */
export interface Started extends Child {
  readonly logFile: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `command args` with its output in `<logDir>/<name>.log`. */
export function start(name: string, command: string, args: readonly string[], env: Record<string, string>, logDir: string, cwd?: string): Started {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, [...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  closeSync(out); // the child holds its own copy
  child.on('error', () => undefined); // no PID: reported by waitReady as "exited"
  return { name, child, logFile };
}

/** Waits until `url` answers 2xx; fails with the log's last lines if the process exits or time runs out. */
export async function waitReady(p: Started, url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (hasExited(p)) throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode ?? 'did not start'}): ${tail(p.logFile)}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return (Date.now() - started) / 1000;
    await sleep(200);
  }
  throw new Error(`${p.name} not ready at ${url} after ${timeoutMs / 1000} s: ${tail(p.logFile)}`);
}

/** The last lines of a log, on one line. */
export function tail(file: string, lines = 3): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** Resident set size of a running process, bytes (Linux /proc). */
export function rssBytes(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** True once the child has exited (or never started). */
export function hasExited(p: Child): boolean {
  return p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined;
}

/** Resolves true when the child exits within `ms` (or already has), false otherwise; leaves no timer behind. */
export function exitWithin(p: Child, ms: number): Promise<boolean> {
  if (hasExited(p)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (exited: boolean) => {
      clearTimeout(timer);
      p.child.off('exit', onExit);
      resolve(exited);
    };
    const onExit = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    p.child.once('exit', onExit);
  });
}

/**
 * SIGTERM by PID, then SIGKILL after `graceMs` (Tempo may not exit on SIGTERM after serving queries).
 * Resolves once it is gone: `exited` on its own (or already), `killed` when SIGKILL was needed.
 */
export async function stop(p: Child, graceMs = 10000): Promise<'exited' | 'killed'> {
  if (hasExited(p)) return 'exited';
  p.child.kill('SIGTERM');
  if (await exitWithin(p, graceMs)) return 'exited';
  p.child.kill('SIGKILL');
  await exitWithin(p, 5000);
  return 'killed';
}
