/**
 * Prometheus as an HA pair: two replicas that each scrape everything, evaluate every rule and get
 * every point from both collector tiers through an exporter of their own, so losing one loses
 * nothing; queries keep going through the one `prometheus` Service.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Prometheus } from '../../infra/prometheus';
import { presets } from '../../overlays';
import { mergeProps, SettingsError } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { Manifest, objectsOf, synthesize } from '../support/synth';

const find = (objects: readonly Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('Prometheus alone with two replicas', () => {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'metrics' });
  const prometheus = new Prometheus(chart, 'prometheus', { replicas: 2, storage: { size: Size.gibibytes(20) } });
  const objects = Testing.synth(chart) as Manifest[];
  const set = find(objects, 'StatefulSet', 'prometheus');

  it('runs two replicas of one StatefulSet, each on its own claim, governed by a headless Service', () => {
    expect(set.spec.replicas).toBe(2);
    expect(set.spec.serviceName).toBe('prometheus-peers');
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(find(objects, 'Service', 'prometheus-peers').spec).toMatchObject({ clusterIP: 'None', selector: set.spec.selector.matchLabels });
  });

  it('gives the collector each replica\'s own OTLP address, and queries one Service', () => {
    expect(prometheus.otlpReceivers).toEqual([
      'http://prometheus-0.prometheus-peers.metrics.svc:9090/api/v1/otlp',
      'http://prometheus-1.prometheus-peers.metrics.svc:9090/api/v1/otlp',
    ]);
    expect(prometheus.queryHttp.url()).toBe('http://prometheus.metrics.svc:9090');
  });

  it('lets a drain take one replica at a time, on different nodes', () => {
    expect(find(objects, 'PodDisruptionBudget', 'prometheus').spec.maxUnavailable).toBe(1);
    expect(set.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' });
  });

  it('sends to its Service when alone', () => {
    const single = new Prometheus(new Chart(Testing.app(), 'one', { namespace: 'metrics' }), 'prometheus', {});
    expect(single.otlpReceivers).toBe('http://prometheus.metrics.svc:9090/api/v1/otlp');
  });
});

describe('prod\'s Prometheus pair', () => {
  const objects = objectsOf(synthesize('prod'));
  const set = find(objects, 'StatefulSet', 'prometheus');
  const podUrl = (i: number) => `http://${set.metadata.name}-${i}.${set.spec.serviceName}.${set.metadata.namespace}.svc:9090/api/v1/otlp`;
  const configOf = (name: string) => parse(find(objects, 'ConfigMap', name).data['config.yaml']);

  it.each(['otel-collector-config', 'otel-sampler-config'])('%s sends every metrics pipeline to both replicas, each exporter with its own queue and retry', (name) => {
    const config = configOf(name);
    const exporters = ['otlp_http/prometheus-0', 'otlp_http/prometheus-1'];
    expect(exporters.map((e) => config.exporters[e].endpoint)).toEqual([podUrl(0), podUrl(1)]);
    for (const e of exporters) {
      expect(config.exporters[e].sending_queue).toMatchObject({ enabled: true, queue_size: expect.any(Number) });
      expect(config.exporters[e].retry_on_failure).toMatchObject({ enabled: true, max_elapsed_time: expect.any(String) });
    }
    expect(config.exporters['otlp_http/prometheus']).toBeUndefined();
    const metricsPipelines = Object.entries(config.service.pipelines as Record<string, { exporters: string[] }>).filter(([id]) => id.startsWith('metrics'));
    expect(metricsPipelines.length).toBeGreaterThan(0);
    for (const [, pipeline] of metricsPipelines) expect(pipeline.exporters).toEqual(expect.arrayContaining(exporters));
  });

  it('has both replicas load one config with no per-replica label, so Alertmanager sees one alert from the two', () => {
    expect(set.spec.replicas).toBe(2);
    const prometheusConfig = parse(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yaml']);
    // A label that told the replicas apart (a pod name through expand-external-labels) would reach
    // Alertmanager on every alert and split each into two.
    expect(JSON.stringify(prometheusConfig.global.external_labels ?? {})).not.toMatch(/\$|POD|HOSTNAME|replica/i);
    expect(set.spec.template.spec.containers[0].args.join(' ')).not.toContain('expand-external-labels');
  });
});

describe('prometheus.replicas', () => {
  it.each([0, 4, 1.5])('%p is refused with one line naming the field', (replicas) => {
    const run = () => settingsFrom(mergeProps(presets.prod, { prometheus: { replicas } }), 'prod').validate();
    expect(run).toThrow(SettingsError);
    expect(run).toThrow(/prometheus\.replicas/);
  });
});
