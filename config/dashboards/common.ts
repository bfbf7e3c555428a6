/**
 * Shared pieces of the dashboards: datasource references with the fixed uids, query builders
 * that always carry their datasource, and the finishing pass that numbers panels and targets.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import { DATASOURCE_UIDS } from '../grafana';

/** Datasource references by the provisioned uids (never by name: names are display text). */
export const DS = {
  prometheus: { type: 'prometheus', uid: DATASOURCE_UIDS.prometheus },
  loki: { type: 'loki', uid: DATASOURCE_UIDS.loki },
  tempo: { type: 'tempo', uid: DATASOURCE_UIDS.tempo },
} as const satisfies Record<keyof typeof DATASOURCE_UIDS, common.DataSourceRef>;

/** Rate window: Grafana sizes it to the scrape interval, so rates never come out empty. */
export const RATE = '$__rate_interval';

/** A PromQL target; `exemplar` asks Prometheus for exemplars (trace links) along with samples. */
export function promQuery(expr: string, legend: string, opts: { exemplar?: boolean; instant?: boolean } = {}): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder().datasource(DS.prometheus).editorMode(prometheus.QueryEditorMode.Code).expr(expr).legendFormat(legend);
  if (opts.exemplar) q.exemplar(true);
  if (opts.instant) q.instant();
  else q.range();
  return q;
}

/** A LogQL target. */
export function lokiQuery(expr: string): loki.DataqueryBuilder {
  return new loki.DataqueryBuilder().datasource(DS.loki).editorMode(loki.QueryEditorMode.Code).expr(expr);
}

/** A TraceQL search target. */
export function traceqlQuery(query: string, limit = 20): tempo.DataqueryBuilder {
  return new tempo.DataqueryBuilder().datasource(DS.tempo).queryType('traceql').query(query).limit(limit);
}

/** Legend shown as a list under the graph (the builder's default hides it). */
export function listLegend(): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom);
}

/** Green below `warn`, orange from `warn`, red from `bad`. */
export function thresholds(warn: number, bad: number): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: warn, color: 'orange' },
    { value: bad, color: 'red' },
  ]);
}

/**
 * Numbers panels (ids 1..n) and targets (refId A, B, …): the builders set neither, and Grafana
 * needs stable ids for links and refIds for transformations and exemplars.
 */
export function finish(model: dashboard.Dashboard): dashboard.Dashboard {
  let id = 0;
  for (const panel of model.panels ?? []) {
    panel.id = ++id;
    // cog.Dataquery is an opaque variant type; every concrete query has an optional refId.
    const targets = ('targets' in panel ? (panel.targets ?? []) : []) as Array<{ refId?: string; datasource?: common.DataSourceRef }>;
    targets.forEach((t, i) => { t.refId ??= String.fromCharCode(65 + i); });
    // The panel's datasource is the one its queries use, so the editor opens on the right one.
    const uids = new Set(targets.map((t) => t.datasource?.uid));
    if ('targets' in panel && !panel.datasource && uids.size === 1 && targets[0]?.datasource) panel.datasource = targets[0].datasource;
  }
  return model;
}

/** Settings every dashboard shares: uid, tags, a one-hour window, 30 s refresh, read-only. */
export function baseDashboard(title: string, uid: string, tags: string[]): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .tags(['otel-lgtm', ...tags])
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly();
}
