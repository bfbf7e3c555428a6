/**
 * Links between datasources lead somewhere: every query Grafana builds from a span (trace → metrics,
 * trace → logs) parses, selects metrics the stack emits, and matches only labels those series carry.
 */
import { PROMOTED_RESOURCE_ATTRIBUTES } from '../../config/prometheus';
import { LOKI_INDEX_LABELS } from '../../config/loki';
import { DATASOURCE_UIDS, TRACES_TO_METRICS, grafanaDatasources } from '../../config/grafana';
import { SPAN_METRIC_LABELS, emittedMetricNames } from '../support/metric-catalog';
import { promqlErrors, selectorsIn } from '../support/queries';

const datasources = grafanaDatasources({ prometheus: 'http://p', tempo: 'http://t', loki: 'http://l' }).datasources;
const tempo = datasources.find((d) => d.uid === DATASOURCE_UIDS.tempo)!.jsonData as {
  tracesToMetrics: typeof TRACES_TO_METRICS;
  tracesToLogsV2: { tags: Array<{ key: string; value: string }> };
};
const underscored = (attribute: string) => attribute.replace(/[^a-zA-Z0-9]/g, '_');

/** The query Grafana runs for a span with these attributes: `$__tags` → `label="value"` for each mapped tag. */
function linkQuery(query: string, span: Record<string, string>): string {
  const tags = TRACES_TO_METRICS.tags.filter((t) => t.key in span).map((t) => `${t.value}="${span[t.key]}"`);
  return query.replace(/\$__tags/g, tags.join(', '));
}

/** Labels the span-metric series carry. */
const SPAN_SERIES_LABELS = new Set<string>([...SPAN_METRIC_LABELS, ...PROMOTED_RESOURCE_ATTRIBUTES.map(underscored)]);

describe('trace → metrics', () => {
  const span = { 'service.name': 'demo-app' };

  it('offers at least one query (Grafana builds no link without one)', () => {
    expect(tempo.tracesToMetrics.queries.length).toBeGreaterThan(0);
  });

  it.each(TRACES_TO_METRICS.queries.map((q) => [q.name, q.query]))('%s: parses, emitted metrics, labels they carry', async (_name, query) => {
    const text = linkQuery(query, span);
    expect(text).toContain('service_name="demo-app"');
    expect(promqlErrors(text)).toEqual([]);
    const catalog = await emittedMetricNames();
    for (const { metric, labels } of selectorsIn(text)) {
      expect([metric, catalog.has(metric)]).toEqual([metric, true]);
      expect([metric, labels.filter((l) => !SPAN_SERIES_LABELS.has(l))]).toEqual([metric, []]);
    }
  });

  it('the check catches the old mapping to `job`, which OTLP series set to namespace/name', () => {
    const wrong = 'sum(rate(traces_span_metrics_calls_total{job="demo-app"}[5m]))';
    const labels = selectorsIn(wrong).flatMap((s) => s.labels);
    expect(labels).toEqual(['job']);
    // `job` exists on the series, but as `<service.namespace>/<service.name>`: mapping service.name to it selects nothing.
    expect(TRACES_TO_METRICS.tags.map((t) => t.value)).not.toContain('job');
  });
});

describe('trace → logs', () => {
  it('maps every tag to a Loki index label', () => {
    const lokiLabels = new Set(LOKI_INDEX_LABELS.map(underscored));
    for (const tag of tempo.tracesToLogsV2.tags) expect([tag.value, lokiLabels.has(tag.value)]).toEqual([tag.value, true]);
  });
});
