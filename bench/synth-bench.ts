/**
 * `npm run bench:synth`: synthesis of every environment against its peer, `kubectl kustomize`
 * rendering the same output as one kustomization per environment, side by side in one run,
 * interleaved, medians over the rounds. npm's own start-up and node's are reported beside.
 * kubectl: $KUBECTL, else `kubectl` on PATH, else .e2e-bin/kubectl (unpacked from ../shared/bin).
 * Also one LgtmStack against two in one consumer app (from the built package: run `npm run build` first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { toYaml } from '../config/yaml';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function kubectl(): string {
  const candidates = [process.env.KUBECTL, ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'kubectl')), join(ROOT, '.e2e-bin', 'kubectl')];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) {
    console.error('bench:synth: kubectl not found: install Debian\'s `kubectl` package, set KUBECTL, or `bash ../shared/bin/unpack.sh .e2e-bin`');
    process.exit(1);
  }
  return found;
}

/** Wall time of one run of a command, in ms; throws when it fails. */
function time(command: string, args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const kubectlPath = kubectl();
  const envs = readdirSync(join(ROOT, 'dist')).sort();
  const out = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  // Bundle once (the launcher does it when sources changed) so every round measures synthesis.
  execFileSync(process.execPath, ['scripts/otel-lgtm.js', 'synth', '--outdir', join(out, 'warm')], { cwd: ROOT });
  // The peer: one kustomization per environment over the very manifests we synthesize.
  const kdirs = envs.map((env) => {
    const kdir = join(out, `kustomize-${env}`);
    cpSync(join(ROOT, 'dist', env), kdir, { recursive: true });
    writeFileSync(join(kdir, 'kustomization.yaml'), toYaml({ resources: readdirSync(join(ROOT, 'dist', env)).sort() }));
    return kdir;
  });
  const runs: Record<string, () => number> = {
    'node start-up (node -e "")': () => time(process.execPath, ['-e', '']),
    'otel-lgtm synth, all environments (launcher: node scripts/otel-lgtm.js synth)': () => time(process.execPath, ['scripts/otel-lgtm.js', 'synth', '--outdir', join(out, 'synth')]),
    [`kubectl kustomize, one run per environment (${envs.length})`]: () => kdirs.reduce((sum, d) => sum + time(kubectlPath, ['kustomize', d]), 0),
    'npm start-up (npm run --silent noop)': () => time('npm', ['run', '--silent', 'env', '--', 'true']),
    'one LgtmStack in a consumer app (node bench/stacks.js 1)': () => time(process.execPath, ['bench/stacks.js', '1']),
    'two LgtmStacks in one consumer app (node bench/stacks.js 2)': () => time(process.execPath, ['bench/stacks.js', '2']),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(runs)) {
      const ms = run();
      if (round > 0) samples[name].push(ms); // round 0 warms the page cache
    }
  }
  rmSync(out, { recursive: true, force: true });
  const [nodeStart, synth, kustomize, npmStart, oneStack, twoStacks] = Object.keys(runs).map((k) => median(samples[k]));
  console.log(`| command | median of ${ROUNDS} (ms) |`);
  console.log('|---|---|');
  for (const name of Object.keys(runs)) console.log(`| ${name} | ${median(samples[name]).toFixed(0)} |`);
  console.log(`\nsynth / kustomize: ${(synth / kustomize).toFixed(2)}x (target <= 2x); node start-up ${nodeStart.toFixed(0)} ms, npm start-up ${npmStart.toFixed(0)} ms, not counted`);
  console.log(`two stacks / one stack: ${(twoStacks / oneStack).toFixed(2)}x (target <= 1.5x)`);
}

main();
