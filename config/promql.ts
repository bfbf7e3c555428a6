/**
 * PromQL as the stack reads it: the metric names a query selects (the Lezer grammar Grafana's and
 * Prometheus's own editors use), and the queries of a dashboard model. Used at synthesis by the
 * pipeline check (config/pipeline-check.ts) and by the tests.
 */
import type { LRParser } from '@lezer/lr';
import type { SyntaxNode } from '@lezer/common';
import { DATASOURCE_UIDS } from './grafana';

// The Lezer grammar package is ESM-typed; under node16 resolution a CommonJS file may only
// require() it (its "require" export is CommonJS), so it is loaded untyped and given the parser type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const promqlParser = (require('@prometheus-io/lezer-promql') as { parser: LRParser }).parser;

/** Query language of a datasource. */
export type QueryLanguage = 'promql' | 'logql' | 'traceql';

/** Language of each provisioned datasource, by uid. */
export const LANGUAGE_BY_UID: Record<string, QueryLanguage> = {
  [DATASOURCE_UIDS.prometheus]: 'promql',
  [DATASOURCE_UIDS.loki]: 'logql',
  [DATASOURCE_UIDS.tempo]: 'traceql',
};

/** One query found in a dashboard. */
export interface DashboardQuery {
  readonly language: QueryLanguage;
  readonly text: string;
  /** Human-readable location, for failure messages. */
  readonly where: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const uidOf = (v: unknown): string | undefined => (isObj(v) && typeof v.uid === 'string' ? v.uid : undefined);

/** Panels at any depth (rows may hold collapsed panels). */
function panelsOf(model: Json): Json[] {
  const top = Array.isArray(model.panels) ? model.panels.filter(isObj) : [];
  return top.flatMap((p) => [p, ...(Array.isArray(p.panels) ? p.panels.filter(isObj) : [])]);
}

/**
 * Grafana's variable-query functions are not PromQL: reduce them to the PromQL they contain
 * (`label_values(sel, label)` → `sel`, `query_result(q)` → `q`), or null when there is none.
 */
export function promqlOfVariableQuery(q: string): string | null {
  const s = q.trim();
  const labelValues = /^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)$/s.exec(s);
  if (labelValues) return labelValues[1];
  if (/^(label_values|label_names|metrics)\(/.test(s)) return null;
  const result = /^query_result\((.*)\)$/s.exec(s);
  return result ? result[1] : s;
}

/** Every query of a dashboard model: targets' `expr` (PromQL, LogQL), `query` (TraceQL), and query variables. */
export function dashboardQueries(model: object): DashboardQuery[] {
  const m = model as Json;
  const out: DashboardQuery[] = [];
  for (const panel of panelsOf(m)) {
    const targets = Array.isArray(panel.targets) ? panel.targets.filter(isObj) : [];
    for (const t of targets) {
      const language = LANGUAGE_BY_UID[uidOf(t.datasource) ?? uidOf(panel.datasource) ?? ''];
      const text = language === 'traceql' ? t.query : t.expr;
      if (language && typeof text === 'string') out.push({ language, text, where: `panel "${String(panel.title)}" target ${String(t.refId)}` });
    }
  }
  const templating = isObj(m.templating) && Array.isArray(m.templating.list) ? m.templating.list.filter(isObj) : [];
  for (const v of templating.filter((x) => x.type === 'query')) {
    const language = LANGUAGE_BY_UID[uidOf(v.datasource) ?? ''];
    const raw = isObj(v.query) ? v.query.query ?? v.query.expr : v.query;
    if (!language || typeof raw !== 'string') continue;
    const text = language === 'promql' ? promqlOfVariableQuery(raw) : raw;
    if (text !== null) out.push({ language, text, where: `variable $${String(v.name)}` });
  }
  return out;
}

/**
 * Replaces Grafana variables so the text is valid query syntax: interval macros become a
 * duration, other variables a bare word (valid both inside strings and as a label name).
 */
export function interpolate(q: string): string {
  return q
    .replace(/\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?/g, '5m')
    .replace(/\$\{([a-zA-Z_]\w*)(:[a-z]+)?\}|\$([a-zA-Z_]\w*)|\[\[([a-zA-Z_]\w*)\]\]/g, 'x');
}

const unquote = (s: string): string => s.replace(/^["'`]|["'`]$/g, '');

/**
 * Metric names a PromQL query selects: the identifier of each vector selector, a quoted bare
 * name (`{"a.b"}`), or an exact `__name__="…"` matcher. Regex name matchers are not resolved.
 */
export function metricNamesIn(promql: string): Set<string> {
  const text = interpolate(promql);
  const names = new Set<string>();
  promqlParser.parse(text).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const sel: SyntaxNode = ref.node;
      const id = sel.getChild('Identifier');
      if (id) names.add(text.slice(id.from, id.to));
      const matchers = sel.getChild('LabelMatchers');
      for (const quoted of matchers?.getChildren('QuotedLabelName') ?? []) names.add(unquote(text.slice(quoted.from, quoted.to)));
      for (const m of matchers?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = m.getChild('LabelName');
        const op = m.getChild('MatchOp')?.getChild('EqlSingle');
        const value = m.getChild('StringLiteral');
        if (label && op && value && text.slice(label.from, label.to) === '__name__') names.add(unquote(text.slice(value.from, value.to)));
      }
      return false;
    },
  });
  return names;
}

/** Each vector selector of a PromQL query as its metric name and the label names it matches on. */
export function selectorsIn(promql: string): Array<{ metric: string; labels: string[] }> {
  const text = interpolate(promql);
  const selectors: Array<{ metric: string; labels: string[] }> = [];
  promqlParser.parse(text).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const sel: SyntaxNode = ref.node;
      const id = sel.getChild('Identifier');
      const labels = (sel.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [])
        .map((m) => m.getChild('LabelName')).filter((l): l is SyntaxNode => l !== null).map((l) => text.slice(l.from, l.to));
      if (id) selectors.push({ metric: text.slice(id.from, id.to), labels });
      return false;
    },
  });
  return selectors;
}
