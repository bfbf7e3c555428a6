/**
 * Shared parts of the process tests: the compiled service as a child process (compiled once by the
 * jest global setup), OTLP receivers, and clean-up of both after each file.
 */
import net from 'node:net';
import { OtlpReceiver } from './otlp-receiver';
import { startApp, type AppProcess } from './spawn-app';

/** OTLP span kind SERVER. */
export const SERVER = 2;
/** OTLP status code ERROR. */
export const ERROR = 2;
const started: AppProcess[] = [];
const receivers: OtlpReceiver[] = [];

/** Kills the services and closes the receivers this file started; call from afterAll. */
export async function cleanUp(): Promise<void> {
  for (const app of started) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  await Promise.all(receivers.map((r) => r.close()));
}

/** An OTLP receiver that answers (`ok`) or keeps requests unanswered until released (`hold`), closed by cleanUp. */
export async function receiver(mode: 'ok' | 'hold' = 'ok'): Promise<OtlpReceiver> {
  const r = await OtlpReceiver.start(mode);
  receivers.push(r);
  return r;
}

/** The compiled service with these variables, killed by cleanUp if still running. */
export async function app(env: Record<string, string>): Promise<AppProcess> {
  const a = await startApp(env);
  started.push(a);
  return a;
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends SIGTERM and expects exit code 0; shows the service's last lines otherwise. */
export async function stopCleanly(svc: AppProcess): Promise<void> {
  svc.child.kill('SIGTERM');
  const code = await svc.exited;
  if (code !== 0) throw new Error(`exit ${String(code)}; last lines:\n${svc.lines.slice(-8).join('\n')}`);
}

/** GETs a URL; its status, once the body was read. */
export async function get(url: string): Promise<{ status: number }> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status };
}

/**
 * Polls `predicate` until it holds, running `between` (default: a 20 ms pause) between two looks;
 * fails naming `what` after `timeoutMs`, a ceiling far above the usual wait, so that a busy machine
 * only makes the wait longer, never the test fail.
 */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000, between?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await (between ? between() : new Promise((r) => setTimeout(r, 20)));
  }
}
