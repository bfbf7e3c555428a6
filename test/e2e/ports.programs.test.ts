import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { BusyPortError, assertPortsFree, freePort, freePorts, portIsFree, portPool } from '../../scripts/e2e/ports';

/** Another process holding a port: a `node -e` listener that prints its port once bound. */
function holdPort(): Promise<{ port: number; release: () => void }> {
  const child = spawn(process.execPath, ['-e', "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ port: Number(String(d).trim()), release: () => child.kill('SIGKILL') }));
  });
}

describe('free ports', () => {
  it('returns a port a server can listen on at once', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    expect((server.address() as { port: number }).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns distinct ports, and a pool hands them out once each', async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    const next = portPool(ports.slice(0, 2));
    expect([next(), next()]).toEqual(ports.slice(0, 2));
    expect(() => next()).toThrow('port pool exhausted (2 fetched)');
  });
});

describe('a port another process holds', () => {
  it('is reported busy, with one line naming the address and what wanted it', async () => {
    const held = await holdPort();
    try {
      expect(await portIsFree(held.port)).toBe(false);
      const check = assertPortsFree([{ port: await freePort(), owner: 'etcd --listen-client-urls' }, { port: held.port, owner: 'kube-apiserver --secure-port' }]);
      await expect(check).rejects.toThrow(BusyPortError);
      const message = await check.catch((e: Error) => e.message);
      expect(message).toBe(`127.0.0.1:${held.port} (kube-apiserver --secure-port) is already in use by another process: stop it, or let the run choose its ports`);
      expect(message).not.toContain('\n');
    } finally {
      held.release();
    }
  });
});
