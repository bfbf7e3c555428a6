/**
 * The service's logger: pino writing one JSON object per line to stdout, for
 * `kubectl logs` and any node-level log collector.
 *
 * Trace correlation and OTLP export are not done here: when telemetry is
 * preloaded, `@opentelemetry/instrumentation-pino` wraps `pino()` so each line
 * gains `trace_id`/`span_id`/`trace_flags` and is also emitted as an OTel log
 * record. Without telemetry (the bare app) the same code logs plain JSON.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { ConfigError } from './env';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino level name accepted by `LOG_LEVEL`. */
export type LogLevel = (typeof LEVELS)[number];

/** Validates a `LOG_LEVEL` value; absent means `info`. */
export function parseLogLevel(raw: string | undefined): LogLevel {
  const level = (raw ?? '').trim().toLowerCase() || 'info';
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return level as LogLevel;
}

/** pino options shared by every logger of the service. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    // ISO timestamps read well in `kubectl logs`; Loki keeps its own ingest time.
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // "level":"info" rather than 30: what a human and a LogQL filter expect.
      level: (label) => ({ level: label }),
    },
  };
}

/** Creates the JSON logger (stdout unless a destination is given). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
