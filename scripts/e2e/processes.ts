/** Processes the e2e run starts: each logs to a file, is awaited over HTTP, measured, and stopped by its PID. */
import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A started process. */
export interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `command args` with its output in `<logDir>/<name>.log`. */
export function start(name: string, command: string, args: readonly string[], env: Record<string, string>, logDir: string, cwd?: string): Started {
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, [...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  child.on('error', () => undefined); // reported by waitReady as "exited"
  return { name, child, logFile };
}

/** Waits until `url` answers 2xx; fails with the log's last lines if the process exits or time runs out. */
export async function waitReady(p: Started, url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}): ${tail(p.logFile)}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return (Date.now() - started) / 1000;
    await sleep(500);
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

/** SIGTERM, then SIGKILL after `graceMs` (Tempo may not exit on SIGTERM after serving queries). Resolves once it is gone. */
export async function stop(p: Started, graceMs = 30000): Promise<'exited' | 'killed'> {
  if (p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined) return 'exited';
  const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill('SIGTERM');
  const inTime = await Promise.race([gone.then(() => true), sleep(graceMs).then(() => false)]);
  if (inTime) return 'exited';
  p.child.kill('SIGKILL');
  await Promise.race([gone, sleep(5000)]);
  return 'killed';
}
