import type { ProbeRun } from '../../cli/verify/run-probe';
import { percentile, timesToQueryable } from '../../scripts/e2e/stats';

describe('percentile (nearest rank)', () => {
  it('picks the value at the rank, not an interpolation', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('timesToQueryable', () => {
  const run = (results: ProbeRun['results']): ProbeRun => ({ probe: {} as ProbeRun['probe'], results });
  it('takes the slowest check of each signal per probe, and leaves out probes where a check failed', () => {
    const times = timesToQueryable([
      run([
        { name: 'trace by id', backend: 'tempo', signal: 'traces', ok: true, seconds: 1 },
        { name: 'TraceQL search', backend: 'tempo', signal: 'traces', ok: true, seconds: 3 },
        { name: 'log', backend: 'loki', signal: 'logs', ok: true, seconds: 2 },
        { name: 'health', backend: 'grafana', ok: true, seconds: 0.1 },
      ]),
      run([
        { name: 'trace by id', backend: 'tempo', signal: 'traces', ok: false, seconds: 60 },
        { name: 'log', backend: 'loki', signal: 'logs', ok: true, seconds: 4 },
      ]),
    ]);
    expect(times).toEqual({ traces: [3], logs: [2, 4] });
  });
});
