import { EventEmitter } from 'node:events';
import { guardRun } from '../../scripts/e2e/guard';
import { ProcessRegistry } from '../../scripts/e2e/registry';
import { alive, logDir, startSleeper } from '../support/children';

const dir = logDir();

/** Stands in for `process`: events are emitted by the test, `exit` resolves `exited` with the code. */
function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), { exit: (_code: number) => undefined as void });
  const exited = new Promise<number>((resolve) => { proc.exit = resolve; });
  return { proc, exited };
}

/** A registry with two real children, one of which ignores SIGTERM (Tempo after serving queries does). */
function twoChildren() {
  const processes = new ProcessRegistry();
  const children = [startSleeper(processes, 'etcd', dir), startSleeper(processes, 'tempo', dir, { ignoreSigterm: true })];
  return { processes, pids: children.map((c) => c.child.pid!) };
}

describe('guardRun', () => {
  it('stops every child when the deadline passes, and says in one line what the run waited for', async () => {
    const { processes, pids } = twoChildren();
    const { proc, exited } = fakeProcess();
    const lines: string[] = [];
    const guard = guardRun(processes, { deadlineSeconds: 0.05, graceMs: 200, log: (l) => lines.push(l), proc });
    void guard.during('kube-apiserver ready at https://127.0.0.1:16443/readyz', new Promise(() => undefined));
    expect(await exited).toBe(1);
    expect(lines).toEqual(['e2e: deadline of 0.05 s passed while waiting for kube-apiserver ready at https://127.0.0.1:16443/readyz; stopping every process it started']);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]])('stops every child on %s and exits %i', async (signal, code) => {
    const { processes, pids } = twoChildren();
    const { proc, exited } = fakeProcess();
    const lines: string[] = [];
    const guard = guardRun(processes, { deadlineSeconds: 60, graceMs: 200, log: (l) => lines.push(l), proc });
    void guard.during('npm run verify', new Promise(() => undefined));
    proc.emit(signal, signal);
    expect(await exited).toBe(code);
    expect(lines).toEqual([`e2e: ${signal} received while waiting for npm run verify; stopping every process it started`]);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('stops every child on an uncaught rejection, naming only its first line', async () => {
    const { processes, pids } = twoChildren();
    const { proc, exited } = fakeProcess();
    const lines: string[] = [];
    guardRun(processes, { deadlineSeconds: 60, graceMs: 200, log: (l) => lines.push(l), proc });
    proc.emit('unhandledRejection', new Error('socket hang up\n    at TLSSocket.onHangUp'));
    expect(await exited).toBe(1);
    expect(lines).toEqual(['e2e: unexpected error: socket hang up']);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('kills what is left when the process exits anyway', async () => {
    const { processes, pids } = twoChildren();
    const { proc } = fakeProcess();
    guardRun(processes, { deadlineSeconds: 60, log: () => undefined, proc });
    const gone = processes.running.map((c) => new Promise((resolve) => c.child.once('exit', resolve)));
    proc.emit('exit', 0);
    await Promise.all(gone);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('on the normal end stops every child, clears the deadline and removes its handlers', async () => {
    const { processes, pids } = twoChildren();
    const { proc } = fakeProcess();
    const exit = jest.spyOn(proc, 'exit');
    const guard = guardRun(processes, { deadlineSeconds: 0.1, graceMs: 200, log: () => undefined, proc });
    expect(await guard.during('a step', Promise.resolve(42))).toBe(42);
    expect(guard.waitingFor()).toEqual([]);
    expect((await guard.finish()).map((s) => s.name).sort()).toEqual(['etcd', 'tempo']);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    for (const event of ['SIGINT', 'SIGTERM', 'unhandledRejection', 'uncaughtException', 'exit']) expect(proc.listenerCount(event)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150)); // past the deadline it would have had
    expect(exit).not.toHaveBeenCalled();
  });
});
