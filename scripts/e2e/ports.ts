/**
 * Ports for the programs the e2e run starts: chosen free at run time (the kernel's pick for port 0,
 * released for the program to take), and checked just before a program binds them, so a port someone
 * else holds ends the run with one line naming it instead of a program that never becomes ready.
 */
import { createServer, Server } from 'node:net';

/** The address every program of the run binds. */
export const LOOPBACK = '127.0.0.1';

/** A port a program will listen on, and what it is for (named in the busy-port error). */
export interface PlannedPort {
  readonly port: number;
  /** e.g. `kube-apiserver --secure-port`, `tempo server.grpc_listen_port`. */
  readonly owner: string;
}

/** A port another process holds: its message is one line. */
export class BusyPortError extends Error {
  constructor(readonly host: string, readonly port: number, readonly owner: string) {
    super(`${host}:${port} (${owner}) is already in use by another process: stop it, or let the run choose its ports`);
  }
}

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `count` distinct free TCP ports on `host`: all held open together (so they differ), then released. */
export async function freePorts(count: number, host = LOOPBACK): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0, host));
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** One free TCP port on `host`. */
export async function freePort(host = LOOPBACK): Promise<number> {
  return (await freePorts(1, host))[0];
}

/** True when nothing listens on `host:port` (it can be bound right now). */
export async function portIsFree(port: number, host = LOOPBACK): Promise<boolean> {
  try {
    await close(await listen(port, host));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}

/** Throws a BusyPortError for the first planned port something already listens on. */
export async function assertPortsFree(ports: readonly PlannedPort[], host = LOOPBACK): Promise<void> {
  for (const { port, owner } of ports) {
    if (!(await portIsFree(port, host))) throw new BusyPortError(host, port, owner);
  }
}

/**
 * A synchronous source of the free ports fetched ahead (for code that plans addresses synchronously,
 * such as localizeStack); throws when more are asked for than were fetched.
 */
export function portPool(ports: readonly number[]): () => number {
  const left = [...ports];
  return () => {
    const port = left.shift();
    if (port === undefined) throw new Error(`port pool exhausted (${ports.length} fetched)`);
    return port;
  };
}
