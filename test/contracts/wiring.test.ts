import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, synthesize } from '../support/synth';
import { serviceReferences, unresolvedReferences } from '../support/wiring';

describe.each(ENVIRONMENT_NAMES)('wiring of %s', (name) => {
  const objects = objectsOf(synthesize(name));

  it('names the collector, Tempo, Loki and Prometheus addresses it depends on', () => {
    const targets = new Set(serviceReferences(objects).map((r) => `${r.service}:${r.port}`));
    expect([...targets]).toEqual(expect.arrayContaining(['tempo:4317', 'loki:3100', 'prometheus:9090', 'tempo:3200', 'otel-collector:4318']));
  });

  it('resolves every host:port in a ConfigMap or container env to a Service port in the same output', () => {
    expect(unresolvedReferences(objects)).toEqual([]);
  });
});

describe('the wiring check', () => {
  const objects = objectsOf(synthesize('dev'));

  it('catches a Service port that no longer matches the address in a config', () => {
    const broken = clone(objects);
    const tempo = broken.find((o: Manifest) => o.kind === 'Service' && o.metadata.name === 'tempo')!;
    tempo.spec.ports = tempo.spec.ports.filter((p: any) => p.name !== 'otlp-grpc');
    expect(unresolvedReferences(broken)).toEqual([
      expect.stringMatching(/^ConfigMap\/otel-collector-config\[config.yaml\]: tempo.observability.svc:4317/),
    ]);
  });

  it('catches an address in the wrong namespace', () => {
    const broken = clone(objects);
    const app = broken.find((o: Manifest) => o.kind === 'Deployment' && o.metadata.name === 'demo-app')!;
    const endpoint = app.spec.template.spec.containers[0].env.find((e: any) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT');
    endpoint.value = 'http://otel-collector.demo.svc:4318';
    expect(unresolvedReferences(broken)).toHaveLength(1);
  });

  it('catches a DNS resolver host name whose port the headless Service does not have', () => {
    const broken = clone(objectsOf(synthesize('prod')));
    expect(serviceReferences(broken)).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'otel-sampler', port: 4317 })]));
    const sampler = broken.find((o: Manifest) => o.kind === 'Service' && o.metadata.name === 'otel-sampler')!;
    sampler.spec.ports = sampler.spec.ports.filter((p: any) => p.port !== 4317);
    expect(unresolvedReferences(broken)).toEqual([expect.stringMatching(/^ConfigMap\/otel-collector-config\[config.yaml\]: otel-sampler.observability.svc:4317/)]);
  });
});

describe('the wiring check on a pod\'s own name', () => {
  const prod = () => clone(objectsOf(synthesize('prod')));

  it('resolves prod\'s per-replica Alertmanager addresses to the pods of the StatefulSet its headless peer Service governs', () => {
    const refs = serviceReferences(prod()).filter((r) => r.pod);
    expect(refs.map((r) => `${r.pod}.${r.service}:${r.port}`)).toEqual(expect.arrayContaining([
      'alertmanager-0.alertmanager-peers:9093', 'alertmanager-2.alertmanager-peers:9093', 'alertmanager-1.alertmanager-peers:9094',
    ]));
    expect(unresolvedReferences(prod())).toEqual([]);
  });

  it('catches an ordinal past the replicas, and a governing Service that is not headless', () => {
    const fewer = prod();
    fewer.find((o: Manifest) => o.kind === 'StatefulSet' && o.metadata.name === 'alertmanager')!.spec.replicas = 2;
    expect(unresolvedReferences(fewer)).toEqual(expect.arrayContaining([
      'ConfigMap/prometheus-config[prometheus.yaml]: alertmanager-2.alertmanager-peers.observability.svc:9093 is not a port of that pod in this output',
    ]));
    const notHeadless = prod();
    delete notHeadless.find((o: Manifest) => o.kind === 'Service' && o.metadata.name === 'alertmanager-peers')!.spec.clusterIP;
    expect(unresolvedReferences(notHeadless).length).toBeGreaterThanOrEqual(6);
  });
});
