/** Small real child processes for the e2e run's process-handling tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Started } from '../../scripts/e2e/processes';
import type { ProcessRegistry } from '../../scripts/e2e/registry';

/**
 * Starts a process that just lives (`sleep`; with `ignoreSigterm` it ignores SIGTERM, a disposition
 * `exec` keeps), through the registry: the cheapest real child there is.
 */
export function startSleeper(processes: ProcessRegistry, name: string, dir: string, opts: { ignoreSigterm?: boolean } = {}): Started {
  const script = `${opts.ignoreSigterm ? "trap '' TERM; " : ''}exec sleep 60`;
  return processes.start(name, '/bin/sh', ['-c', script], {}, dir);
}

/** A folder for the children's logs. */
export function logDir(): string {
  return mkdtempSync(join(tmpdir(), 'e2e-children-'));
}

/** True while a process with this PID exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
