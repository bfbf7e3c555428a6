/**
 * Settings of the load generator, from `LOADGEN_*` environment variables
 * overridden by CLI flags. Every value is validated; a bad one is a
 * {@link ConfigError} naming the variable (or flag) and its allowed range.
 */
import { parseArgs } from 'node:util';
import { MAX_WORK_MS } from './routes';
import { ConfigError, parseIntSetting } from './env';

/** Validated load generator settings. */
export interface LoadgenSettings {
  /** Base URL of the service, e.g. http://demo-app.demo.svc:8080. */
  readonly targetUrl: string;
  /** Requests per second, all paths together. */
  readonly rate: number;
  /** Length of one round in seconds (ignored when `requests` > 0). */
  readonly durationSeconds: number;
  /** Requests per round; 0 means "run for `durationSeconds`". */
  readonly requests: number;
  /** Rounds to run; 0 means back to back until SIGTERM/SIGINT. */
  readonly rounds: number;
  /** Share of requests sent to `/error`, in percent. */
  readonly errorPercent: number;
  /** Share of requests sent to `/work?ms=…`, in percent. */
  readonly workPercent: number;
  /** Upper bound of the random `ms` of `/work` requests. */
  readonly maxWorkMs: number;
}

/** One setting: its variable, its flag and its integer bounds. */
const INT_SETTINGS = {
  rate: { env: 'LOADGEN_RATE', flag: 'rate', min: 1, max: 10_000, default: 10 },
  durationSeconds: { env: 'LOADGEN_DURATION_SECONDS', flag: 'duration', min: 1, max: 86_400, default: 30 },
  requests: { env: 'LOADGEN_REQUESTS', flag: 'requests', min: 0, max: 10_000_000, default: 0 },
  rounds: { env: 'LOADGEN_ROUNDS', flag: 'rounds', min: 0, max: 1_000_000, default: 1 },
  errorPercent: { env: 'LOADGEN_ERROR_PERCENT', flag: 'error-percent', min: 0, max: 100, default: 5 },
  workPercent: { env: 'LOADGEN_WORK_PERCENT', flag: 'work-percent', min: 0, max: 100, default: 30 },
  maxWorkMs: { env: 'LOADGEN_MAX_WORK_MS', flag: 'max-work-ms', min: 0, max: MAX_WORK_MS, default: 500 },
} as const;

type IntKey = keyof typeof INT_SETTINGS;

/** Usage text for `--help` and errors. */
export const USAGE = `usage: loadgen [--url URL] [--rate N] [--duration S] [--requests N] [--rounds N]
               [--error-percent P] [--work-percent P] [--max-work-ms MS]
Each flag overrides its variable: LOADGEN_TARGET_URL, LOADGEN_RATE, LOADGEN_DURATION_SECONDS,
LOADGEN_REQUESTS, LOADGEN_ROUNDS (0 = until SIGTERM), LOADGEN_ERROR_PERCENT, LOADGEN_WORK_PERCENT,
LOADGEN_MAX_WORK_MS.`;

function parseTargetUrl(name: string, raw: string | undefined): string {
  const text = raw?.trim() || 'http://127.0.0.1:8080';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} must be an absolute http:// or https:// URL (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http:// or https:// URL (got ${JSON.stringify(raw)})`);
  }
  // A base URL: the generator appends its own paths.
  return url.origin;
}

/**
 * Reads settings from `env` and `argv` (flags without the node/script part).
 * Returns `'help'` for `--help`.
 */
export function readLoadgenSettings(env: NodeJS.ProcessEnv, argv: string[]): LoadgenSettings | 'help' {
  const options = Object.fromEntries(
    [['url', {}], ['help', {}], ...Object.values(INT_SETTINGS).map((s) => [s.flag, {}])].map(([flag]) => [
      flag as string,
      { type: flag === 'help' ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help === true) return 'help';

  const ints = {} as Record<IntKey, number>;
  for (const key of Object.keys(INT_SETTINGS) as IntKey[]) {
    const s = INT_SETTINGS[key];
    const flagValue = values[s.flag];
    const fromFlag = typeof flagValue === 'string';
    ints[key] = parseIntSetting(fromFlag ? `--${s.flag}` : s.env, fromFlag ? flagValue : env[s.env], s);
  }
  const urlFlag = values.url;
  const targetUrl = typeof urlFlag === 'string'
    ? parseTargetUrl('--url', urlFlag)
    : parseTargetUrl('LOADGEN_TARGET_URL', env.LOADGEN_TARGET_URL);

  if (ints.errorPercent + ints.workPercent > 100) {
    throw new ConfigError(
      `LOADGEN_ERROR_PERCENT + LOADGEN_WORK_PERCENT must be at most 100 (got ${ints.errorPercent} + ${ints.workPercent})`,
    );
  }
  return { targetUrl, ...ints };
}
