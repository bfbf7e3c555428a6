/**
 * Queries of dashboard models, by language, and checks on them: syntax via the Lezer grammars
 * Grafana's own editors use, and the metric names a PromQL query reads. The PromQL part is the
 * library's (config/promql.ts, which the pipeline check uses at synthesis); LogQL and TraceQL are
 * read only here.
 */
import type { LRParser } from '@lezer/lr';
import { DashboardQuery, interpolate, metricNamesIn, promqlParser } from '../../config/promql';

export type { DashboardQuery, QueryLanguage } from '../../config/promql';
export {
  LANGUAGE_BY_UID, dashboardQueries, interpolate, metricNamesIn, promqlOfVariableQuery, selectorsIn,
} from '../../config/promql';

// The Lezer grammar packages are ESM-typed; under node16 resolution a CommonJS file may only
// require() them (their "require" export is CommonJS), so they are loaded untyped and given the parser type.
/* eslint-disable @typescript-eslint/no-require-imports */
const logqlParser = (require('@grafana/lezer-logql') as { parser: LRParser }).parser;
const traceqlParser = (require('@grafana/lezer-traceql') as { parser: LRParser }).parser;
/* eslint-enable @typescript-eslint/no-require-imports */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const uidOf = (v: unknown): string | undefined => (isObj(v) && typeof v.uid === 'string' ? v.uid : undefined);

/** Every datasource uid referenced anywhere in the model (panels, targets, variables, annotations). */
export function datasourceUids(model: object): Set<string> {
  const uids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'datasource') {
          const uid = typeof child === 'string' ? child : uidOf(child);
          if (uid) uids.add(uid);
        }
        walk(child);
      }
    }
  };
  walk(model);
  return uids;
}

/** Syntax errors (offset and the text there) Lezer reports for `q` after interpolation. */
function lezerErrors(parser: LRParser, q: string): string[] {
  const text = interpolate(q);
  if (text.trim() === '') return ['empty query'];
  const errors: string[] = [];
  parser.parse(text).iterate({
    enter: (n) => {
      if (n.type.isError) errors.push(`syntax error at ${n.from}: ${JSON.stringify(text.slice(Math.max(0, n.from - 10), n.from + 10))}`);
    },
  });
  return errors;
}

/** PromQL syntax errors of `q` (empty when it parses). */
export const promqlErrors = (q: string): string[] => lezerErrors(promqlParser, q);
/** LogQL syntax errors of `q` (empty when it parses). */
export const logqlErrors = (q: string): string[] => lezerErrors(logqlParser, q);
/** TraceQL syntax errors of `q` (empty when it parses). */
export const traceqlErrors = (q: string): string[] => lezerErrors(traceqlParser, q);

/** Syntax errors of a query in its language. */
export function queryErrors(q: DashboardQuery): string[] {
  return { promql: promqlErrors, logql: logqlErrors, traceql: traceqlErrors }[q.language](q.text);
}

/**
 * Metric names the PromQL `queries` select that are not in `catalog`, sorted and deduplicated.
 * Apply it to recording/alerting rules too: pass their `expr`s and `emittedMetricNames()`
 * (plus the rules' own `record` names).
 */
export function unknownMetrics(queries: readonly string[], catalog: ReadonlySet<string>): string[] {
  const used = new Set(queries.flatMap((q) => [...metricNamesIn(q)]));
  return [...used].filter((n) => !catalog.has(n)).sort();
}
