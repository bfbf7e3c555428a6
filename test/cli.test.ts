import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthContext, runSynth } from '../main';
import { ENVIRONMENTS, Environment } from '../overlays';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function context(environments = ENVIRONMENTS): SynthContext & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { outdir: mkdtempSync(join(tmpdir(), 'synth-cli-')), environments, log: (l) => lines.push(l), error: (l) => errors.push(l), lines, errors };
}

describe('synth command', () => {
  it('writes only the environment named with --env', () => {
    const ctx = context();
    expect(runSynth(['--env', 'prod'], ctx)).toBe(0);
    expect(readdirSync(ctx.outdir)).toEqual(['prod']);
  });

  it('writes every environment by default', () => {
    const ctx = context();
    expect(runSynth([], ctx)).toBe(0);
    expect(readdirSync(ctx.outdir).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  it('stops on invalid settings with the field named, writing nothing', () => {
    class Broken extends Environment {
      readonly name = 'broken';
      override readonly collectorReplicas = 0;
    }
    const ctx = context({ ...ENVIRONMENTS, broken: () => new Broken() });
    expect(runSynth(['--env', 'dev', '--env', 'broken'], ctx)).toBe(1);
    expect(ctx.errors).toEqual(["synth: invalid settings for environment 'broken':\n  - collectorReplicas: 0 is not allowed (an integer from 1 up)"]);
    expect(readdirSync(ctx.outdir)).toEqual([]);
  });

  it('rejects arguments it does not know', () => {
    const ctx = context();
    expect(runSynth(['--environment', 'dev'], ctx)).toBe(2);
    expect(ctx.errors[0]).toMatch(/^synth: unexpected argument '--environment'/);
  });

  it('as a process: exits 1 with the valid names for an unknown environment, and no stack trace', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'synth-proc-'));
    const run = spawnSync(tsx, ['main.ts', '--env', 'qa'], { cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("synth: unknown environment 'qa' (valid: dev, staging, prod)");
    expect(existsSync(join(outdir, 'qa'))).toBe(false);
  });

  it('as a process: `--env=dev` writes dist/dev into CDK8S_OUTDIR', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'synth-proc-'));
    const stdout = execFileSync(tsx, ['main.ts', '--env=dev'], { cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
    expect(stdout.trim()).toBe(`synthesized ${join(outdir, 'dev')}`);
    expect(readdirSync(join(outdir, 'dev'))[0]).toBe('0000-namespaces.k8s.yaml');
  });
});
