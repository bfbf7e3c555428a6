/**
 * `npm run bench:app`: requests/s and latency of `GET /` and `GET /work?ms=0`
 * for the bare app and the instrumented app (the same build, with and without
 * the telemetry preload), measured in one run with autocannon on 127.0.0.1,
 * and printed as the instrumented/bare ratio.
 *
 * The instrumented app exports over OTLP/HTTP to a sink in this process that
 * accepts and discards, so export work (serialization, HTTP) is real.
 * Settings: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3),
 * BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 2; the best round of
 * each variant counts, which filters out noise from other processes).
 * Any OTEL_* variable set when running the bench is passed to the
 * instrumented app (e.g. OTEL_TRACES_SAMPLER to compare sampling settings).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

const ROOT = path.resolve(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ROUTES = ['/', '/work?ms=0'] as const;
type Variant = 'bare' | 'instrumented';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** An OTLP/HTTP endpoint that reads every body and answers 200. */
async function startSink(): Promise<{ endpoint: string; bytes: () => number; close: () => Promise<void> }> {
  let bytes = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => bytes,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

async function startServer(variant: Variant, endpoint: string): Promise<{ child: ChildProcess; base: string }> {
  const args = variant === 'instrumented' ? ['--require', './app/build/instrument.js', 'app/build/server.js'] : ['app/build/server.js'];
  const otelEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OTEL_')));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      ...otelEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(buffered);
      if (match) {
        buffered = '';
        resolve({ child, base: `http://127.0.0.1:${match[1]}` });
      } else if (buffered.length > 1e6) buffered = buffered.slice(-1e4);
    });
    child.on('exit', (code) => reject(new Error(`${variant} server exited with ${String(code)}`)));
  });
}

function load(url: string, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function measure(variant: Variant, endpoint: string): Promise<Record<string, Figures>> {
  const { child, base } = await startServer(variant, endpoint);
  const out: Record<string, Figures> = {};
  try {
    for (const route of ROUTES) {
      await load(base + route, WARMUP);
      const r = await load(base + route, DURATION);
      out[route] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
    }
  } finally {
    await stop(child);
  }
  return out;
}

async function main(): Promise<void> {
  const sink = await startSink();
  const best: Record<Variant, Record<string, Figures>> = { bare: {}, instrumented: {} };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so drift (thermal, other load) hits both variants.
      const order: Variant[] = round % 2 === 1 ? ['bare', 'instrumented'] : ['instrumented', 'bare'];
      for (const variant of order) {
        const figures = await measure(variant, sink.endpoint);
        for (const [route, f] of Object.entries(figures)) {
          if (!best[variant][route] || f.rps > best[variant][route]!.rps) best[variant][route] = f;
        }
        process.stderr.write(`round ${round} ${variant}: ${JSON.stringify(figures)}\n`);
      }
    }
  } finally {
    await sink.close();
  }

  const rows = ROUTES.map((route) => {
    const bare = best.bare[route]!;
    const inst = best.instrumented[route]!;
    return {
      route: `GET ${route}`,
      'bare req/s': Math.round(bare.rps),
      'instr req/s': Math.round(inst.rps),
      'ratio instr/bare': Number((inst.rps / bare.rps).toFixed(3)),
      'bare p50/p99 ms': `${bare.p50}/${bare.p99}`,
      'instr p50/p99 ms': `${inst.p50}/${inst.p99}`,
      'non-2xx+errors': bare.non2xx + bare.errors + inst.non2xx + inst.errors,
    };
  });
  console.log(`autocannon -c ${CONNECTIONS} -d ${DURATION}s (warm-up ${WARMUP}s), best of ${ROUNDS} rounds, ` +
    `Node ${process.version}; OTLP bytes received by the sink: ${sink.bytes()}`);
  console.table(rows);
  console.log(JSON.stringify({ bench: 'app', rows }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
