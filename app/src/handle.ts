/**
 * Hand-over of the preloaded SDK to the server's shutdown sequence. A global
 * symbol, not a module variable, so it survives being loaded by `--require`
 * and by the main module through different resolution paths.
 */
const KEY = Symbol.for('demo-app.telemetry.shutdown');

type Holder = { [KEY]?: () => Promise<void> };

/** Records how to flush and stop telemetry. */
export function setTelemetryShutdown(shutdown: () => Promise<void>): void {
  (globalThis as Holder)[KEY] = shutdown;
}

/** The recorded telemetry shutdown, or `undefined` when the app runs bare. */
export function getTelemetryShutdown(): (() => Promise<void>) | undefined {
  return (globalThis as Holder)[KEY];
}
