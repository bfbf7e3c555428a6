/**
 * Tempo 3 as microservices (the opt-in for volumes past one process): a workload per component, all
 * reading one config with their own `-target`, rings over one headless Service, Kafka between the
 * write and read paths, blocks in the bucket. Not run on this machine (no Kafka): the e2e run checks
 * each target's config with `tempo-3 -config.verify` instead.
 */
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Tempo } from '../../infra/tempo';
import { presets } from '../../overlays';
import { mergeProps, SettingsError } from '../../settings';
import { settingsFrom } from '../../settings/props';
import { Manifest, inMemory, objectsOf, synthesize } from '../support/synth';

const s3 = { bucket: 'acme-traces', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', credentialsSecret: 'tempo-s3' };
const kafka = { kafkaAddress: 'kafka.kafka.svc:9092' };
const find = (objects: readonly Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const argsOf = (o: Manifest): string[] => o.spec.template.spec.containers[0].args;

describe('Tempo alone as microservices', () => {
  const chart = new Chart(Testing.app(), 'mine', { namespace: 'traces' });
  const tempo = new Tempo(chart, 'tempo', { objectStorage: s3, microservices: { ...kafka, partitions: 3 } });
  const objects = Testing.synth(chart) as Manifest[];
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  const config = parse(find(objects, 'ConfigMap', workloads.length > 0 ? 'tempo-distributor-config' : '').data['tempo.yaml']);

  it('runs one workload per Tempo 3 component, each with its own -target, the live-stores in two zones', () => {
    expect(Object.fromEntries(workloads.map((w) => [w.metadata.name, argsOf(w).filter((a) => a.startsWith('-target') || a.startsWith('-live-store'))]))).toEqual({
      'tempo-distributor': ['-target=distributor'],
      'tempo-block-builder': ['-target=block-builder'],
      'tempo-live-store-zone-a': ['-target=live-store', '-live-store.instance-availability-zone=zone-a'],
      'tempo-live-store-zone-b': ['-target=live-store', '-live-store.instance-availability-zone=zone-b'],
      'tempo-query-frontend': ['-target=query-frontend'],
      'tempo-querier': ['-target=querier'],
      'tempo-backend-scheduler': ['-target=backend-scheduler'],
      'tempo-backend-worker': ['-target=backend-worker'],
    });
    expect(tempo.workloads.map((w) => w.name)).toEqual(workloads.map((w) => w.metadata.name));
  });

  it('gives each partition one block-builder and one live-store per zone, as StatefulSet ordinals (the partition is the ordinal)', () => {
    for (const name of ['tempo-block-builder', 'tempo-live-store-zone-a', 'tempo-live-store-zone-b']) {
      expect(find(objects, 'StatefulSet', name).spec.replicas).toBe(3);
    }
    expect(find(objects, 'Deployment', 'tempo-querier').spec.replicas).toBe(2);
    expect(find(objects, 'StatefulSet', 'tempo-backend-scheduler').spec.replicas).toBe(1);
  });

  it('writes through Kafka and keeps blocks in the bucket, with no 2.x ingester or compactor', () => {
    expect(config.ingest).toEqual({ kafka: { address: 'kafka.kafka.svc:9092', topic: 'tempo-ingest' } });
    expect(config.storage.trace.backend).toBe('s3');
    expect(config.storage.trace.s3).toMatchObject({ bucket: 'acme-traces' });
    expect(config.ingester).toBeUndefined();
    expect(config.compactor).toBeUndefined();
  });

  it('joins every component on one memberlist ring through a headless Service that lists pods before they are ready', () => {
    const ring = find(objects, 'Service', 'tempo-gossip-ring');
    expect(ring.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'memberlist', port: 7946, targetPort: 'memberlist', protocol: 'TCP' }] });
    for (const w of workloads) expect(w.spec.template.metadata.labels).toMatchObject(ring.spec.selector);
    expect(config.memberlist).toMatchObject({ join_members: ['dns+tempo-gossip-ring.traces.svc:7946'], bind_port: 7946 });
  });

  it('points queriers at every query-frontend (headless) and workers at the scheduler, by the Services that exist', () => {
    const names = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
    const [frontend, scheduler] = [config.querier.frontend_worker.frontend_address, config.backend_worker.backend_scheduler_addr];
    expect(frontend).toBe('tempo-query-frontend-discovery.traces.svc:9095');
    expect(find(objects, 'Service', 'tempo-query-frontend-discovery').spec.clusterIP).toBe('None');
    expect(scheduler).toBe('tempo-backend-scheduler.traces.svc:9095');
    expect(names).toContain(scheduler.split('.')[0]);
  });

  it('receives spans at the distributors and answers queries at the query-frontends', () => {
    expect(tempo.otlpGrpc.hostPort).toBe('tempo-distributor.traces.svc:4317');
    expect(tempo.queryHttp.url()).toBe('http://tempo-query-frontend.traces.svc:3200');
    expect(find(objects, 'Service', 'tempo-distributor').spec.ports.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['otlp-grpc', 'otlp-http']));
  });

  it('lets a drain take one pod of each component at a time', () => {
    for (const w of workloads.filter((o) => o.spec.replicas > 1)) {
      expect(find(objects, 'PodDisruptionBudget', w.metadata.name).spec.maxUnavailable).toBe(1);
    }
  });
});

describe('Tempo alone, monolithic (the default)', () => {
  it('is one workload with -target=all implied, no Kafka, no ring Service', () => {
    const chart = new Chart(Testing.app(), 'one', { namespace: 'traces' });
    const tempo = new Tempo(chart, 'tempo', {});
    const objects = Testing.synth(chart) as Manifest[];
    expect(tempo.workloads.map((w) => w.name)).toEqual(['tempo']);
    expect(tempo.peers).toBeUndefined();
    expect(parse(find(objects, 'ConfigMap', 'tempo-config').data['tempo.yaml']).ingest).toBeUndefined();
    expect(objects.some((o) => o.metadata.name === 'tempo-gossip-ring')).toBe(false);
  });

  it('refuses microservices without a bucket, in one line naming the construct', () => {
    expect(() => new Tempo(new Chart(Testing.app(), 'x', { namespace: 't' }), 'tempo', { microservices: kafka }))
      .toThrow(/^x\/tempo: microservices: needs objectStorage/);
  });
});

describe('prod with tempo.microservices', () => {
  const variant = (microservices: object) => settingsFrom(mergeProps(presets.prod, { tempo: { microservices } }), 'prod');
  const objects = objectsOf(inMemory(variant(kafka).validate()));
  const prodObjects = objectsOf(synthesize('prod'));
  const collectorConfig = (o: readonly Manifest[], name: string) => parse(find(o, 'ConfigMap', name).data['config.yaml']);

  it('sends the sampler tier\'s traces to the distributors and has Grafana query the frontends', () => {
    const exporters = collectorConfig(objects, 'otel-sampler-config').exporters;
    expect(Object.values(exporters).map((e: any) => e.endpoint)).toContain('tempo-distributor.observability.svc:4317');
    const datasources = JSON.stringify(find(objects, 'ConfigMap', 'grafana-datasources').data);
    expect(datasources).toContain('http://tempo-query-frontend.observability.svc:3200');
  });

  it('selects every Tempo component in Tempo\'s own alerts', () => {
    const rules = JSON.stringify(find(objects, 'ConfigMap', 'prometheus-rules').data);
    expect(rules).toMatch(/job=~\\"tempo-distributor\|tempo-block-builder\|tempo-live-store-zone-a\|/);
  });

  it('lets the Tempo pods reach each other (HTTP, gRPC, memberlist), and out to the bucket and Kafka; prod without it has no Kafka egress', () => {
    const ports = (rule: { ports: Array<{ port: number }> }) => rule.ports.map((p) => p.port);
    const selector = find(objects, 'Service', 'tempo-gossip-ring').spec.selector;
    const ingress = find(objects, 'NetworkPolicy', 'tempo-ingress').spec;
    expect(ingress.podSelector.matchLabels).toEqual(selector);
    expect(ingress.ingress.map(ports)).toEqual([[3200, 9095, 7946]]);
    const egress = find(objects, 'NetworkPolicy', 'tempo-egress').spec.egress;
    expect(egress.map(ports)).toEqual([[3200, 9095, 7946], [443, 9092]]);
    expect(prodObjects.some((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o.spec).includes('9092'))).toBe(false);
  });

  it.each([
    [{ kafkaAddress: 'kafka' }, /tempo\.microservices\.kafkaAddress: "kafka" is not a broker host:port/],
    [{ ...kafka, partitions: 0 }, /tempo\.microservices\.partitions/],
    [{ ...kafka, kafkaTopic: 'a topic' }, /tempo\.microservices\.kafkaTopic/],
  ])('refuses %j in one line naming the field', (microservices, message) => {
    expect(() => variant(microservices).validate()).toThrow(SettingsError);
    expect(() => variant(microservices).validate()).toThrow(message);
  });

  it('refuses microservices without object storage', () => {
    const noBucket = settingsFrom(mergeProps(presets.staging, { tempo: { microservices: kafka } }), 'staging');
    expect(() => noBucket.validate()).toThrow(/tempo\.microservices: needs objectStorage/);
  });
});
