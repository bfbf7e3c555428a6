/**
 * Load generator: `node app/build/loadgen.js [flags]` (also `npm run loadgen -- …`).
 *
 * Sends a bounded, rate-limited mix of `/`, `/work?ms=…` and `/error` to the
 * service with autocannon, then prints one JSON summary line per round.
 * Rounds=0 runs bounded rounds back to back until SIGTERM/SIGINT, which ends
 * the current round early (for a Deployment that must not exit by itself).
 * Invalid settings exit 2.
 */
import autocannon from 'autocannon';
import { ConfigError } from './env';
import { readLoadgenSettings, USAGE, type LoadgenSettings } from './loadgen-config';
import { pickPath, type Random } from './loadgen-mix';

/** What one round achieved; printed as one JSON line. */
export interface RoundSummary {
  readonly round: number;
  readonly target: string;
  readonly durationSeconds: number;
  /** Responses received. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Responses per HTTP status code. */
  readonly statusCounts: Record<string, number>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number };
}

/** Connections enough to hold `rate` even when every request is a slowest `/work`. */
export function connectionsFor(settings: LoadgenSettings): number {
  const needed = Math.ceil(settings.rate * (settings.maxWorkMs / 1000 + 0.25));
  const bounded = Math.min(1000, Math.max(1, needed));
  return settings.requests > 0 ? Math.min(bounded, settings.requests) : bounded;
}

/** Condenses an autocannon result. */
export function summarize(round: number, target: string, result: autocannon.Result): RoundSummary {
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = Number(stat.count);
  const requests = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    round,
    target,
    durationSeconds: result.duration,
    requests,
    requestsPerSecond: result.duration > 0 ? Math.round((requests / result.duration) * 10) / 10 : 0,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
  };
}

/** Runs one round; `stop` is handed a function that ends it early. */
export function runRound(
  settings: LoadgenSettings,
  onStarted: (stop: () => void) => void = () => {},
  random: Random = Math.random,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: settings.targetUrl,
        connections: connectionsFor(settings),
        overallRate: settings.rate,
        ...(settings.requests > 0 ? { amount: settings.requests } : { duration: settings.durationSeconds }),
        timeout: Math.ceil(settings.maxWorkMs / 1000) + 10,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: pickPath(settings, random) }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    onStarted(() => instance.stop());
  });
}

/** Runs the configured rounds, printing each summary; resolves when done or stopped. */
export async function runLoad(
  settings: LoadgenSettings,
  print: (summary: RoundSummary) => void,
  stopSignal: AbortSignal,
): Promise<RoundSummary[]> {
  const summaries: RoundSummary[] = [];
  for (let round = 1; settings.rounds === 0 || round <= settings.rounds; round++) {
    if (stopSignal.aborted) break;
    const result = await runRound(settings, (stop) => {
      if (stopSignal.aborted) stop();
      else stopSignal.addEventListener('abort', stop, { once: true });
    });
    const summary = summarize(round, settings.targetUrl, result);
    summaries.push(summary);
    print(summary);
  }
  return summaries;
}

async function main(): Promise<void> {
  let settings: LoadgenSettings | 'help';
  try {
    settings = readLoadgenSettings(process.env, process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`loadgen: ${err.message}\n`);
    process.exit(2);
  }
  if (settings === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      // A second signal means "now".
      if (controller.signal.aborted) process.exit(1);
      controller.abort();
    });
  }
  process.stdout.write(JSON.stringify({ msg: 'loadgen starting', ...settings }) + '\n');
  await runLoad(settings, (s) => process.stdout.write(JSON.stringify({ msg: 'round finished', ...s }) + '\n'), controller.signal);
  process.exit(0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`loadgen: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
