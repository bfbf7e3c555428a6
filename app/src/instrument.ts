/**
 * Preload entry point: `node --require ./app/build/instrument.js app/build/server.js`.
 * Starts telemetry before the app's modules load, then hands its shutdown to
 * the server.
 */
import { setTelemetryShutdown } from './handle';
import { startTelemetry } from './telemetry';

setTelemetryShutdown(startTelemetry().shutdown);
