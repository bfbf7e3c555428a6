import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where scripts/install-test-tools.sh unpacks a Debian package (jest's globalSetup runs it). */
export function debianPackageRoot(pkg: 'prometheus' | 'prometheus-alertmanager' | 'promtool'): string {
  return join(__dirname, '..', '..', '.tools', pkg);
}

/** A binary of an unpacked Debian package. */
export function debianTool(pkg: 'prometheus' | 'prometheus-alertmanager' | 'promtool', binary: string): string {
  const path = join(debianPackageRoot(pkg), 'usr', 'bin', binary);
  if (!existsSync(path)) throw new Error(`${path} not found: run \`bash scripts/install-test-tools.sh\``);
  return path;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A server process the test started, and how to stop it. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Its PID. */
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far (for failure messages). */
  readonly log: () => string;
  /** SIGTERM by PID, then SIGKILL if it has not exited within 5 s. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts `binary` (in `cwd`) with the args `argsFor('127.0.0.1:<port>')` on a free port and waits
 * until `readyPath` answers 200 (at most 15 s), or throws with the server's output.
 */
export async function startServer(binary: string, argsFor: (listen: string) => string[], readyPath: string, cwd?: string): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(binary, argsFor(`127.0.0.1:${port}`), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, 'SIGTERM');
    const timer = setTimeout(() => { if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL'); }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) return { url, pid: child.pid!, log: () => output, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`${binary} not ready at ${url}${readyPath} within 15 s:\n${output}`);
}

/**
 * Retries `check` every 50 ms until it returns true or `ms` pass; returns its last answer. The
 * ceiling is far above the usual wait: a busy machine only makes the wait longer.
 */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
