/**
 * `npm run bench:instrument`: what injecting the Node.js SDK costs a plain service, side by side:
 * the plain HTTP service (scripts/e2e/plain-service.js, no OpenTelemetry) bare; with the NODE_OPTIONS
 * `--require` of the SDK the pinned auto-instrumentation image carries (what `instrument(…, {
 * autoInstrument: 'nodejs' })` injects, env from the synthesized manifest); and with the peer a user
 * would pick instead, `--require @opentelemetry/auto-instrumentations-node/register` (this project's
 * devDependency). Start-up: spawn → first answered request; RSS after 200 requests. Runs interleaved,
 * medians and ratios to the bare service. Exports go to an in-process OTLP sink answering 200.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { injectedExample, podEnvironment, prepareNodeSdk } from '../scripts/e2e/auto-instrumented';
import { ProcessRegistry } from '../scripts/e2e/registry';
import { freePorts } from '../scripts/e2e/ports';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const REQUESTS = 200;

const rssMib = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function measure(env: Record<string, string>): Promise<{ startMs: number; rss: number }> {
  const [port] = await freePorts(1);
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['scripts/e2e/plain-service.js'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env, PORT: String(port) }, stdio: 'ignore' });
  try {
    let startMs = 0;
    for (let i = 0; i < 1000 && startMs === 0; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (ok) startMs = Number(process.hrtime.bigint() - t0) / 1e6;
      else await new Promise((r) => setTimeout(r, 5));
    }
    if (startMs === 0) throw new Error('the service did not answer within 5 s');
    for (let i = 0; i < REQUESTS; i++) await fetch(`http://127.0.0.1:${port}/r/${i}`);
    return { startMs, rss: rssMib(child.pid!) };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const sink = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkAddress = `127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const processes = new ProcessRegistry();
  const container = injectedExample();
  const sdk = await prepareNodeSdk(join(ROOT, '.e2e-autoinstrumentation', 'nodejs'), processes);
  // The collector's address as the manifest names it, pointed at the sink instead.
  const collector = new URL(container.env.find((v) => v.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')!.value!).host;
  const injectedEnv = podEnvironment(container, sdk, { [collector]: sinkAddress });
  const { NODE_OPTIONS: _, ...sdkEnv } = injectedEnv;
  const variants: Record<string, Record<string, string>> = {
    bare: {},
    injected: injectedEnv,
    peer: { ...sdkEnv, NODE_OPTIONS: '--require @opentelemetry/auto-instrumentations-node/register' },
  };
  const results: Record<string, { startMs: number[]; rss: number[] }> = Object.fromEntries(Object.keys(variants).map((k) => [k, { startMs: [], rss: [] }]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, env] of Object.entries(variants)) {
      const m = await measure(env);
      results[name].startMs.push(m.startMs);
      results[name].rss.push(m.rss);
    }
  }
  sink.close();
  const base = { start: median(results.bare.startMs), rss: median(results.bare.rss) };
  console.log(`Node ${process.version}, ${RUNS} interleaved runs each, medians; ratio to the bare service`);
  console.log('| variant | start-up to first answer | RSS after 200 requests |');
  console.log('|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    const start = median(r.startMs);
    const rss = median(r.rss);
    console.log(`| ${name} | ${start.toFixed(0)} ms (×${(start / base.start).toFixed(2)}) | ${rss.toFixed(1)} MiB (×${(rss / base.rss).toFixed(2)}) |`);
  }
}

main().catch((e) => {
  console.error(`bench:instrument: ${(e as Error).message}`);
  process.exit(1);
});
