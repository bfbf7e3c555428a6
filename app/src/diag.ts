/**
 * Routes the OTel SDK's own diagnostics (export failures, dropped spans) to
 * stdout as JSON lines shaped like the service's pino lines, so they reach
 * `kubectl logs` without passing through the OTel logs pipeline they report on.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

const LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** The SDK often passes an error serialized as JSON as the message: unwrap it. */
function unwrap(message: string): { msg: string; stack?: string } {
  if (!message.startsWith('{')) return { msg: message };
  try {
    const parsed = JSON.parse(message) as { message?: unknown; stack?: unknown };
    if (typeof parsed.message === 'string') {
      return { msg: parsed.message, ...(typeof parsed.stack === 'string' ? { stack: parsed.stack } : {}) };
    }
  } catch {
    // not JSON after all
  }
  return { msg: message };
}

function line(level: string, message: string, args: unknown[]): void {
  const detail = args.length === 0 ? undefined : args.map((a) => (a instanceof Error ? a.message : a));
  const head = { level, time: new Date().toISOString(), component: 'otel-sdk', ...unwrap(String(message)) };
  let text: string;
  try {
    text = JSON.stringify({ ...head, detail });
  } catch {
    text = JSON.stringify(head);
  }
  process.stdout.write(text + '\n');
}

/** A {@link DiagLogger} writing JSON lines to stdout. */
export const jsonDiagLogger: DiagLogger = {
  error: (m, ...a) => line('error', m, a),
  warn: (m, ...a) => line('warn', m, a),
  info: (m, ...a) => line('info', m, a),
  debug: (m, ...a) => line('debug', m, a),
  verbose: (m, ...a) => line('trace', m, a),
};

/**
 * Installs {@link jsonDiagLogger} at `OTEL_LOG_LEVEL` (default `warn`, which
 * includes "Dropped N spans because maxQueueSize reached").
 */
export function installDiagLogger(level = process.env.OTEL_LOG_LEVEL): void {
  const logLevel = LEVELS[(level ?? '').trim().toLowerCase()] ?? DiagLogLevel.WARN;
  diag.setLogger(jsonDiagLogger, { logLevel, suppressOverrideMessage: true });
}
