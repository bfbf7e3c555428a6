/**
 * Graceful stop on SIGTERM/SIGINT: readiness goes false, the server stops
 * accepting and lets in-flight requests finish, telemetry is flushed, then
 * the process exits 0. A second signal or the deadline forces exit 1.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Readiness } from './readiness';

/** What {@link installShutdown} coordinates. */
export interface ShutdownOptions {
  readonly app: FastifyInstance;
  readonly readiness: Readiness;
  readonly logger: Logger;
  /** Flushes telemetry after the server closed; absent for the bare app. */
  readonly flushTelemetry?: () => Promise<void>;
  /** Whole-sequence deadline; keep it under the pod's grace period. */
  readonly timeoutMs: number;
  /** Pause between readiness going false and closing the listener, so load balancers notice first. */
  readonly drainDelayMs: number;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
}

/** Signals that start the sequence. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Installs the signal handlers; returns the function they call. */
export function installShutdown(options: ShutdownOptions): (signal: string) => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const stop = (signal: string): void => {
    if (stopping) {
      options.logger.warn({ signal }, 'second stop signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    options.readiness.startDraining();
    options.logger.info({ signal }, 'stop signal received: draining');
    // unref: a finished sequence must not wait for the deadline.
    setTimeout(() => {
      options.logger.error({ timeout_ms: options.timeoutMs }, 'shutdown deadline passed: exiting now');
      exit(1);
    }, options.timeoutMs).unref();

    void (async () => {
      if (options.drainDelayMs > 0) await sleep(options.drainDelayMs);
      await options.app.close();
      options.logger.info('server closed: flushing telemetry');
      try {
        await options.flushTelemetry?.();
      } catch (err) {
        // The service stopped cleanly; a backend that is down loses this last
        // batch (already logged by the SDK) but is no reason to exit non-zero.
        options.logger.warn({ err }, 'telemetry flush failed');
      }
    })().then(
      () => exit(0),
      (err: unknown) => {
        options.logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };

  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  return stop;
}
