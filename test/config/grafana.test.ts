import { DATASOURCE_UIDS, grafanaDashboardProviders, grafanaDatasources } from '../../config/grafana';

describe('grafanaDatasources', () => {
  const file = grafanaDatasources({ prometheus: 'http://p:9090', tempo: 'http://t:3200', loki: 'http://l:3100' });
  const byUid = Object.fromEntries(file.datasources.map((d) => [d.uid, d]));

  it('provisions the three backends with fixed uids and one default', () => {
    expect(file.apiVersion).toBe(1);
    expect(Object.keys(byUid).sort()).toEqual(Object.values(DATASOURCE_UIDS).sort());
    expect(file.datasources.filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['prometheus']);
    expect(byUid.tempo.url).toBe('http://t:3200');
  });

  it('links only to provisioned datasources', () => {
    const linked = JSON.stringify(file).match(/"datasourceUid":"([^"]+)"/g)!.map((m) => m.split(':')[1].replace(/"/g, ''));
    expect(linked.length).toBeGreaterThanOrEqual(6);
    for (const uid of linked) expect(Object.keys(byUid)).toContain(uid);
  });

  it('links Tempo to Loki and Prometheus, Loki to Tempo by trace_id, and exemplars to Tempo', () => {
    expect(byUid.tempo.jsonData).toMatchObject({
      tracesToLogsV2: { datasourceUid: 'loki', filterByTraceID: true },
      tracesToMetrics: { datasourceUid: 'prometheus' },
      serviceMap: { datasourceUid: 'prometheus' },
    });
    expect(byUid.loki.jsonData.derivedFields).toEqual([expect.objectContaining({ matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: 'tempo' })]);
    expect(byUid.prometheus.jsonData.exemplarTraceIdDestinations).toEqual([expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' })]);
  });

  it('escapes $ so Grafana does not expand ${__value.raw} as an environment variable', () => {
    expect(byUid.loki.jsonData.derivedFields).toEqual([expect.objectContaining({ url: '$${__value.raw}' })]);
  });
});

describe('grafanaDashboardProviders', () => {
  it('loads dashboards from the given folder, read-only in the UI', () => {
    expect(grafanaDashboardProviders('/d').providers).toEqual([expect.objectContaining({ type: 'file', allowUiUpdates: false, options: { path: '/d' } })]);
  });
});
