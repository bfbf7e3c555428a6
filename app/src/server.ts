/**
 * Service entry point: `node --require ./app/build/instrument.js app/build/server.js`
 * (instrumented) or `node app/build/server.js` (bare).
 *
 * Settings: PORT (default 8080), HOST (default 0.0.0.0), LOG_LEVEL (default
 * info), SHUTDOWN_TIMEOUT_MS (default 20000), SHUTDOWN_DRAIN_DELAY_MS
 * (default 0), WEB_ROOT (the bundled browser page; default `public` beside
 * the compiled app). A bad value exits 2 with a message naming it.
 */
import { buildApp } from './app';
import { ConfigError, parseIntSetting } from './env';
import { getTelemetryShutdown } from './handle';
import { createLogger, parseLogLevel } from './logger';
import { Readiness } from './readiness';
import { installShutdown } from './shutdown';

/** Validated server settings. */
export interface ServerSettings {
  readonly port: number;
  readonly host: string;
  readonly logLevel: ReturnType<typeof parseLogLevel>;
  readonly shutdownTimeoutMs: number;
  readonly drainDelayMs: number;
  /** Folder of the bundled browser page; undefined: the app's default. */
  readonly webRoot: string | undefined;
}

/** Reads {@link ServerSettings} from the environment; throws {@link ConfigError}. */
export function readServerSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    // 0 asks the OS for a free port (tests); the chosen one is logged.
    port: parseIntSetting('PORT', env.PORT, { min: 0, max: 65535, default: 8080 }),
    host: env.HOST?.trim() || '0.0.0.0',
    logLevel: parseLogLevel(env.LOG_LEVEL),
    shutdownTimeoutMs: parseIntSetting('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, { min: 100, max: 600_000, default: 20_000 }),
    drainDelayMs: parseIntSetting('SHUTDOWN_DRAIN_DELAY_MS', env.SHUTDOWN_DRAIN_DELAY_MS, { min: 0, max: 300_000, default: 0 }),
    webRoot: env.WEB_ROOT?.trim() || undefined,
  };
}

async function main(): Promise<void> {
  let settings: ServerSettings;
  try {
    settings = readServerSettings();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`demo-app: ${err.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(settings.logLevel);
  const readiness = new Readiness();
  const app = buildApp({ logger, readiness, ...(settings.webRoot ? { webRoot: settings.webRoot } : {}) });
  installShutdown({
    app,
    readiness,
    logger,
    flushTelemetry: getTelemetryShutdown(),
    timeoutMs: settings.shutdownTimeoutMs,
    drainDelayMs: settings.drainDelayMs,
  });
  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  logger.info({ port, host: settings.host, telemetry: getTelemetryShutdown() !== undefined }, 'listening');
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-app: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
