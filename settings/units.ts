/**
 * The one parser of durations and quantities in settings: Prometheus-style durations (`15d`,
 * `48h`, `1h30m`) become cdk8s `Duration`s, Kubernetes quantities (`250m`, `512Mi`) numbers, and
 * memory quantities cdk8s `Size`s. Bad text gets one line naming what is accepted.
 */
import { Duration, Size } from 'cdk8s';

/** Prometheus/Loki duration: `<int><unit>` terms with units y w d h m s ms, largest first. */
const DURATION = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;
const MILLIS: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Kubernetes resource quantity: a decimal number with an optional binary/decimal suffix or exponent. */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** What a duration looks like, for error messages. */
export const DURATION_FORMAT = 'integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m';
/** What a quantity looks like, for error messages. */
export const QUANTITY_FORMAT = 'a number with an optional suffix m, k, M, G, Ki, Mi, Gi, Ti; e.g. 250m, 512Mi, 10Gi';

/** Text that is not a duration or quantity; the message names the value and the accepted form. */
export class UnitError extends Error {}

/** A Prometheus-style duration as a cdk8s Duration; throws UnitError otherwise. */
export function parseDuration(text: string): Duration {
  if (text === '' || !DURATION.test(text)) throw new UnitError(`'${text}' is not a duration (${DURATION_FORMAT})`);
  let millis = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) millis += Number(amount) * MILLIS[unit];
  return Duration.millis(millis);
}

/**
 * The same span in Go's `time.Duration` notation, which has no day unit (Tempo and the collector
 * parse `168h`, not `7d`): whole hours, minutes or seconds where exact, else milliseconds.
 */
export function goDuration(duration: Duration): `${number}${'h' | 'm' | 's' | 'ms'}` {
  const millis = duration.toMilliseconds();
  if (millis % 3_600_000 === 0) return `${millis / 3_600_000}h`;
  if (millis % 60_000 === 0) return `${millis / 60_000}m`;
  if (millis % 1000 === 0) return `${millis / 1000}s`;
  return `${millis}ms`;
}

/** A Kubernetes quantity in its base unit (cores for CPU, bytes for memory); throws UnitError otherwise. */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text);
  if (!match) throw new UnitError(`'${text}' is not a Kubernetes quantity (${QUANTITY_FORMAT})`);
  const suffix = match[3] ?? '';
  const scale = BINARY[suffix] ?? DECIMAL[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number(match[1]) * scale;
}

/** A memory or storage quantity as a cdk8s Size (whole kibibytes). */
export function parseMemory(text: string): Size {
  return Size.kibibytes(Math.floor(parseQuantity(text) / 1024));
}

/** Problems with one field holding text of this kind: empty when it parses. */
export function unitProblems(field: string, text: string, parse: (text: string) => unknown): string[] {
  try {
    parse(text);
    return [];
  } catch (error) {
    if (error instanceof UnitError) return [`${field}: ${error.message}`];
    throw error;
  }
}

/**
 * The same span in Prometheus's notation (its `--storage.tsdb.retention.time` flag): the largest
 * unit of d, h, m, s, ms that divides it exactly (`15d`, `36h`).
 */
export function promDuration(duration: Duration): `${number}${'d' | 'h' | 'm' | 's' | 'ms'}` {
  const millis = duration.toMilliseconds();
  if (millis % 86_400_000 === 0) return `${millis / 86_400_000}d`;
  return goDuration(duration);
}

/** A cdk8s Size as a Kubernetes quantity: whole Gi, else whole Mi, else Ki (`50Gi`, `512Mi`). */
export function sizeQuantity(size: Size): `${number}${'Gi' | 'Mi' | 'Ki'}` {
  const kib = size.toKibibytes();
  if (kib % (1024 * 1024) === 0) return `${kib / (1024 * 1024)}Gi`;
  if (kib % 1024 === 0) return `${kib / 1024}Mi`;
  return `${kib}Ki`;
}
