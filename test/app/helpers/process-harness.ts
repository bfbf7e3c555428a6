/**
 * Shared parts of the process tests: the compiled service as a child process (compiled once by the
 * jest global setup), OTLP receivers, and clean-up of both after each file.
 */
import { readFileSync } from 'node:fs';
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

/** Send and receive queue sizes of the established loopback TCP connection `localPort` → `remotePort` (Linux /proc/net/tcp). */
function tcpQueues(localPort: number, remotePort: number): { tx: number; rx: number } | undefined {
  const address = (port: number) => `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, remote, state, queues] = line.trim().split(/\s+/);
    if (local === address(localPort) && remote === address(remotePort) && state === '01') {
      const [tx, rx] = queues.split(':').map((h) => parseInt(h, 16));
      return { tx, rx };
    }
  }
  return undefined;
}

/**
 * GETs `path` over a connection of its own. `read` resolves once the service has read the whole
 * request: sent and acknowledged, nothing left in the service's receive queue (or an answer has
 * begun), so it is being handled, not waiting in a backlog; `response` resolves with the status.
 */
export function sendGet(base: string, path: string): { read: Promise<void>; response: Promise<{ status: number }> } {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  let answer = '';
  let answered = false;
  const response = new Promise<{ status: number }>((resolve, reject) => {
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answered = true;
      answer += chunk;
    });
    socket.on('error', reject).on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0) }));
  });
  const written = new Promise<void>((resolve, reject) => {
    socket.on('error', reject).write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`, () => resolve());
  });
  const read = written.then(() => waitFor(() => {
    if (answered) return true;
    const sent = tcpQueues(socket.localPort!, Number(port));
    const received = tcpQueues(Number(port), socket.localPort!);
    return sent?.tx === 0 && received?.rx === 0;
  }, `the service to read GET ${path}`));
  return { read, response };
}
