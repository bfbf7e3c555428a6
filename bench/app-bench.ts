/**
 * `npm run bench`: the cost of this service's telemetry next to the bare app
 * and next to the zero-code setup a user would pick instead (bench/app-variants.ts),
 * in one run: every round starts each variant in turn (order rotated per
 * round, so drift hits all alike), warms it up, drives `GET /` and
 * `GET /work?ms=0` with autocannon at the same load, and reads its RSS after
 * the load. All variants export to one OTLP/HTTP sink in its own process.
 * Figures are medians over rounds.
 *
 * Settings (integers): BENCH_DURATION (s per route and round, default 5),
 * BENCH_WARMUP (s per route and round, default 2), BENCH_CONNECTIONS (50),
 * BENCH_ROUNDS (3); BENCH_VARIANTS (comma list of names, default all);
 * BENCH_CPU_PROF=DIR writes a V8 CPU profile per server process into DIR.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { ConfigError, parseIntSetting } from '../app/src/env';
import { VARIANTS, type Variant } from './app-variants';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
const ROUTES = ['/', '/work?ms=0'] as const;
type Route = (typeof ROUTES)[number];

/** Targets of issue 12, checked on the printed figures. */
const TARGETS = { oursOverPeerAdded: 0.5, prodOverBareWork: 0.6 };

interface Settings {
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  variants: Variant[];
  cpuProfDir?: string;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const names = env.BENCH_VARIANTS?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names?.filter((n) => !VARIANTS.some((v) => v.name === n)) ?? [];
  if (unknown.length > 0) {
    throw new ConfigError(`BENCH_VARIANTS must list names among ${VARIANTS.map((v) => v.name).join(', ')} (got ${unknown.join(', ')})`);
  }
  const variants = names ? VARIANTS.filter((v) => names.includes(v.name)) : [...VARIANTS];
  if (!variants.some((v) => v.name === 'bare')) variants.unshift(VARIANTS[0]!);
  return {
    duration: parseIntSetting('BENCH_DURATION', env.BENCH_DURATION, { min: 1, max: 600, default: 5 }),
    warmup: parseIntSetting('BENCH_WARMUP', env.BENCH_WARMUP, { min: 0, max: 600, default: 2 }),
    connections: parseIntSetting('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, { min: 1, max: 1000, default: 50 }),
    rounds: parseIntSetting('BENCH_ROUNDS', env.BENCH_ROUNDS, { min: 1, max: 100, default: 3 }),
    variants,
    ...(env.BENCH_CPU_PROF ? { cpuProfDir: path.resolve(env.BENCH_CPU_PROF) } : {}),
  };
}

/** Starts a process and resolves with the first stdout JSON line matching `ready`. */
function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => boolean,
): Promise<{ child: ChildProcess; line: Record<string, unknown> }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let partial = '';
    const onData = (chunk: string): void => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const text of lines) {
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (ready(line)) {
          // Keep draining stdout (SDK warnings) so the child never blocks on a full pipe.
          child.stdout!.off('data', onData).resume();
          resolve({ child, line });
          return;
        }
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${String(code)} before it was ready`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function load(url: string, connections: number, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process used so far, in µs (Linux /proc). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/** Resident set size of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Sample {
  rps: number;
  p99: number;
  /** Server CPU time per request (µs): immune to other processes taking the cores, unlike req/s. */
  cpu: number;
  failures: number;
}

interface Run {
  routes: Record<Route, Sample>;
  rss: number;
  /** Spans the SDK reported dropping (full export queue). */
  droppedSpans: number;
}

async function measure(variant: Variant, endpoint: string, s: Settings, round: number): Promise<Run> {
  const profArgs = s.cpuProfDir
    ? ['--cpu-prof', `--cpu-prof-dir=${s.cpuProfDir}`, `--cpu-prof-name=${variant.name.replace(':', '-')}-r${round}.cpuprofile`]
    : [];
  const { child, line } = await startProcess(
    [...profArgs, ...variant.nodeArgs, 'app/build/server.js'],
    { NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, ...variant.env },
    (l) => l.msg === 'listening',
  );
  const base = `http://127.0.0.1:${String(line.port)}`;
  // Both SDKs report drops on stdout: ours as JSON, the peer's diag logger as plain text.
  let droppedSpans = 0;
  child.stdout!.on('data', (chunk: string) => {
    for (const m of chunk.matchAll(/Dropped (\d+) spans/g)) droppedSpans += Number(m[1]);
  });
  try {
    const routes = {} as Record<Route, Sample>;
    for (const route of ROUTES) {
      if (s.warmup > 0) await load(base + route, s.connections, s.warmup);
      const cpuBefore = cpuMicros(child.pid!);
      const r = await load(base + route, s.connections, s.duration);
      const cpu = (cpuMicros(child.pid!) - cpuBefore) / Math.max(1, r.requests.total);
      routes[route] = { rps: r.requests.average, p99: r.latency.p99, cpu, failures: r.non2xx + r.errors + r.timeouts };
    }
    return { routes, rss: rssMiB(child.pid!), droppedSpans };
  } finally {
    await stop(child);
  }
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  let s: Settings;
  try {
    s = readSettings(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`bench: ${err.message}\n`);
    process.exit(2);
  }
  const perRun = ROUTES.length * (s.warmup + s.duration) + 1;
  process.stderr.write(`bench: ${s.variants.length} variants × ${s.rounds} rounds, about ${Math.round((perRun * s.variants.length * s.rounds) / 60)} min\n`);

  const sink = await startProcess(['--import', 'tsx', 'bench/otlp-sink.ts'], {}, (l) => typeof l.port === 'number');
  const endpoint = `http://127.0.0.1:${String(sink.line.port)}`;
  const runs = new Map<string, Run[]>(s.variants.map((v) => [v.name, []]));
  try {
    for (let round = 0; round < s.rounds; round++) {
      const order = s.variants.map((_, i) => s.variants[(i + round) % s.variants.length]!);
      for (const variant of order) {
        const run = await measure(variant, endpoint, s, round + 1);
        runs.get(variant.name)!.push(run);
        process.stderr.write(`round ${round + 1} ${variant.name.padEnd(12)} ` +
          ROUTES.map((r) => `${r} ${fmt(run.routes[r].rps)} req/s p99 ${run.routes[r].p99} ms cpu ${fmt(run.routes[r].cpu, 1)} µs/req`).join(', ') +
          `, rss ${fmt(run.rss)} MiB, dropped spans ${run.droppedSpans}\n`);
      }
    }
  } finally {
    const stats = await fetch(`${endpoint}/stats`).then((r) => r.json()).catch(() => ({}));
    process.stderr.write(`sink received: ${JSON.stringify(stats)}\n`);
    await stop(sink.child);
  }
  report(s, runs);
}

function report(s: Settings, runs: Map<string, Run[]>): void {
  const med = (name: string, route: Route, key: 'rps' | 'p99' | 'cpu'): number =>
    median((runs.get(name) ?? []).map((r) => r.routes[route][key]));
  const rss = (name: string): number => median((runs.get(name) ?? []).map((r) => r.rss));
  // Costs come from server CPU time per request: req/s on this shared 2-core machine also
  // measures whatever else runs, CPU µs per request does not.
  const added = (name: string, route: Route): number => med(name, route, 'cpu') - med('bare', route, 'cpu');
  const capacity = (name: string, route: Route): number => med('bare', route, 'cpu') / med(name, route, 'cpu');
  const has = (name: string): boolean => runs.has(name);

  const rows = s.variants.flatMap((v) =>
    ROUTES.map((route) => ({
      variant: v.name,
      route: `GET ${route}`,
      'req/s': Math.round(med(v.name, route, 'rps')),
      'p99 ms': med(v.name, route, 'p99'),
      'CPU µs/req': Number(fmt(med(v.name, route, 'cpu'), 1)),
      'added µs': v.name === 'bare' ? 0 : Number(fmt(added(v.name, route), 1)),
      'ours/peer added': has('peer') && v.name.startsWith('ours') ? Number(added(v.name, route) / added('peer', route)).toFixed(2) : '',
      'capacity /bare': Number(capacity(v.name, route).toFixed(2)),
      'req/s /bare': Number((med(v.name, route, 'rps') / med('bare', route, 'rps')).toFixed(2)),
      'RSS MiB': Number(fmt(rss(v.name), 1)),
      'dropped spans': (runs.get(v.name) ?? []).reduce((n, r) => n + r.droppedSpans, 0),
      failures: (runs.get(v.name) ?? []).reduce((n, r) => n + r.routes[route].failures, 0),
    })),
  );
  console.log(`autocannon -c ${s.connections}, ${s.duration} s per route after ${s.warmup} s warm-up, ` +
    `median of ${s.rounds} rounds, Node ${process.version}. CPU µs/req: server CPU time (user+system) / requests; ` +
    'added µs: over bare; capacity /bare: bare CPU/req over this one (req/s on a core of its own); ' +
    'req/s /bare: the same from wall-clock req/s (skewed by other load on the machine).');
  for (const v of s.variants) console.log(`  ${v.name.padEnd(12)} ${v.label}`);
  console.table(rows);

  const checks: string[] = [];
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  for (const route of ROUTES) {
    if (has('peer') && has('ours')) {
      const ratio = added('ours', route) / added('peer', route);
      checks.push(`ours/peer added cost, GET ${route}: ${ratio.toFixed(2)} (target ≤ ${TARGETS.oursOverPeerAdded}) ${verdict(ratio <= TARGETS.oursOverPeerAdded)}`);
    }
  }
  if (has('ours:prod')) {
    const ratio = capacity('ours:prod', '/work?ms=0');
    const wall = med('ours:prod', '/work?ms=0', 'rps') / med('bare', '/work?ms=0', 'rps');
    checks.push(`ours at prod sampling / bare, GET /work?ms=0: capacity ${ratio.toFixed(2)}, wall-clock req/s ${wall.toFixed(2)} ` +
      `(target ≥ ${TARGETS.prodOverBareWork}) ${verdict(ratio >= TARGETS.prodOverBareWork)}`);
  }
  if (has('peer') && has('ours')) {
    checks.push(`RSS after load, ours vs peer: ${fmt(rss('ours'), 1)} vs ${fmt(rss('peer'), 1)} MiB (target ≤ peer) ${verdict(rss('ours') <= rss('peer'))}`);
  }
  for (const c of checks) console.log(c);
  console.log(JSON.stringify({ bench: 'app', rows, checks }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
