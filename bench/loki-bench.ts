/**
 * `npm run bench:loki`: Loki ingestion with one replica against prod's three (replication factor 3),
 * side by side in one run, interleaved (1, 3, 1, 3 … for BENCH_ROUNDS rounds), on this machine.
 *
 * Both run prod's generated config through the same local rewrite as `npm run loki-ha-check`
 * (scripts/loki-ha/local-ring.ts: loopback addresses, a folder per replica, a shared folder standing in
 * for the bucket); the one-replica baseline also sets `common.replication_factor: 1` (prod's RF 3
 * needs three replicas). Load: BENCH_PUSHERS concurrent clients, each pushing batches of
 * BENCH_LINES lines of one stream of its own, round-robin over the replicas (as the `loki` Service
 * spreads them), for BENCH_SECONDS. Reported per topology: accepted lines per second, push latency
 * p50 / p99, refused pushes; then the ratios. Medians over the rounds.
 *
 * All replicas share this machine's cores, so the ratio is what replication costs on one machine
 * (every line is written three times), not what three machines would give.
 * Loki: E2E_BIN_DIR or PATH (bash ../shared/bin/unpack.sh .e2e-bin). Every process goes through
 * e2e's process registry and guard: stopped by PID on every way out, within a deadline.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { objectsOf, readOutput } from '../scripts/e2e/manifests';
import { findProgram } from '../scripts/e2e/binaries';
import { guardRun } from '../scripts/e2e/guard';
import { waitReady } from '../scripts/e2e/processes';
import { ProcessRegistry } from '../scripts/e2e/registry';
import { LokiFile, localRing } from '../scripts/loki-ha/local-ring';
import { push } from '../scripts/loki-ha/traffic';
import { argsWithConfig, lokiOf } from '../scripts/loki-ha/verify-configs';
import { percentile } from '../scripts/e2e/stats';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PUSHERS = Number(process.env.BENCH_PUSHERS ?? 8);
const LINES = Number(process.env.BENCH_LINES ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

interface Measured { linesPerSecond: number; p50: number; p99: number; refused: number }

async function runTopology(loki: string, prod: ReturnType<typeof lokiOf>, replicas: number, processes: ProcessRegistry, round: number): Promise<Measured> {
  const work = mkdtempSync(join(tmpdir(), `loki-bench-${replicas}-`));
  const generated: LokiFile = parse(prod.file);
  if (replicas === 1) generated.common = { ...generated.common, replication_factor: 1 };
  const addresses = Array.from({ length: replicas }, (_, i) => `127.0.0.${21 + i}`);
  const ring = localRing(generated, addresses, work);
  mkdirSync(join(work, 'object-store'), { recursive: true });
  for (const r of ring) {
    mkdirSync(r.dir, { recursive: true });
    writeFileSync(join(r.dir, 'loki.yaml'), stringify(r.config));
  }
  const base = (address: string) => `http://${address}:${generated.server.http_listen_port}`;
  const running = ring.map((r) => processes.start(`${r.name}-of-${replicas}`, loki, argsWithConfig(prod.args, join(r.dir, 'loki.yaml')), {}, work, r.dir));
  try {
    await Promise.all(running.map((p, i) => waitReady(p, `${base(ring[i].address)}/ready`, 120000)));
    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    const until = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(Array.from({ length: PUSHERS }, async (_, pusher) => {
      for (let i = 0; Date.now() < until; i++) {
        const target = ring[(pusher + i) % ring.length];
        const lines = Array.from({ length: LINES }, (_, n) => `round ${round} pusher ${pusher} batch ${i} line ${n} ${'x'.repeat(80)}`);
        const t0 = performance.now();
        const result = await push(target.name, base(target.address), { service_name: 'loki-bench', pusher: String(pusher) }, lines);
        latencies.push(performance.now() - t0);
        if (result.status === 204) accepted += lines.length;
        else refused++;
      }
    }));
    const elapsed = (Date.now() - started) / 1000;
    return { linesPerSecond: accepted / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), refused };
  } finally {
    await processes.stop(running);
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const loki = findProgram('loki');
  if (!loki) throw new Error('no loki binary in E2E_BIN_DIR or on PATH (bash ../shared/bin/unpack.sh .e2e-bin, then E2E_BIN_DIR=.e2e-bin)');
  const prod = lokiOf(objectsOf(readOutput(join(ROOT, 'dist', 'prod'))));
  const processes = new ProcessRegistry();
  const guard = guardRun(processes, { deadlineSeconds: ROUNDS * 2 * (SECONDS + 150), log: (line) => console.error(line.replace(/^e2e: /, 'bench:loki: ')) });
  const results: Record<1 | 3, Measured[]> = { 1: [], 3: [] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const replicas of [1, 3] as const) {
        const m = await guard.during(`round ${round}, ${replicas} replica(s)`, runTopology(loki, prod, replicas, processes, round));
        results[replicas].push(m);
        console.log(`round ${round}, ${replicas} replica(s): ${m.linesPerSecond.toFixed(0)} lines/s, push p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, refused ${m.refused}`);
      }
    }
  } finally {
    await guard.finish();
  }
  const med = (n: 1 | 3, key: keyof Measured) => median(results[n].map((m) => m[key]));
  console.log(`\n${PUSHERS} pushers × ${LINES}-line batches for ${SECONDS} s, median of ${ROUNDS} rounds, prod's Loki config:`);
  console.log('| replicas | lines/s | push p50 | push p99 | refused |\n|---|---|---|---|---|');
  for (const n of [1, 3] as const) console.log(`| ${n}${n === 3 ? ' (RF 3, prod)' : ' (RF 1)'} | ${med(n, 'linesPerSecond').toFixed(0)} | ${med(n, 'p50').toFixed(1)} ms | ${med(n, 'p99').toFixed(1)} ms | ${med(n, 'refused')} |`);
  console.log(`3 replicas / 1: throughput ×${(med(3, 'linesPerSecond') / med(1, 'linesPerSecond')).toFixed(2)}, p50 latency ×${(med(3, 'p50') / med(1, 'p50')).toFixed(2)}, p99 ×${(med(3, 'p99') / med(1, 'p99')).toFixed(2)}`);
  return 0;
}

void main().then((code) => { process.exitCode = code; }, (error: Error) => {
  console.error(`bench:loki: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
});
