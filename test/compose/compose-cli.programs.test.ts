import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { composeOutput, writeCompose } from '../../infra/compose/output';
import { ENVIRONMENTS } from '../../overlays';

/** Debian unstable's docker-compose (Compose v2), unpacked by scripts/install-test-tools.sh (npm test's pretest). */
const DOCKER_COMPOSE = join(__dirname, '..', '..', '.tools', 'docker-compose', 'usr', 'libexec', 'docker', 'cli-plugins', 'docker-compose');
const haveCompose = existsSync(DOCKER_COMPOSE);

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-compose-'));
let written: Awaited<ReturnType<typeof cli>>;
beforeAll(async () => {
  written = await cli(['compose', '--env', 'dev', '--smoke', '--outdir', work]);
});
const dev = join(work, 'dev');

test('writes compose.yaml, the smoke override and the config files', () => {
  expect(written).toEqual({ code: 0, out: [`wrote ${dev}`], err: [] });
  expect(readdirSync(dev).sort()).toEqual(['alertmanager', 'compose.smoke.yaml', 'compose.yaml', 'grafana', 'loki', 'otel-collector', 'prometheus', 'secrets', 'tempo']);
});

test('secrets: one 0600 env file per service that reads them, the same password for Grafana and verify, kept on the next run', async () => {
  const env = (service: string) => readFileSync(join(dev, 'secrets', `${service}.env`), 'utf8');
  for (const service of ['grafana', 'verify']) expect(statSync(join(dev, 'secrets', `${service}.env`)).mode & 0o777).toBe(0o600);
  const password = /GF_SECURITY_ADMIN_PASSWORD=(.+)/.exec(env('grafana'))![1];
  expect(password).toMatch(/^[\w-]{24}$/);
  expect(env('verify')).toContain(`VERIFY_GRAFANA_PASSWORD=${password}`);
  expect(readFileSync(join(dev, 'compose.yaml'), 'utf8') + readFileSync(join(dev, 'compose.smoke.yaml'), 'utf8')).not.toContain(password);
  expect(readFileSync(join(dev, 'secrets', '.gitignore'), 'utf8')).toBe('*\n');
  // Re-running keeps the values (Grafana keeps the password it stored on first start) and drops the smoke file.
  expect((await cli(['compose', '--env', 'dev', '--outdir', work])).code).toBe(0);
  expect(env('grafana')).toContain(`GF_SECURITY_ADMIN_PASSWORD=${password}`);
  expect(existsSync(join(dev, 'compose.smoke.yaml'))).toBe(false);
  expect((await cli(['compose', '--env', 'dev', '--smoke', '--outdir', work])).code).toBe(0);
});

(haveCompose ? test : test.skip)(`docker-compose config (Debian's Compose v2) accepts compose.yaml, the smoke override and a dev with named volumes${haveCompose ? '' : ' — SKIPPED: .tools/docker-compose missing (apt unavailable? run bash scripts/install-test-tools.sh docker-compose)'}`, () => {
  const config = (...files: string[]) => execFileSync(DOCKER_COMPOSE, [...files.flatMap((f) => ['-f', f]), 'config', '--format', 'json'], { cwd: dev, encoding: 'utf8', stdio: 'pipe' });
  const base = JSON.parse(config('compose.yaml'));
  expect(Object.keys(base.services)).toHaveLength(8);
  const smoke = JSON.parse(config('compose.yaml', 'compose.smoke.yaml'));
  // verify waits for every other service; the env file is resolved into its environment by Compose itself.
  expect(Object.keys(smoke.services.verify.depends_on).sort()).toEqual(Object.keys(base.services).sort());
  expect(smoke.services.verify.environment.VERIFY_GRAFANA_PASSWORD).toBe(smoke.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD);
  // Every published port listens on 127.0.0.1 only.
  for (const s of Object.values<any>(base.services)) for (const p of s.ports ?? []) expect(p.host_ip).toBe('127.0.0.1');
  // The other shape the command writes: a dev with persistence, whose claims are top-level named volumes.
  const persistent = Object.assign(ENVIRONMENTS.dev(), { persistence: { ...ENVIRONMENTS.dev().persistence, enabled: true } }).validate();
  const { files, secrets } = composeOutput(persistent);
  const dir = writeCompose(join(work, 'dev-persistent'), files, secrets);
  const volumes = JSON.parse(execFileSync(DOCKER_COMPOSE, ['config', '--format', 'json'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' })).volumes;
  expect(Object.keys(volumes)).toContain('tempo-data');
});

test('bad input is one line', async () => {
  expect(await cli(['compose'])).toEqual({ code: 2, out: [], err: ["compose: --env is required (e.g. --env dev; see 'otel-lgtm compose --help')"] });
  expect((await cli(['compose', '--env', 'nope'])).err).toHaveLength(1);
  // What Compose cannot express is named, not half-translated.
  expect(await cli(['compose', '--env', 'prod', '--outdir', work])).toEqual({ code: 1, out: [], err: ["compose: alertmanager: environment from field 'status.podIP' has no Compose equivalent"] });
  expect(existsSync(join(work, 'prod'))).toBe(false);
});
