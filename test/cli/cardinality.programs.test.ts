import { join } from 'node:path';
import { App } from 'cdk8s';
import { run } from '../../cli/cardinality';
import type { CliIo } from '../../cli/io';
import { LgtmStack } from '../../infra/lgtm-stack';
import { ENVIRONMENTS, presets } from '../../overlays';
import { StackSettings, mergeProps } from '../../settings';
import { settingsFrom } from '../../settings/props';

async function cardinality(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { code: await run(argv, io), out, err };
}

describe('otel-lgtm cardinality', () => {
  it("prints prod's estimate: the total, the sources largest first, the assumptions", async () => {
    const { code, out } = await cardinality(['--env', 'prod']);
    expect(code).toBe(0);
    const estimate = new LgtmStack(new App(), 'prod', ENVIRONMENTS.prod()).seriesEstimate();
    expect(out[0]).toBe(`## prod: ${estimate.total} active series (estimate)\n`);
    const series = out.filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| source')).map((l) => Number(l.split('|')[2]));
    expect(series.reduce((a, b) => a + b, 0)).toBe(estimate.total);
    expect(series).toEqual([...series].sort((a, b) => b - a));
    expect(out.join('\n')).toContain('| cluster | ');
    expect(out.at(-1)).toMatch(/^\nassumed \(cardinality settings\): nodes 3, podsPerNode 20, /);
  });

  it('--json carries every row, the assumptions and the budget', async () => {
    const { code, out } = await cardinality(['--env', 'dev', '--json']);
    const [dev] = JSON.parse(out.join('\n'));
    expect(code).toBe(0);
    expect(dev).toMatchObject({ environment: 'dev', budget: null, assumptions: { nodes: 3 } });
    expect(dev.rows.reduce((n: number, r: { series: number }) => n + r.series, 0)).toBe(dev.total);
  });

  it('exits 1 when an environment is over its budget, and says so', async () => {
    const registry = ENVIRONMENTS as Record<string, () => StackSettings>;
    registry.tight = () => settingsFrom(mergeProps(presets.dev, { name: 'tight', budget: { activeSeries: 1000 } }), 'tight');
    try {
      const { code, out } = await cardinality(['--env', 'tight']);
      expect(code).toBe(1);
      expect(out[0]).toMatch(/^## tight: \d+ active series \(estimate\); budget 1000, OVER\n$/);
    } finally {
      delete registry.tight;
    }
  });
});

describe('as a process', () => {
  it('ends quietly when its reader closes the pipe early (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'otel-lgtm.js'), 'cardinality', '--all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
