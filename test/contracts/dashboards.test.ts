/**
 * Dashboards contract: every query parses in its datasource's language, every datasource uid
 * is a provisioned one, no removed (Angular) panel type, unique dashboard uids.
 */
import { DATASOURCE_UIDS } from '../../config/grafana';
import { provisionedDashboards } from '../support/synth';
import { dashboardQueries, datasourceUids, logqlErrors, metricNamesIn, promqlErrors, promqlOfVariableQuery, queryErrors, traceqlErrors } from '../support/queries';

// prod's set: it has every tier (gateway and sampler); per-environment coverage is in stack-coverage.test.ts.
const dashboards = Object.entries(provisionedDashboards('prod'));
const KNOWN_UIDS = new Set<string>(Object.values(DATASOURCE_UIDS));
/** Panel types Grafana removed with Angular support. */
const REMOVED_PANEL_TYPES = new Set(['graph', 'singlestat', 'table-old', 'grafana-piechart-panel', 'grafana-worldmap-panel']);

/** Uids a model references that are not provisioned. */
const unknownUids = (model: object): string[] => [...datasourceUids(model)].filter((u) => !KNOWN_UIDS.has(u));

type Panel = { type?: string; title?: string; panels?: Panel[] };
const panelTypes = (model: object): string[] =>
  ((model as { panels?: Panel[] }).panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]).map((p) => String(p.type));

describe.each(dashboards)('%s', (_file, model) => {
  const queries = dashboardQueries(model);

  it('has queries in every language it uses, and each parses', () => {
    expect(queries.length).toBeGreaterThan(0);
    const failures = queries.map((q) => ({ where: q.where, text: q.text, errors: queryErrors(q) })).filter((f) => f.errors.length);
    expect(failures).toEqual([]);
  });

  it('references only provisioned datasource uids', () => {
    expect(unknownUids(model)).toEqual([]);
  });

  it('uses no removed panel type', () => {
    expect(panelTypes(model).filter((t) => REMOVED_PANEL_TYPES.has(t))).toEqual([]);
  });
});

describe('all dashboards', () => {
  it('have distinct, fixed uids and titles', () => {
    const uids = dashboards.map(([, m]) => (m as { uid?: string }).uid);
    expect(uids.every((u) => typeof u === 'string' && u.length > 0 && u.length <= 40)).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('Service RED covers PromQL, LogQL and TraceQL, with exemplars on latency and a $service variable', () => {
    const model = provisionedDashboards('prod')['service-red.json'];
    const langs = new Set(dashboardQueries(model).map((q) => q.language));
    expect([...langs].sort()).toEqual(['logql', 'promql', 'traceql']);
    const json = JSON.stringify(model);
    expect(json).toContain('"exemplar":true');
    expect(dashboardQueries(model).some((q) => q.language === 'logql' && q.text === '{service_name="$service"}')).toBe(true);
    expect(dashboardQueries(model).some((q) => q.where === 'variable $service')).toBe(true);
  });
});

describe('liveness panels', () => {
  it('ask for `up` only of scraped stack jobs, never of a service that pushes its metrics (it has no up series)', () => {
    const upQueries = dashboards.flatMap(([, model]) => dashboardQueries(model)).map((q) => q.text).filter((t) => /\bup\{/.test(t));
    expect(upQueries.length).toBeGreaterThan(0);
    for (const q of upQueries) expect(q).toMatch(/up\{job="[a-z-]+"\}/);
    const red = JSON.stringify(dashboardQueries(dashboards.find(([file]) => file === 'service-red.json')![1]));
    expect(red).toContain('count(target_info{');
  });
});

describe('the checks themselves', () => {
  it('report a misspelt PromQL query', () => {
    expect(promqlErrors('rate(foo[5m]')).not.toEqual([]);
    expect(promqlErrors('sum by (le) (rate(foo_bucket{job="x"}[$__rate_interval]))')).toEqual([]);
  });

  it('report broken LogQL and TraceQL', () => {
    expect(logqlErrors('{service_name="x"')).not.toEqual([]);
    expect(logqlErrors('{service_name="$service"} |= "error"')).toEqual([]);
    expect(traceqlErrors('{ resource.service.name = ')).not.toEqual([]);
    expect(traceqlErrors('{ duration > 1s }')).toEqual([]);
  });

  it('report an unknown datasource uid, wherever it is', () => {
    const model = {
      panels: [{ type: 'timeseries', datasource: { type: 'prometheus', uid: 'prometheus' }, targets: [{ datasource: { uid: 'P1809F7CD0C75ACF3' }, expr: 'up' }] }],
      templating: { list: [{ type: 'query', name: 'v', datasource: 'mimir', query: 'up' }] },
    };
    expect(unknownUids(model).sort()).toEqual(['P1809F7CD0C75ACF3', 'mimir']);
  });

  it('report a removed panel type', () => {
    expect(panelTypes({ panels: [{ type: 'row', panels: [{ type: 'graph' }] }] }).filter((t) => REMOVED_PANEL_TYPES.has(t))).toEqual(['graph']);
  });

  it('reduce Grafana variable functions to their PromQL', () => {
    expect(promqlOfVariableQuery('label_values(traces_span_metrics_calls_total{job="x"}, service_name)')).toBe('traces_span_metrics_calls_total{job="x"}');
    expect(promqlOfVariableQuery('label_values(job)')).toBeNull();
    expect(promqlOfVariableQuery('query_result(topk(5, up))')).toBe('topk(5, up)');
  });

  it('find metric names in selectors, quoted names and __name__ matchers', () => {
    const q = 'sum(rate(a_total[5m])) / on() b + {__name__="c"} + {"d.e", job="x"} + {__name__=~"ignored.*"}';
    expect([...metricNamesIn(q)].sort()).toEqual(['a_total', 'b', 'c', 'd.e']);
  });
});
