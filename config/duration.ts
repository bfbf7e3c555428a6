import { durationSeconds } from '../overlays/validation';

/**
 * Converts a Prometheus-style duration (`7d`, `48h`) to Go's time.Duration notation, which has
 * no day unit (Tempo parses `168h`, not `7d`).
 */
export function goDuration(value: string): string {
  const seconds = durationSeconds(value);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Milliseconds in Go's time.Duration notation: whole seconds as `5s`, anything else as `250ms`. */
export function goDurationMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
