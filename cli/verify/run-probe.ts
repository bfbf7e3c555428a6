/**
 * One probe end to end: send it through the collector, then ask every backend until each check
 * passes, fails for good, or the deadline passes.
 */
import { Backend, Check, CheckFailure, Signal, Targets, checksFor, isFinal } from './checks';
import { fetchJson } from './http';
import { Probe, ProbeOrigin, logsRequest, metricsRequest, newProbe, traceRequest } from './probe';

/** The outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly backend: Backend;
  readonly signal?: Signal;
  readonly ok: boolean;
  /** Seconds from the probe's acceptance by the collector to the pass (or to giving up). */
  readonly seconds: number;
  /** One line naming the backend, the URL and what was expected; only on failure. */
  readonly failure?: string;
}

/** What a probe run needs. */
export interface ProbeRunOptions {
  readonly targets: Targets;
  readonly origin: ProbeOrigin;
  /** Absolute deadline, ms since the epoch. */
  readonly deadlineMs: number;
  /** Backends not asked. @default - none */
  readonly skip?: ReadonlySet<Backend>;
  /** Pause between two questions to one backend. @default 250 */
  readonly intervalMs?: number;
  /** Progress lines (a check finished; who is still awaited). @default - silent */
  readonly progress?: (line: string) => void;
}

/** The result of one probe. */
export interface ProbeRun {
  readonly probe: Probe;
  readonly results: CheckResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROGRESS_EVERY_MS = 5000;

/** Sends a fresh probe and runs every check against it. */
export async function runProbe(o: ProbeRunOptions): Promise<ProbeRun> {
  const probe = newProbe(o.origin);
  const interval = o.intervalMs ?? 250;
  const sent = await send(o.targets.collector, probe, o.deadlineMs, interval);
  const results: CheckResult[] = [sent.result];
  if (!sent.result.ok) return { probe, results };

  const checks = checksFor(o.targets, probe, o.skip);
  const pending = new Set(checks.map((c) => `${c.backend} ${c.name}`));
  const ticker = setInterval(() => o.progress?.(`waiting for: ${[...pending].join(', ')}`), PROGRESS_EVERY_MS);
  try {
    results.push(...await Promise.all(checks.map(async (check) => {
      const result = await poll(check, sent.acceptedMs, o.deadlineMs, interval);
      pending.delete(`${check.backend} ${check.name}`);
      o.progress?.(`${result.ok ? 'pass' : 'FAIL'} ${check.backend} ${check.name} (${result.seconds.toFixed(1)} s)`);
      return result;
    })));
  } finally {
    clearInterval(ticker);
  }
  return { probe, results };
}

/** Posts the three OTLP requests until the collector accepts all of them. */
async function send(collector: string, probe: Probe, deadlineMs: number, interval: number): Promise<{ result: CheckResult; acceptedMs: number }> {
  const started = Date.now();
  const bodies = [['traces', traceRequest(probe)], ['logs', logsRequest(probe)], ['metrics', metricsRequest(probe)]] as const;
  let lastError = '';
  for (;;) {
    try {
      for (const [signal, body] of bodies) await fetchJson(`${collector}/v1/${signal}`, { json: body }).then(rejectNotFound(`${collector}/v1/${signal}`));
      const acceptedMs = Date.now();
      return { acceptedMs, result: { name: 'probe accepted', backend: 'collector', ok: true, seconds: (acceptedMs - started) / 1000 } };
    } catch (error) {
      lastError = (error as Error).message;
      if (isFinal(error) || Date.now() + interval > deadlineMs) break;
      await sleep(interval);
    }
  }
  const failure = `collector ${lastError} (expected the OTLP/HTTP receiver to accept the probe's traces, logs and metrics)`;
  return { acceptedMs: Date.now(), result: { name: 'probe accepted', backend: 'collector', ok: false, seconds: (Date.now() - started) / 1000, failure } };
}

function rejectNotFound(url: string) {
  return (body: unknown) => {
    if (body === undefined) throw new CheckFailure(`${url}: HTTP 404 (no OTLP/HTTP receiver at this URL)`);
  };
}

/** Asks one check until it passes, fails for good, or the deadline passes. */
async function poll(check: Check, fromMs: number, deadlineMs: number, interval: number): Promise<CheckResult> {
  const base = { name: check.name, backend: check.backend, signal: check.signal };
  let lastError = 'not found';
  for (;;) {
    try {
      if (await check.attempt()) return { ...base, ok: true, seconds: (Date.now() - fromMs) / 1000 };
      lastError = 'not found';
    } catch (error) {
      lastError = error instanceof CheckFailure ? error.message : (error as Error).message.replace(`${check.url}: `, '');
      if (isFinal(error)) break;
    }
    if (Date.now() + interval > deadlineMs) break;
    await sleep(interval);
  }
  const failure = `${check.backend} ${check.url}: ${lastError}; expected ${check.expectation}`;
  return { ...base, ok: false, seconds: (Date.now() - fromMs) / 1000, failure };
}
