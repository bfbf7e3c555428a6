import { AlertingRule, RuleFile } from '../../../config/rules';
import { ExpectedAlert, InputSeries } from '../../support/promtool';

/** One stretch of a counter: `perMinute` added every minute for `minutes` minutes. */
export type Phase = [perMinute: number, minutes: number];

/**
 * A counter sampled every minute through the given phases, in promtool's expanding notation.
 * `0+5x2 15+10x1` reads 0, 5, 10, 15, 25: each phase continues where the previous one ended.
 */
export function counter(...phases: Phase[]): string {
  const parts = ['0'];
  let value = 0;
  for (const [perMinute, minutes] of phases) {
    parts.push(`${value + perMinute}+${perMinute}x${minutes - 1}`);
    value += perMinute * minutes;
  }
  return parts.join(' ');
}

/** A gauge holding `value` for `minutes` minutes (then absent). */
export function gauge(value: number, minutes: number): string {
  return `${value}x${minutes}`;
}

/** `name{a="b", …}` */
export function series(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

const SERVER = { span_kind: 'SPAN_KIND_SERVER' };

/** Span-metrics call counters of one service: successful (UNSET) and failed (ERROR) server spans. */
export function calls(service: string, ok: Phase[], errors: Phase[], kind = SERVER.span_kind): InputSeries[] {
  const base = { service_name: service, span_name: 'GET /checkout', span_kind: kind };
  return [
    { series: series('traces_span_metrics_calls_total', { ...base, status_code: 'STATUS_CODE_UNSET' }), values: counter(...ok) },
    { series: series('traces_span_metrics_calls_total', { ...base, status_code: 'STATUS_CODE_ERROR' }), values: counter(...errors) },
  ];
}

/**
 * Span-metrics duration histogram of one service's server spans, per minute: `fast` spans land
 * at or under `le` (the SLO threshold bucket), `total` is the count. Also writes a 0.25 bucket
 * (empty) and +Inf so histogram_quantile has a full histogram.
 */
export function durations(service: string, fast: Phase[], total: Phase[], le = '0.5'): InputSeries[] {
  const base = { service_name: service, span_name: 'GET /checkout', ...SERVER, status_code: 'STATUS_CODE_UNSET' };
  const bucket = (bound: string, values: string) => ({ series: series('traces_span_metrics_duration_seconds_bucket', { ...base, le: bound }), values });
  return [
    bucket('0.25', counter(...fast.map(([, m]): Phase => [0, m]))),
    bucket(le, counter(...fast)),
    bucket('+Inf', counter(...total)),
    { series: series('traces_span_metrics_duration_seconds_count', base), values: counter(...total) },
  ];
}

/** Renders the `{{ $labels.x }}` placeholders of a rule's annotations the way Prometheus would. */
function render(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/**
 * The alert promtool should report: exactly `labels` (severity included, so the test pins it
 * independently of the rule), and every annotation (summary, description, runbook) of the one rule
 * with that name whose static labels agree with `labels`.
 */
export function firing(file: RuleFile, alert: string, labels: Record<string, string>): ExpectedAlert {
  const rules = file.groups
    .flatMap((g) => g.rules)
    .filter((r): r is AlertingRule => 'alert' in r && r.alert === alert)
    .filter((r) => Object.entries(r.labels).every(([k, v]) => labels[k] === v));
  if (rules.length !== 1) throw new Error(`expected one ${alert} rule with labels ${JSON.stringify(labels)}, found ${rules.length}`);
  const annotations = Object.fromEntries(Object.entries(rules[0].annotations).map(([k, v]) => [k, render(v, labels)]));
  return { exp_labels: labels, exp_annotations: annotations };
}
