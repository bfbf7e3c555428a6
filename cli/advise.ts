/**
 * `npm run advise -- --prometheus <url>`: reads the stack's own metrics from Prometheus and prints
 * recommendations in terms of the environment's settings, each with the query and value behind it.
 */
import { parseArgs } from 'node:util';
import { ENVIRONMENTS, UnknownEnvironmentError, environmentNamed } from '../overlays';
import { SettingsError } from '../settings';
import { Advice, CHECKS } from './advisor/checks';
import { memoryLimitsByJob } from './advisor/memory-limits';
import { PrometheusApi } from './advisor/prometheus';
import { CliError, CliIo, Command } from './io';

const USAGE = 'usage: otel-lgtm advise --prometheus <url> [--env <name>] [--at <time>] [--target-spans-per-second <n>] [--max-series-per-metric <n>] [--json]';

/** A reported metric name with more series than this, by default. */
export const DEFAULT_MAX_SERIES_PER_METRIC = 10_000;

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${flag}: '${text}' is not a positive number`, 2);
  return n;
}

/** `--at` as unix seconds: RFC 3339 (2026-01-01T00:20:00Z) or unix seconds. */
function evaluationTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds)) throw new CliError(`--at: '${text}' is not a time (RFC 3339 such as 2026-01-01T00:20:00Z, or unix seconds)`, 2);
  return seconds;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        prometheus: { type: 'string' },
        env: { type: 'string' },
        at: { type: 'string' },
        'target-spans-per-second': { type: 'string' },
        'max-series-per-metric': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // node:util's messages may run over several lines; the first names the option.
    throw new CliError(`${(error as Error).message.split('\n')[0]} (${USAGE})`, 2);
  }
}

function printText(io: CliIo, header: string, envName: string, advice: readonly Advice[]): void {
  io.out(header);
  if (advice.length === 0) {
    io.out(`no recommendations: ${CHECKS.length} checks found nothing to change.`);
    return;
  }
  advice.forEach((a, i) => {
    io.out('');
    io.out(`${i + 1}. ${a.setting}: ${a.recommendation}`);
    io.out(`   evidence: ${a.evidence.query}`);
    io.out(`             = ${a.evidence.value}`);
    if (a.props) io.out(`   props:    mergeProps(presets.${envName}, ${JSON.stringify(a.props)})`);
  });
}

/** The advise command: exit 0 after printing advice (or none), 1 when Prometheus or settings fail, 2 on bad arguments. */
export const run: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${USAGE}\n\nReads the stack's own metrics from Prometheus and prints what to change, in the environment's settings,\neach with the query and value behind it.`);
    return 0;
  }
  try {
    const args = parse(argv);
    if (!args.prometheus) throw new CliError(`--prometheus: required, the URL of the stack's Prometheus (${USAGE})`, 2);
    if (!/^https?:\/\/\S+$/.test(args.prometheus)) throw new CliError(`--prometheus: '${args.prometheus}' is not an http(s) URL`, 2);
    const prometheus = new PrometheusApi(args.prometheus, evaluationTime(args.at));
    const targetSpansPerSecond = positiveNumber('target-spans-per-second', args['target-spans-per-second']);
    const maxSeriesPerMetric = positiveNumber('max-series-per-metric', args['max-series-per-metric']) ?? DEFAULT_MAX_SERIES_PER_METRIC;

    // The stack stamps its environment's name on Prometheus as the external label `environment`.
    const name = args.env ?? (await prometheus.externalLabels()).environment;
    if (!name) throw new CliError(`--env: required, Prometheus has no external label 'environment' (one of ${Object.keys(ENVIRONMENTS).join(', ')})`, 2);
    const env = environmentNamed(name);

    const ctx = { prometheus, env, memoryLimits: memoryLimitsByJob(env), targetSpansPerSecond, maxSeriesPerMetric };
    const advice = (await Promise.all(CHECKS.map((check) => check(ctx)))).flat();
    const at = prometheus.at !== undefined ? new Date(prometheus.at * 1000).toISOString() : 'now';
    if (args.json) io.out(JSON.stringify({ environment: env.name, prometheus: args.prometheus, at, advice }, null, 2));
    else printText(io, `advise: environment ${env.name}, Prometheus ${args.prometheus}, at ${at}`, env.name, advice);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`advise: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UnknownEnvironmentError || error instanceof SettingsError) {
      io.err(`advise: --env: ${error.message.split('\n').join(' ')}`);
      return 2;
    }
    throw error;
  }
};
