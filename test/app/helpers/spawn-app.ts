/**
 * Runs the compiled service (app/build, see `npm run build:app`) as a child
 * process on an ephemeral port of 127.0.0.1, the way the container does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Compiles app/src to app/build, file by file, with esbuild: the same CommonJS the project's
 * `tsc -p app/tsconfig.json` build emits, in a fraction of the time (`npm test` type-checks separately).
 */
export function compileApp(): void {
  const sources = readdirSync(path.join(ROOT, 'app', 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(ROOT, 'app', 'src', f));
  buildSync({
    entryPoints: sources, outdir: path.join(ROOT, 'app', 'build'), outbase: path.join(ROOT, 'app', 'src'),
    format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'error',
  });
}

/** A running service process. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly base: string;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Parsed JSON stdout lines. */
  json(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

/** Env every spawned service gets unless overridden: fast, local, bounded. */
const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  OTEL_METRIC_EXPORT_INTERVAL: '500',
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_BLRP_SCHEDULE_DELAY: '100',
  OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
  SHUTDOWN_TIMEOUT_MS: '8000',
};

/** Node arguments of the instrumented service, compiled (app/build) as in the container. */
export const COMPILED_ENTRY = ['--require', './app/build/instrument.js', 'app/build/server.js'];

/** Starts the instrumented service and waits for its "listening" line. */
export async function startApp(env: Record<string, string>, timeoutMs = 20_000, entry = COMPILED_ENTRY): Promise<AppProcess> {
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const json = () =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listening = json().find((l) => l.msg === 'listening');
    if (listening) return { child, base: `http://127.0.0.1:${String(listening.port)}`, lines, json, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
