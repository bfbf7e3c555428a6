import { parse } from 'yaml';
import { checkConfig, checkRules } from '../support/promtool';
import { metricNamesIn, unknownMetrics } from '../support/queries';
import { emittedMetricNames } from '../support/metric-catalog';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, synthesize } from '../support/synth';

const configMap = (objects: Manifest[], name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data;

describe.each(ENVIRONMENT_NAMES)('Prometheus of %s', (name) => {
  const objects = objectsOf(synthesize(name));
  const config = configMap(objects, 'prometheus-config')['prometheus.yaml'];
  const rules = configMap(objects, 'prometheus-rules')['stack.rules.yaml'];

  it('passes promtool check config, with its rule files', async () => {
    // The rule_files glob points at the mount path; check the same rules next to the config.
    const local = config.replace(/rule_files:\n {2}- \S+/, 'rule_files:\n  - stack.rules.yaml');
    expect(local).not.toBe(config);
    const result = await checkConfig(local, { 'stack.rules.yaml': rules });
    expect(result.output).toMatch(/SUCCESS: 1 rule files found/);
    expect(result.status).toBe(0);
  });

  it('passes promtool check rules', async () => {
    const result = await checkRules(rules);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('queries only metrics the stack emits (or records itself)', async () => {
    const groups = parse(rules).groups as Array<{ rules: Array<{ record?: string; expr: string }> }>;
    const recorded = groups.flatMap((g) => g.rules.map((r) => r.record).filter((r): r is string => !!r));
    const catalog = new Set([...(await emittedMetricNames()), ...recorded]);
    const exprs = groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.flatMap((e) => [...metricNamesIn(e)]).length).toBeGreaterThan(20);
    expect(unknownMetrics(exprs, catalog)).toEqual([]);
  });
});

describe('the Prometheus contracts catch', () => {
  it('a config promtool rejects', async () => {
    const result = await checkConfig('global:\n  scrape_interval: soon\n');
    expect(result.status).not.toBe(0);
  });

  it('a rule on a metric nobody emits', async () => {
    expect(unknownMetrics(['sum(rate(otelcol_exporter_sent_span_total[5m]))'], await emittedMetricNames())).toEqual(['otelcol_exporter_sent_span_total']);
  });
});
