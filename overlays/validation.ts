/**
 * Checks of environment settings. Each check returns problems as
 * `field: what is wrong (what is accepted)` so synthesis can stop with a message
 * that names the field instead of a stack trace.
 */

/** Kubernetes resource quantity: a decimal number with an optional binary/decimal suffix or exponent. */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Prometheus/Loki duration: one or more `<int><unit>` with units y w d h m s ms, largest first. */
const DURATION = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

/** DNS-1123 label, as Kubernetes requires for namespace and object names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001,
};

/** Thrown when settings are invalid; `problems` names each bad field. */
export class SettingsError extends Error {
  constructor(readonly environment: string, readonly problems: readonly string[]) {
    super(`invalid settings for environment '${environment}':\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Returns a problem if `value` is not a Kubernetes quantity. */
export function checkQuantity(field: string, value: string): string[] {
  return QUANTITY.test(value)
    ? []
    : [`${field}: '${value}' is not a Kubernetes quantity (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, Ti; e.g. 250m, 512Mi, 10Gi)`];
}

/** Returns a problem if `value` is not a Prometheus-style duration. */
export function checkDuration(field: string, value: string): string[] {
  return value !== '' && DURATION.test(value)
    ? []
    : [`${field}: '${value}' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)`];
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

/** Converts a valid Prometheus-style duration to seconds. */
export function durationSeconds(value: string): number {
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * UNIT_SECONDS[unit];
  return total;
}

/** Converts a valid Kubernetes quantity to its base unit (cores for CPU, bytes for memory). */
export function quantityValue(value: string): number {
  const match = QUANTITY.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const number = Number(match[1]);
  const suffix = match[3] ?? '';
  const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const decimal: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  if (suffix in binary) return number * binary[suffix];
  if (suffix in decimal) return number * decimal[suffix];
  return number * 10 ** Number(suffix.slice(1));
}
