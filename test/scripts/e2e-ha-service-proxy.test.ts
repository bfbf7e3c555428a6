/** scripts/e2e-ha/service-proxy.ts: a Service's connections spread over its replicas, past one that is down. */
import { Server, createServer } from 'node:http';
import { freePorts } from '../../scripts/e2e/ports';
import { startServiceProxy } from '../../scripts/e2e-ha/service-proxy';
import { httpRequest } from '../../scripts/e2e-ha/traffic';

function replica(address: string, port: number, name: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((_, res) => res.end(name));
    server.listen(port, address, () => resolve(server));
  });
}

describe('startServiceProxy', () => {
  it('hands connections to each replica in turn, and to the live ones when one refuses', async () => {
    const [port, podPort] = await freePorts(2);
    const replicas = [await replica('127.0.0.2', podPort, 'a'), await replica('127.0.0.3', podPort, 'b')];
    const proxy = await startServiceProxy('127.0.0.1', [[port, podPort]], ['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    try {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push((await httpRequest(`http://127.0.0.1:${port}/`)).text);
      expect(new Set(answers)).toEqual(new Set(['a', 'b']));
      await new Promise((resolve) => replicas[0].close(resolve));
      const after = [];
      for (let i = 0; i < 4; i++) after.push((await httpRequest(`http://127.0.0.1:${port}/`)).text);
      expect(after).toEqual(['b', 'b', 'b', 'b']);
    } finally {
      await proxy.close();
      await new Promise((resolve) => replicas[1].close(resolve));
    }
  });
});
