/**
 * `npm run loki-ha-check`: Loki's HA shape, run for real on this machine with the `loki` binary
 * (E2E_BIN_DIR or PATH; not part of `npm test`).
 *
 * 1. `loki -verify-config` on prod's generated config and on prod's with GCS and Azure storage, each
 *    with its container's own arguments (`npm run e2e` checks every environment's as shipped).
 * 2. Prod's generated ring config, rewritten only where a pod differs from a process here
 *    (scripts/loki-ha/local-ring.ts: loopback addresses 127.0.0.11…, a ring instance id per
 *    process, a folder per replica, and one shared local folder standing in for the bucket), run as
 *    one process per replica of prod's StatefulSet.
 * 3. Numbered lines pushed round-robin; one replica `kill -9`ed; pushes go on to the others (as the
 *    Service would route them) with queries in between; finally every replica left is asked for
 *    every line. It fails unless every push was accepted, every query answered with every line
 *    accepted before it, and no line was lost or returned twice.
 *
 * Bounded by `--deadline` (seconds); every process it starts goes through e2e's process registry
 * and guard, so each is stopped by PID on every way out (the end, an error, a signal, the deadline).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { environmentObjects } from '../infra/synth';
import { presets } from '../overlays';
import { mergeProps } from '../settings';
import { settingsFrom } from '../settings/props';
import type { ObjectStorageSettings } from '../settings/schema';
import { objectsOf, readOutput } from './e2e/manifests';
import { findProgram } from './e2e/binaries';
import { During, guardRun } from './e2e/guard';
import { exitWithin, waitReady } from './e2e/processes';
import { ProcessRegistry } from './e2e/registry';
import { LOCALLY_REWRITTEN, localRing } from './loki-ha/local-ring';
import { PushResult, QueryResult, push, queryLines } from './loki-ha/traffic';
import { argsWithConfig, lokiOf, verifyLokiConfig } from './loki-ha/verify-configs';

const ROOT = join(__dirname, '..');
const log = (line: string) => console.log(`loki-ha-check: ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LINES_PER_PUSH = 10;
const PUSH_INTERVAL_MS = 100;

/** Prod with the other object store kinds, to verify their configs too (not shipped, so not in dist/). */
const VARIANTS: Record<string, ObjectStorageSettings> = {
  'prod+gcs': { kind: 'gcs', buckets: { traces: 'acme-traces', logs: 'acme-logs' }, credentialsSecret: 'gcs-key' },
  'prod+azure': { kind: 'azure', accountName: 'acmeobs', buckets: { traces: 'traces', logs: 'logs' }, credentialsSecret: 'azure-key' },
};

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    deadline: { type: 'string', default: '240' }, kill: { type: 'string', default: '2' },
    before: { type: 'string', default: '5' }, after: { type: 'string', default: '10' }, keep: { type: 'boolean', default: false },
  } });
  const loki = findProgram('loki');
  if (!loki) throw new Error('no loki binary in E2E_BIN_DIR or on PATH (bash ../shared/bin/unpack.sh .e2e-bin, then E2E_BIN_DIR=.e2e-bin)');
  const work = mkdtempSync(join(tmpdir(), 'loki-ha-check-'));
  const processes = new ProcessRegistry();
  const guard = guardRun(processes, {
    deadlineSeconds: Number(values.deadline), graceMs: 20000,
    log: (line) => console.error(`${line.replace(/^e2e: /, 'loki-ha-check: ')} (logs in ${work})`),
  });
  try {
    let ok = await verifyConfigs(loki, work, processes);
    ok = (await runRing(loki, work, processes, guard.during, {
      kill: Number(values.kill), beforeMs: Number(values.before) * 1000, afterMs: Number(values.after) * 1000,
    })) && ok;
    log(ok ? 'PASS' : 'FAIL');
    if (ok && !values.keep) rmSync(work, { recursive: true, force: true });
    else log(`logs and data in ${work}`);
    return ok ? 0 : 1;
  } finally {
    await guard.finish();
  }
}

/** Step 1: prod's config and prod's on the other object store kinds through `loki -verify-config`. */
async function verifyConfigs(loki: string, work: string, processes: ProcessRegistry): Promise<boolean> {
  const outputs: Record<string, ReturnType<typeof objectsOf>> = { prod: objectsOf(readOutput(join(ROOT, 'dist', 'prod'))) };
  for (const [label, objectStorage] of Object.entries(VARIANTS)) {
    outputs[label] = environmentObjects(settingsFrom(mergeProps(presets.prod, { objectStorage }), 'prod').validate()) as never;
  }
  let ok = true;
  for (const [label, objects] of Object.entries(outputs)) {
    const result = await verifyLokiConfig(loki, label, objects, work, processes);
    log(`loki -verify-config ${result.line}`);
    ok &&= result.ok;
  }
  return ok;
}

interface RingOptions {
  /** Which replica (1-based) is killed. */
  readonly kill: number;
  readonly beforeMs: number;
  readonly afterMs: number;
}

/** Steps 2 and 3: prod's ring on this machine, one replica killed under traffic. */
async function runRing(loki: string, work: string, processes: ProcessRegistry, during: During, options: RingOptions): Promise<boolean> {
  const prod = lokiOf(objectsOf(readOutput(join(ROOT, 'dist', 'prod'))));
  const generated = parse(prod.file);
  const addresses = Array.from({ length: prod.replicas }, (_, i) => `127.0.0.${11 + i}`);
  if (options.kill < 1 || options.kill > addresses.length) throw new Error(`--kill ${options.kill}: prod has replicas 1 to ${addresses.length}`);
  const replicas = localRing(generated, addresses, work);
  log(`prod: ${prod.replicas} replicas, replication factor ${generated.common.replication_factor}; run as processes on ${addresses.join(', ')}`);
  log(`rewritten for this machine: ${LOCALLY_REWRITTEN.join(', ')} (a shared folder stands in for the bucket)`);
  mkdirSync(join(work, 'object-store'), { recursive: true });
  for (const r of replicas) {
    mkdirSync(r.dir, { recursive: true });
    writeFileSync(join(r.dir, 'loki.yaml'), stringify(r.config));
  }
  const base = (address: string) => `http://${address}:${generated.server.http_listen_port}`;
  const t0 = Date.now();
  const running = replicas.map((r) => processes.start(r.name, loki, argsWithConfig(prod.args, join(r.dir, 'loki.yaml')), {}, work, r.dir));
  await during(`${replicas.length} Loki replicas ready`, Promise.all(running.map((p, i) => waitReady(p, `${base(replicas[i].address)}/ready`, 120000))));
  log(`all ${replicas.length} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const run = `ha-${Date.now().toString(36)}`;
  const labels = { service_name: 'loki-ha-check', run };
  const selector = `{service_name="loki-ha-check", run="${run}"}`;
  const started = Date.now();
  const pushes: PushResult[] = [];
  const queries: Array<QueryResult & { expected: number }> = [];
  let sequence = 0;
  const accepted = () => pushes.filter((p) => p.status === 204).reduce((n, p) => n + p.lines.length, 0);
  const pushFor = async (ms: number, targets: typeof replicas, queryEvery?: number) => {
    const until = Date.now() + ms;
    for (let i = 0; Date.now() < until; i++) {
      const r = targets[i % targets.length];
      const lines = Array.from({ length: LINES_PER_PUSH }, () => `line ${String(++sequence).padStart(6, '0')} of ${run}`);
      pushes.push(await push(r.name, base(r.address), labels, lines));
      if (queryEvery && i % queryEvery === queryEvery - 1) {
        const q = targets[(i / queryEvery) % targets.length | 0];
        const expected = accepted();
        queries.push({ ...await queryLines(q.name, base(q.address), selector, started), expected });
      }
      await sleep(PUSH_INTERVAL_MS);
    }
  };

  await during('pushes before the kill', pushFor(options.beforeMs, replicas));
  const before = pushes.length;
  const victim = running[options.kill - 1];
  victim.child.kill('SIGKILL');
  if (!(await exitWithin(victim, 5000))) throw new Error(`${victim.name} (pid ${victim.child.pid}) did not exit on SIGKILL within 5 s`);
  log(`kill -9 ${victim.name} (pid ${victim.child.pid}) after ${before} pushes`);
  const survivors = replicas.filter((_, i) => i !== options.kill - 1);
  await during('pushes and queries after the kill', pushFor(options.afterMs, survivors, 5));
  const finals = await during('the final queries', Promise.all(survivors.map((r) => queryLines(r.name, base(r.address), selector, started))));

  const total = accepted();
  const refused = pushes.filter((p) => p.status !== 204);
  log(`pushes: ${pushes.length} of ${LINES_PER_PUSH} lines (${before} before the kill, ${pushes.length - before} after, to ${survivors.map((r) => r.name).join(' and ')}); `
    + `accepted ${pushes.length - refused.length}, refused ${refused.length}${refused.length ? ` (${[...new Set(refused.map((p) => `${p.replica}: ${p.status}`))].join(', ')})` : ''}`);
  const answered = queries.filter((q) => q.status === 200 && new Set(q.lines).size >= q.expected);
  log(`queries during the outage: ${answered.length} of ${queries.length} answered with every line accepted before them`
    + `${queries.length > answered.length ? ` (short: ${queries.filter((q) => !answered.includes(q)).map((q) => `${q.replica} ${q.status} ${new Set(q.lines).size}/${q.expected}`).join(', ')})` : ''}`);
  let ok = refused.length === 0 && answered.length === queries.length && queries.length > 0;
  const sent = new Set(pushes.filter((p) => p.status === 204).flatMap((p) => p.lines));
  for (const f of finals) {
    const found = new Set(f.lines);
    const lost = [...sent].filter((l) => !found.has(l)).length;
    const duplicates = f.lines.length - found.size;
    log(`final query on ${f.replica}: status ${f.status}, ${found.size} of ${total} accepted lines, ${lost} lost, ${duplicates} returned twice`);
    ok &&= f.status === 200 && lost === 0 && duplicates === 0;
  }
  return ok;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => {
    console.error(`loki-ha-check: ${error.message.split('\n')[0]}`);
    process.exitCode = 1;
  });
}
