/**
 * How Prometheus 3's OTLP receiver names OTel metrics, for the translation this stack configures
 * (config/prometheus.ts sets it explicitly): the one place rules, dashboards, the pipeline check and
 * the tests derive Prometheus names from OTel names, units and instruments.
 */

/** The OTLP translation strategy Prometheus is configured with (`otlp.translation_strategy`). */
export const OTLP_TRANSLATION = 'UnderscoreEscapingWithSuffixes';
/** Strategies Prometheus 3 accepts; only the configured one is modelled here. */
export type OtlpTranslationStrategy = 'UnderscoreEscapingWithSuffixes' | 'UnderscoreEscapingWithoutSuffixes' | 'NoUTF8EscapingWithSuffixes' | 'NoTranslation';

/** Prometheus-relevant OTel metric kinds (an up-down counter is a non-monotonic sum → gauge). */
export type OtelMetricType = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

// Unit words of Prometheus's OTLP translation (github.com/prometheus/otlptranslator, unit_to_words.go).
const UNIT_WORDS: Record<string, string> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', TiBy: 'tibibytes',
  KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes', TBy: 'terabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams', Cel: 'celsius', Hz: 'hertz', '%': 'percent', '1': '',
};
const PER_UNIT_WORDS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

/**
 * Prometheus name of an OTLP metric under Prometheus 3's UnderscoreEscapingWithSuffixes translation
 * (github.com/prometheus/otlptranslator): invalid characters split the name into `_`-joined words;
 * the unit becomes a suffix unless the name already has that word (`{annotations}` are dropped,
 * `a/b` → `a_per_b`); unit `1` on a gauge → `_ratio`; counters end in `_total`. Histograms get their
 * `_bucket/_sum/_count` from {@link seriesNames}.
 */
export function prometheusName(name: string, unit: string, type: OtelMetricType): string {
  const words = name.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
  const add = (w: string): void => { if (w && !words.includes(w)) words.push(w); };
  const [main = '', per = ''] = unit.replace(/\{[^}]*\}/g, '').split('/').map((u) => u.trim());
  add(UNIT_WORDS[main] ?? main);
  if (per) add(`per_${PER_UNIT_WORDS[per] ?? per}`);
  if (type === 'gauge' && unit === '1') add('ratio');
  if (type === 'counter') {
    // `total` always goes last, even if the OTel name already contains it.
    const rest = words.filter((w) => w !== 'total');
    words.splice(0, words.length, ...rest, 'total');
  }
  const joined = words.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** The series names Prometheus stores for one metric (a histogram is three series). */
export function seriesNames(name: string, unit: string, type: OtelMetricType): string[] {
  const base = prometheusName(name, unit, type);
  return type === 'histogram' ? [`${base}_bucket`, `${base}_sum`, `${base}_count`] : [base];
}

/** The label an OTel attribute becomes (dots and other invalid characters → `_`). */
export function prometheusLabel(attribute: string): string {
  const label = attribute.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(label) ? `key_${label}` : label;
}
