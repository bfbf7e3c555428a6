/**
 * A ClusterIP Service on one machine: a TCP proxy on the Service's own loopback address and ports that
 * hands each new connection to the next replica, round robin, skipping a replica that refuses the
 * connection (standing in for kube-proxy with the endpoints controller; in a cluster a dead pod is
 * dropped from the endpoints once its readiness probe fails, here at the first refused connection).
 */
import { Server, Socket, connect, createServer } from 'node:net';

/** A running Service proxy. */
export interface ServiceProxy {
  close(): Promise<void>;
}

/** Listens on `address:port` for each [port, podPort] and forwards to `backends` (their addresses) on podPort. */
export async function startServiceProxy(address: string, ports: ReadonlyArray<[number, number]>, backends: readonly string[]): Promise<ServiceProxy> {
  let turn = 0;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const forward = (client: Socket, podPort: number, tries = 0): void => {
    if (tries >= backends.length) {
      client.destroy();
      return;
    }
    const backend = backends[turn++ % backends.length];
    const upstream = connect({ host: backend, port: podPort });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      upstream.destroy();
      if (!connected && error.code === 'ECONNREFUSED') forward(client, podPort, tries + 1);
      else client.destroy();
    });
  };
  const servers: Server[] = await Promise.all(ports.map(([port, podPort]) => new Promise<Server>((resolve, reject) => {
    const server = createServer({ pauseOnConnect: true }, (client) => {
      track(client);
      forward(client, podPort);
    });
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => resolve(server));
  })));
  return {
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}
