/**
 * Checks of environment settings. Each check returns problems as
 * `field: what is wrong (what is accepted)` so synthesis can stop with a message
 * that names the field instead of a stack trace.
 */

import { parseDuration, parseQuantity, unitProblems } from './units';

/** DNS-1123 label, as Kubernetes requires for namespace and object names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Thrown when settings are invalid; `problems` names each bad field. */
export class SettingsError extends Error {
  constructor(readonly environment: string, readonly problems: readonly string[]) {
    super(`invalid settings for environment '${environment}':\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Returns a problem if `value` is not a Kubernetes quantity. */
export function checkQuantity(field: string, value: string): string[] {
  return unitProblems(field, value, parseQuantity);
}

/** Returns a problem if `value` is not a Prometheus-style duration. */
export function checkDuration(field: string, value: string): string[] {
  return unitProblems(field, value, parseDuration);
}

/** Returns a problem if `value` is not an integer within [min, max]. */
export function checkInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): string[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [`${field}: ${value} is not allowed (an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`})`];
}

/** Returns a problem if `value` is not a number within [min, max]. */
export function checkNumber(field: string, value: number, min: number, max: number): string[] {
  return Number.isFinite(value) && value >= min && value <= max
    ? []
    : [`${field}: ${value} is not allowed (a number from ${min} to ${max})`];
}

/** Returns a problem if `value` is not a DNS-1123 label. */
export function checkDnsLabel(field: string, value: string): string[] {
  return value.length <= 63 && DNS_LABEL.test(value)
    ? []
    : [`${field}: '${value}' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`];
}

/** Returns a problem if `value` is not one of `allowed`. */
export function checkOneOf<T extends string>(field: string, value: string, allowed: readonly T[]): string[] {
  return (allowed as readonly string[]).includes(value) ? [] : [`${field}: '${value}' is not allowed (one of ${allowed.join(', ')})`];
}

/** Seconds of a valid Prometheus-style duration. */
export function durationSeconds(value: string): number {
  return parseDuration(value).toSeconds({ integral: false });
}

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[t.length];
}

/**
 * The candidates close to `name` (a typo, other case, or one containing the other), closest first,
 * at most `max`: what a "did you mean" line lists.
 */
export function closeNames(name: string, candidates: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 4));
  return candidates
    .map((c) => ({ c, d: c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()) ? 0.5 : editDistance(name, c) }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map(({ c }) => c);
}
