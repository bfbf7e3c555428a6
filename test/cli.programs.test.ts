import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../cli/main';
import { CliIo } from '../cli/io';
import { ENVIRONMENTS } from '../overlays';
import { StackSettings } from '../settings';
import { objectsOf, synthesize } from './support/synth';

const root = join(__dirname, '..');
const launcher = join(root, 'scripts', 'otel-lgtm.js');

/** Runs the CLI in-process; collects what it printed. */
async function cli(argv: string[], env?: Record<string, () => StackSettings>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = env ? await withEnvironments(env, () => runCli(argv, io)) : await runCli(argv, io);
  return { code, out, err };
}

/** Temporarily adds environments to the registry the CLI reads. */
async function withEnvironments<T>(extra: Record<string, () => StackSettings>, fn: () => Promise<T>): Promise<T> {
  const registry = ENVIRONMENTS as Record<string, () => StackSettings>;
  Object.assign(registry, extra);
  try {
    return await fn();
  } finally {
    for (const name of Object.keys(extra)) delete registry[name];
  }
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('synth', () => {
  it('writes only the environment named with --env, and leaves the other folders alone', async () => {
    const outdir = tmp('synth-cli-');
    mkdirSync(join(outdir, 'dev'));
    writeFileSync(join(outdir, 'dev', 'keep.yaml'), 'kept: true\n');
    const { code, out } = await cli(['synth', '--env', 'prod', '--outdir', outdir]);
    expect(code).toBe(0);
    expect(out).toEqual([`synthesized ${join(outdir, 'prod')}`]);
    expect(readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
    expect(readdirSync(join(outdir, 'dev'))).toEqual(['keep.yaml']);
  });

  it('writes every environment by default, one line each', async () => {
    const outdir = tmp('synth-cli-');
    const { code, out } = await cli(['synth', `--outdir=${outdir}`]);
    expect(code).toBe(0);
    expect(out).toHaveLength(3);
    expect(readdirSync(outdir).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  it('stops on invalid settings with the field named, writing nothing', async () => {
    class Broken extends StackSettings {
      readonly name = 'broken';
      override readonly collectorReplicas = 0;
    }
    const outdir = tmp('synth-cli-');
    const { code, err } = await cli(['synth', '--env', 'dev', '--env', 'broken', '--outdir', outdir], { broken: () => new Broken() });
    expect(code).toBe(1);
    expect(err).toEqual(["synth: invalid settings for environment 'broken':\n  - collectorReplicas: 0 is not allowed (an integer from 1 up)"]);
    expect(readdirSync(outdir)).toEqual([]);
  });

  it('--stdout prints exactly one environment', async () => {
    const { code, out } = await cli(['synth', '--env', 'staging', '--stdout']);
    expect(code).toBe(0);
    const environments = out.join('\n').match(/deployment\.environment\.name\S*\s*value: (\w+)/g) ?? [];
    expect(new Set(environments.map((m) => m.split(' ').at(-1)))).toEqual(new Set(['staging']));
    expect((await cli(['synth', '--env', 'dev', '--env', 'prod', '--stdout'])).code).toBe(2);
  });
});

describe('every command', () => {
  it.each(['synth', 'diff', 'footprint', 'cardinality', 'verify', 'advise', 'rules'])('%s has --help', async (command) => {
    const { code, out } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^usage: otel-lgtm ${command}`));
  });

  it.each([
    [['synth', '--environment', 'dev'], 2, /^synth: Unknown option '--environment' \(see 'otel-lgtm synth --help'\)$/],
    [['synth', '--env', 'qa'], 2, /^synth: unknown environment 'qa' \(valid: dev, staging, prod\)$/],
    [['diff'], 2, /^diff: name one environment/],
    [['diff', 'dev', 'qa'], 2, /^diff: unknown environment 'qa' \(valid: dev, staging, prod\)$/],
    [['footprint', '--env', 'qa'], 2, /^footprint: unknown environment 'qa'/],
    [['deploy'], 2, /^otel-lgtm: unknown command 'deploy' \(one of synth, diff, footprint/],
    [['rules'], 2, /^rules: name the environment with --env$/],
  ])('%j fails with one line and exit %i', async (argv, exitCode, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(exitCode);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });
});

describe('rules', () => {
  it("prints exactly the rule file the environment's Prometheus loads", async () => {
    const { code, out } = await cli(['rules', '--env', 'prod']);
    expect(code).toBe(0);
    const loaded = objectsOf(synthesize('prod')).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-rules')!.data['stack.rules.yaml'];
    expect(`${out.join('\n')}\n`).toBe(loaded);
  });
});

describe('footprint', () => {
  it('prints a table with one row per environment', async () => {
    const { code, out } = await cli(['footprint', '--env', 'dev', '--env', 'prod']);
    expect(code).toBe(0);
    expect(out.slice(2).map((row) => row.split('|')[1].trim())).toEqual(['dev', 'prod']);
  });
});

describe('as a process', () => {
  it('the launcher exits 2 with one line for an unknown environment, no stack trace, nothing written', () => {
    const outdir = tmp('synth-proc-');
    const run = spawnSync(process.execPath, [launcher, 'synth', '--env', 'qa', '--outdir', outdir], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe("synth: unknown environment 'qa' (valid: dev, staging, prod)");
    expect(readdirSync(outdir)).toEqual([]);
  });

  it("cdk8s synth writes dist/ without deleting an environment it was not asked for; --stdout prints one", async () => {
    const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };
    expect(config.output.split('/')[0]).not.toBe('dist');
    // The repository's own app and output, run from another folder; only the environment is narrowed.
    // Each command gets a folder of its own (the CLI empties `output` first), so both run at once.
    const project = (committed: string[]) => {
      const cwd = tmp('cdk8s-cli-');
      writeFileSync(join(cwd, 'cdk8s.yaml'), `app: ${config.app.replace('scripts/', `${root}/scripts/`)} --env prod\noutput: ${config.output}\n`);
      for (const env of committed) {
        mkdirSync(join(cwd, 'dist', env), { recursive: true });
        writeFileSync(join(cwd, 'dist', env, 'committed.k8s.yaml'), 'kind: Namespace\n');
      }
      return cwd;
    };
    const cdk8s = (cwd: string, args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(join(root, 'node_modules', '.bin', 'cdk8s'), args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
    });
    // The --stdout run starts where the other one ends: dev committed, prod written.
    const [toDist, toStdout] = [project(['dev']), project(['dev', 'prod'])];
    const [synth, stdout] = await Promise.all([cdk8s(toDist, ['synth', '--no-check-upgrade']), cdk8s(toStdout, ['synth', '--stdout', '--no-check-upgrade'])]);

    expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(join(toDist, 'dist')).sort()).toEqual(['dev', 'prod']);
    expect(existsSync(join(toDist, 'dist', 'dev', 'committed.k8s.yaml'))).toBe(true);

    expect({ status: stdout.status, stderr: stdout.stderr }).toEqual({ status: 0, stderr: '' });
    const clusters = stdout.stdout.match(/k8s\.cluster\.name\s*\n?\s*value: (\w+)/g) ?? [];
    expect(clusters.length).toBeGreaterThan(0);
    expect(new Set(clusters.map((m) => m.split(' ').at(-1)))).toEqual(new Set(['prod']));
    expect(readdirSync(join(toStdout, 'dist')).sort()).toEqual(['dev', 'prod']);
    expect(existsSync(join(toStdout, 'dist', 'dev', 'committed.k8s.yaml'))).toBe(true);
  });
});
