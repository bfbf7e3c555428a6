/**
 * Monitoring covers what runs: in every environment, every workload whose metrics Prometheus
 * scrapes has a target-down and a target-missing alert and an "up" stat on the Stack health
 * dashboard, and every collector tier (gateway, sampler) is selected by every collector alert and
 * by every query of the Collector pipeline dashboard.
 */
import { parse } from 'yaml';
import { ALERTS, type RuleFile } from '../../config/rules';
import { IMAGES } from '../../infra/images';
import { SCRAPE_ANNOTATIONS } from '../../infra/workload';
import { dashboardQueries } from '../support/queries';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, podSpecOf, provisionedDashboards, synthesize } from '../support/synth';

/** Whether a PromQL text's `job` matchers (all of them) select this job. */
function selects(expr: string, job: string): boolean {
  const matchers = [...expr.matchAll(/job(=~|=)"([^"]*)"/g)];
  return matchers.length > 0 && matchers.every(([, op, value]) => (op === '=' ? value === job : new RegExp(`^(?:${value})$`).test(job)));
}

interface Scraped { readonly job: string; readonly collector: boolean }

/** Workloads whose pods carry the scrape annotations, with their job (app.kubernetes.io/name). */
function scrapedWorkloads(objects: readonly Manifest[]): Scraped[] {
  return objects.filter((o) => podSpecOf(o) && o.spec.template.metadata?.annotations?.[SCRAPE_ANNOTATIONS.scrape] === 'true')
    .map((o) => ({
      job: o.spec.template.metadata.labels['app.kubernetes.io/name'] as string,
      collector: podSpecOf(o).containers.some((c: { image: string }) => c.image === IMAGES.collector),
    }));
}

describe.each(ENVIRONMENT_NAMES)('%s', (env) => {
  const objects = objectsOf(synthesize(env));
  const workloads = scrapedWorkloads(objects);
  const rulesMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-rules')!;
  const rules = (parse(Object.values(rulesMap.data as Record<string, string>)[0]) as RuleFile).groups.flatMap((g) => g.rules);
  const alertExprs = (name: string) => rules.filter((r) => 'alert' in r && r.alert === name).map((r) => r.expr);
  const dashboards = provisionedDashboards(env);

  it('scrapes the stack and at least one collector tier', () => {
    expect(workloads.length).toBeGreaterThanOrEqual(5);
    expect(workloads.some((w) => w.collector)).toBe(true);
  });

  it('every scraped workload has a target-down and a target-missing alert', () => {
    for (const { job } of workloads) {
      expect([job, alertExprs(ALERTS.componentDown).some((e) => selects(e, job))]).toEqual([job, true]);
      expect([job, alertExprs(ALERTS.componentMissing).some((e) => e.includes(`absent(up{job="${job}"})`))]).toEqual([job, true]);
    }
  });

  it('every scraped workload has an up stat on the Stack health dashboard', () => {
    const queries = dashboardQueries(dashboards['stack-health.json']).map((q) => q.text).filter((t) => t.includes('up{'));
    for (const { job } of workloads) expect([job, queries.some((q) => selects(q, job))]).toEqual([job, true]);
  });

  it('every collector tier is selected by every collector alert and every Collector pipeline query', () => {
    const collectorAlerts = [ALERTS.receiverRefusing, ALERTS.exporterFailing, ALERTS.exporterQueueNearFull].flatMap(alertExprs);
    const pipeline = dashboardQueries(dashboards['collector-pipeline.json']).map((q) => q.text);
    expect(collectorAlerts.length).toBeGreaterThan(0);
    for (const { job } of workloads.filter((w) => w.collector)) {
      expect([job, collectorAlerts.filter((e) => !selects(e, job))]).toEqual([job, []]);
      expect([job, pipeline.filter((q) => !selects(q, job))]).toEqual([job, []]);
    }
  });
});

describe('the job check', () => {
  it('reads equality and regex matchers, anchored', () => {
    expect(selects('up{job=~"otel-collector|tempo"} == 0', 'tempo')).toBe(true);
    expect(selects('up{job=~"otel-collector|tempo"} == 0', 'otel-sampler')).toBe(false);
    expect(selects('rate(x{job="otel-collector"}[5m])', 'otel-collector-2')).toBe(false);
    expect(selects('sum(rate(x[5m]))', 'tempo')).toBe(false);
  });
});
