import { App } from 'cdk8s';
import { LgtmStack } from '../../infra/lgtm-stack';
import { presets } from '../../overlays';
import { estimateAsRun, missingSources, withinFactor } from '../../scripts/e2e/series-estimate';

const dev = new LgtmStack(new App(), 'dev', presets.dev).seriesEstimate();
const run = { running: ['tempo', 'loki', 'prometheus', 'otel-collector', 'demo-app'], removed: ['connector/span_metrics', 'connector/servicegraph'], probes: 21, zeroCodeServices: ['plain-service'] };

describe("dev's series estimate as the e2e runs it", () => {
  it('leaves out what does not run here, saying why, and what needs it', () => {
    expect([...missingSources(dev, run)]).toEqual([
      ['scrape:grafana', 'grafana is not run here'], ['scrape:alertmanager', 'alertmanager is not run here'],
      ['span-metrics', 'the local collector build lacks span_metrics'], ['service-graph', 'the local collector build lacks servicegraph'],
    ]);
    const sources = estimateAsRun(dev, run).rows.map((r) => r.source);
    expect(sources).not.toContain('recording-rules');
    expect(sources.sort()).toEqual(['e2e:probes', 'scrape:loki', 'scrape:otel-collector', 'scrape:prometheus', 'scrape:tempo', 'service:demo-app', 'service:plain-service']);
  });

  it('adds the probes (one counter each, one resource) and the zero-code service', () => {
    const rows = estimateAsRun(dev, run).rows;
    expect(rows.find((r) => r.source === 'e2e:probes')!.series).toBe(22);
    expect(rows.find((r) => r.source === 'service:plain-service')!.series).toBe(17 + 100 + 1);
  });

  it('holds the estimate to a factor of 2 either way', () => {
    expect([withinFactor(1000, 1999).ok, withinFactor(1000, 2001).ok, withinFactor(1000, 501).ok, withinFactor(1000, 499).ok]).toEqual([true, false, true, false]);
  });
});
