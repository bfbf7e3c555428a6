import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main';
import { diffManifests, type ManifestObject } from '../cli/manifest-diff';

async function diff(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['diff', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const deployment = (replicas: number, memory: string, extra: Record<string, unknown> = {}): ManifestObject => ({
  kind: 'Deployment',
  metadata: { name: 'tempo', namespace: 'obs' },
  spec: { replicas, template: { spec: { containers: [{ name: 'tempo', resources: { limits: { memory } }, ...extra }] } } },
});

describe('diffManifests', () => {
  it('names the object and the field, matching containers by name', () => {
    expect(diffManifests([deployment(1, '512Mi')], [deployment(2, '4Gi')])).toEqual([
      'Deployment obs/tempo: spec.replicas: 1 → 2',
      'Deployment obs/tempo: pod.containers[tempo].resources.limits.memory: 512Mi → 4Gi',
    ]);
  });

  it('compares config files inside ConfigMaps as parsed YAML, field by field', () => {
    const config = (timeout: string): ManifestObject => ({
      kind: 'ConfigMap', metadata: { name: 'c', namespace: 'obs' },
      data: { 'config.yaml': `processors:\n  batch:\n    timeout: ${timeout}\n    send_batch_size: 8192\n` },
    });
    expect(diffManifests([config('5s')], [config('1s')])).toEqual(['ConfigMap obs/c: data["config.yaml"].processors.batch.timeout: 5s → 1s']);
  });

  it('lists objects only on one side, and what was added to or removed from a list', () => {
    const ns = (name: string): ManifestObject => ({ kind: 'Namespace', metadata: { name } });
    expect(diffManifests([ns('a'), deployment(1, '1Gi', { args: ['--x', '--y'] })], [ns('b'), deployment(1, '1Gi', { args: ['--x', '--z'] })])).toEqual([
      '- Namespace a',
      "Deployment obs/tempo: pod.containers[tempo].args: removed --y; added --z",
      '+ Namespace b',
    ]);
  });

  it('is empty for equal input', () => {
    expect(diffManifests([deployment(1, '1Gi')], [deployment(1, '1Gi')])).toEqual([]);
  });
});

describe('otel-lgtm diff', () => {
  it('between two environments: exit 1 and per-field lines', async () => {
    const { code, out, err } = await diff(['dev', 'prod']);
    expect(code).toBe(1);
    expect(out).toContain('StatefulSet observability/tempo: pod.containers[tempo].resources.limits.memory: 512Mi → 2Gi');
    expect(out).toContain('ConfigMap observability/loki-config: data["loki.yaml"].limits_config.retention_period: 24h → 168h');
    expect(err).toEqual([`diff: dev → prod: ${out.length} differences`]);
  });

  it('an environment against the committed dist/: exit 0 when current, 1 with the change when not', async () => {
    expect((await diff(['staging'])).code).toBe(0);
    const dist = mkdtempSync(join(tmpdir(), 'diff-dist-'));
    cpSync(join(__dirname, '..', 'dist', 'staging'), join(dist, 'staging'), { recursive: true });
    const file = join(dist, 'staging', readdirSync(join(dist, 'staging')).find((f) => f.includes('loki'))!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('retention_period: 72h', 'retention_period: 96h'));
    const { code, out } = await diff(['staging', '--dist', dist]);
    expect(code).toBe(1);
    expect(out).toEqual(['ConfigMap observability/loki-config: data["loki.yaml"].limits_config.retention_period: 96h → 72h']);
  });

  it('exit 2 when the committed folder is missing', async () => {
    const { code, err } = await diff(['prod', '--dist', join(tmpdir(), 'no-such-dist')]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^diff: .*no-such-dist\/prod does not exist/);
  });
});
