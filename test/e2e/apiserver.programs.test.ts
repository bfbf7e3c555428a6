import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../../scripts/e2e/apiserver';
import { ProcessRegistry } from '../../scripts/e2e/registry';
import { alive } from '../support/children';

/** Small stand-ins for the programs, as executable scripts: a real process each, no real cluster. */
function programs(dir: string) {
  const write = (name: string, body: string, interpreter = process.execPath) => {
    const path = join(dir, name);
    writeFileSync(path, `#!${interpreter}\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  return {
    // Answers /health on the address of --listen-client-urls, like etcd.
    etcd: write('etcd', `
const url = new URL(process.argv.find((a) => a.startsWith('--listen-client-urls=')).split('=')[1]);
require('node:http').createServer((_, res) => res.end('{"health":"true"}')).listen(Number(url.port), url.hostname);`),
    // Fails the way a kube-apiserver does when its port is taken.
    'kube-apiserver': write('kube-apiserver', `
echo 'E1204 failed to listen on 127.0.0.1:16443: bind: address already in use' >&2
exit 1`, '/bin/sh'),
    kubectl: write('kubectl', 'exit 1', '/bin/sh'),
  };
}

describe('startApiServer', () => {
  it('fails with one line when kube-apiserver cannot start, and leaves etcd to the registry, which stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-apiserver-'));
    const processes = new ProcessRegistry();
    const error = await startApiServer(programs(dir), join(dir, 'run'), processes).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/^kube-apiserver exited \(1\): .*address already in use$/);
    expect(error?.message).not.toContain('\n');
    const [etcd] = processes.running;
    expect(processes.running.map((p) => p.name)).toEqual(['etcd']);
    await processes.stopAll(2000);
    expect(alive(etcd.child.pid!)).toBe(false);
  });
});
