import { readFileSync } from 'node:fs';
import { ProcessRegistry } from '../../scripts/e2e/registry';
import { alive, logDir, startSleeper } from '../support/children';

const dir = logDir();

/** The command name of a running process (Linux /proc). */
function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('ProcessRegistry', () => {
  it('stops every child it started, by PID, and starts none after', async () => {
    const processes = new ProcessRegistry();
    const children = ['a', 'b', 'c'].map((name) => startSleeper(processes, name, dir));
    expect(processes.running.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    const stopped = await processes.stopAll(5000);
    expect(stopped).toEqual(['c', 'b', 'a'].map((name, i) => ({ name, pid: children[2 - i].child.pid, outcome: 'exited' })));
    for (const c of children) expect(alive(c.child.pid!)).toBe(false);
    expect(processes.running).toEqual([]);
    expect(() => processes.start('late', process.execPath, ['-e', ''], {}, dir)).toThrow('not starting late: the run is stopping');
  });

  it('kills a child that ignores SIGTERM once the grace has passed', async () => {
    const processes = new ProcessRegistry();
    const stubborn = startSleeper(processes, 'stubborn', dir, { ignoreSigterm: true });
    const polite = startSleeper(processes, 'polite', dir);
    // Until the shell has run `trap`, SIGTERM would still end it: wait for the exec into sleep.
    await until(() => comm(stubborn.child.pid!) === 'sleep');
    expect((await processes.stopAll(300)).map(({ name, outcome }) => [name, outcome])).toEqual([['polite', 'exited'], ['stubborn', 'killed']]);
    expect(alive(stubborn.child.pid!)).toBe(false);
    expect(alive(polite.child.pid!)).toBe(false);
  });

  it('stops the children of a step that threw', async () => {
    const processes = new ProcessRegistry();
    const step = async () => {
      startSleeper(processes, 'etcd', dir);
      throw new Error('kube-apiserver did not become ready');
    };
    await expect(step()).rejects.toThrow('did not become ready');
    const [etcd] = processes.running;
    expect(etcd.name).toBe('etcd');
    await processes.stopAll(5000);
    expect(alive(etcd.child.pid!)).toBe(false);
  });

  it('runs a command to its end and returns its output; a missing command is one line', async () => {
    const processes = new ProcessRegistry();
    const result = await processes.run('echo', process.execPath, ['-e', "console.log('out'); console.error('err'); process.exit(3)"]);
    expect(result).toEqual({ status: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    await expect(processes.run('nothing', '/nonexistent/program', [])).rejects.toThrow(/^nothing: \/nonexistent\/program could not start \(spawn \/nonexistent\/program ENOENT\)$/);
    expect(processes.running).toEqual([]);
  });

  it('kills every running child synchronously (for the process exit event)', async () => {
    const processes = new ProcessRegistry();
    const child = startSleeper(processes, 'left', dir);
    const exited = new Promise((resolve) => child.child.once('exit', resolve));
    expect(processes.killAllNow()).toBe(1);
    await exited;
    expect(alive(child.child.pid!)).toBe(false);
  });
});
