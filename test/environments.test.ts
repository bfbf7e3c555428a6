import { parse } from 'yaml';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, synthesize } from './support/synth';

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace']);
const kinds = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);
const claimTemplates = (objects: Manifest[]) => kinds(objects, 'StatefulSet').flatMap((s) => s.spec.volumeClaimTemplates ?? []);
const workload = (objects: Manifest[], name: string) => objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name)!;
const configOf = (objs: Manifest[], name: string) => objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data;
const env = (obj: Manifest, name: string) => obj.spec.template.spec.containers[0].env?.find((e: any) => e.name === name)?.value;

describe.each(ENVIRONMENT_NAMES)('environment %s', (name) => {
  const output = synthesize(name);
  const objects = objectsOf(output);

  it('matches its snapshot', () => {
    expect(Object.fromEntries(output)).toMatchSnapshot();
  });

  it('puts the namespaces in the first file, so kubectl apply -f creates them before their contents', () => {
    const [first, ...rest] = [...output.entries()];
    expect(first[0]).toMatch(/^0000-/);
    expect(first[1].every((o) => o.kind === 'Namespace')).toBe(true);
    const namespaces = new Set(first[1].map((o) => o.metadata.name));
    for (const obj of rest.flatMap(([, objs]) => objs)) {
      if (CLUSTER_SCOPED.has(obj.kind)) expect(obj.metadata.namespace).toBeUndefined();
      else expect(namespaces).toContain(obj.metadata.namespace);
    }
  });

  it('runs every component of the stack', () => {
    const names = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind)).map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['otel-collector', 'tempo', 'loki', 'prometheus', 'grafana', 'alertmanager', 'demo-app']));
  });

  it('pins every image and sets explicit requests and limits on every container', () => {
    for (const obj of kinds(objects, 'Deployment').concat(kinds(objects, 'StatefulSet'))) {
      for (const c of obj.spec.template.spec.containers) {
        expect(c.image).toMatch(/:[\w][\w.-]*$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('annotates every pod that mounts a ConfigMap with a checksum of its data', () => {
    for (const obj of kinds(objects, 'Deployment').concat(kinds(objects, 'StatefulSet'))) {
      const mountsConfig = (obj.spec.template.spec.volumes ?? []).some((v: any) => v.configMap);
      expect(obj.spec.template.metadata.annotations?.['checksum/config'] !== undefined).toBe(mountsConfig);
    }
  });
});

describe('what differs between environments', () => {
  const dev = objectsOf(synthesize('dev'));
  const staging = objectsOf(synthesize('staging'));
  const prod = objectsOf(synthesize('prod'));

  it('dev keeps data on emptyDir; staging and prod claim volumes, prod on its StorageClass and larger', () => {
    expect(claimTemplates(dev)).toHaveLength(0);
    expect(workload(dev, 'loki').spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
    const sizes = (objs: Manifest[]) => Object.fromEntries(kinds(objs, 'StatefulSet')
      .filter((s) => s.spec.volumeClaimTemplates).map((s) => [s.metadata.name, s.spec.volumeClaimTemplates[0].spec.resources.requests.storage]));
    expect(sizes(staging)).toEqual({ tempo: '20Gi', loki: '20Gi', prometheus: '20Gi', 'otel-collector': '2Gi', grafana: '1Gi', alertmanager: '1Gi' });
    // prod's autoscaled gateway queues in memory; its fixed-size sampler tier keeps the persistent queue.
    expect(sizes(prod)).toEqual({ tempo: '50Gi', loki: '50Gi', prometheus: '50Gi', 'otel-sampler': '5Gi', grafana: '2Gi', alertmanager: '1Gi' });
    expect(claimTemplates(prod).every((t) => t.spec.storageClassName === 'standard')).toBe(true);
  });

  it('runs the load generator in dev and staging, not in prod', () => {
    expect(workload(dev, 'loadgen')).toBeDefined();
    expect(workload(staging, 'loadgen')).toBeDefined();
    expect(workload(prod, 'loadgen')).toBeUndefined();
  });

  it('lets anonymous visitors into Grafana only in dev', () => {
    expect(env(workload(dev, 'grafana'), 'GF_AUTH_ANONYMOUS_ENABLED')).toBe('true');
    expect(env(workload(staging, 'grafana'), 'GF_AUTH_ANONYMOUS_ENABLED')).toBe('false');
    expect(env(workload(prod, 'grafana'), 'GF_AUTH_ANONYMOUS_ENABLED')).toBe('false');
  });

  it('scales the demo app and samples traces by environment', () => {
    expect(workload(dev, 'demo-app').spec.replicas).toBe(1);
    expect(workload(staging, 'demo-app').spec.replicas).toBe(2);
    expect(workload(prod, 'demo-app').spec.replicas).toBeUndefined();
    expect(kinds(prod, 'HorizontalPodAutoscaler').map((h) => [h.spec.scaleTargetRef.name, h.spec.minReplicas, h.spec.maxReplicas]))
      .toEqual([['otel-collector', 2, 6], ['demo-app', 3, 10]]);
    expect(kinds(dev, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(env(workload(dev, 'demo-app'), 'OTEL_TRACES_SAMPLER')).toBe('parentbased_always_on');
    expect(env(workload(prod, 'demo-app'), 'OTEL_TRACES_SAMPLER_ARG')).toBe('0.1');
  });

  it('sizes resources per environment and pulls images Always only in prod', () => {
    const limit = (objs: Manifest[]) => workload(objs, 'prometheus').spec.template.spec.containers[0].resources.limits.memory;
    expect([limit(dev), limit(staging), limit(prod)]).toEqual(['768Mi', '2Gi', '4Gi']);
    const policy = (objs: Manifest[]) => workload(objs, 'tempo').spec.template.spec.containers[0].imagePullPolicy;
    expect([policy(dev), policy(staging), policy(prod)]).toEqual(['IfNotPresent', 'IfNotPresent', 'Always']);
  });

  it('tail-samples traces in staging and prod only, and keeps collector queues on disk where data persists and replicas are fixed', () => {
    const collector = (objs: Manifest[]) => configOf(objs, 'otel-collector-config')['config.yaml'];
    expect(collector(dev)).not.toContain('tail_sampling');
    expect(collector(staging)).toContain('sampling_percentage: 50');
    // prod scales the collector out, so sampling moves to a sampler tier fed by trace ID.
    expect(collector(prod)).not.toContain('tail_sampling');
    expect(collector(prod)).toContain('routing_key: traceID');
    expect(configOf(prod, 'otel-sampler-config')['config.yaml']).toContain('sampling_percentage: 10');
    expect(objectsOf(synthesize('staging')).some((o) => o.metadata.name === 'otel-sampler')).toBe(false);
    expect(collector(dev)).not.toContain('file_storage/queue');
    expect(collector(staging)).toContain('file_storage/queue');
    expect(collector(prod)).not.toContain('file_storage/queue');
    expect(configOf(prod, 'otel-sampler-config')['config.yaml']).toContain('file_storage/queue');
    expect(workload(dev, 'otel-collector').kind).toBe('Deployment');
    expect(workload(staging, 'otel-collector').kind).toBe('StatefulSet');
    expect(workload(prod, 'otel-collector').kind).toBe('Deployment');
  });

  it('enables the debug exporter, pprof, zpages and CORS for localhost only in dev', () => {
    const collector = (objs: Manifest[]) => configOf(objs, 'otel-collector-config')['config.yaml'];
    for (const marker of ['debug:', 'pprof:', 'zpages:', 'http://localhost:3000']) {
      expect(collector(dev)).toContain(marker);
      expect(collector(prod)).not.toContain(marker);
    }
  });

  it('gives every replicated workload a disruption budget and spreads its replicas over nodes (Loki and Prometheus also over zones)', () => {
    const hostname = expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' });
    const zone = expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
    for (const objs of [dev, staging, prod]) {
      const replicated = [...kinds(objs, 'Deployment'), ...kinds(objs, 'StatefulSet')]
        .filter((w) => (w.spec.replicas ?? 2) > 1).map((w) => w.metadata.name).sort();
      expect(kinds(objs, 'PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual(replicated);
      for (const name of replicated) {
        expect(workload(objs, name).spec.template.spec.topologySpreadConstraints).toEqual(['loki', 'prometheus'].includes(name) ? [hostname, zone] : [hostname]);
      }
    }
    expect(kinds(dev, 'PodDisruptionBudget')).toEqual([]);
    expect(kinds(prod, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['loki', 'alertmanager', 'prometheus', 'otel-sampler', 'otel-collector', 'demo-app']);
  });

  it('runs Loki as one process in dev and staging, and HA monolithic in prod: three replicas, RF 3, on S3 with Tempo', () => {
    const lokiYaml = (objs: Manifest[]) => parse(configOf(objs, 'loki-config')['loki.yaml']);
    for (const objs of [dev, staging]) {
      expect(workload(objs, 'loki').spec.replicas).toBe(1);
      expect(lokiYaml(objs).common).toMatchObject({ replication_factor: 1, ring: { kvstore: { store: 'inmemory' } }, storage: { filesystem: expect.anything() } });
      expect(objs.some((o) => o.metadata.name === 'loki-memberlist')).toBe(false);
    }
    expect(workload(prod, 'loki').spec.replicas).toBe(3);
    expect(lokiYaml(prod).common).toMatchObject({ replication_factor: 3, ring: { kvstore: { store: 'memberlist' } }, storage: { s3: { bucketnames: 'observability-prod-logs' } } });
    expect(lokiYaml(prod).memberlist.join_members).toEqual(['dns+loki-memberlist.observability.svc:7946']);
    expect(kinds(prod, 'PodDisruptionBudget').find((p) => p.metadata.name === 'loki')!.spec.maxUnavailable).toBe(1);
    expect(parse(configOf(prod, 'tempo-config')['tempo.yaml']).storage.trace).toMatchObject({ backend: 's3', s3: { bucket: 'observability-prod-traces' } });
  });

  it('exposes Grafana through a TLS Ingress only in prod', () => {
    expect(kinds(dev, 'Ingress')).toEqual([]);
    expect(kinds(prod, 'Ingress')).toEqual([expect.objectContaining({
      spec: expect.objectContaining({ ingressClassName: 'nginx', tls: [{ hosts: ['grafana.example.com'], secretName: 'grafana-tls' }] }),
    })]);
    expect(env(workload(prod, 'grafana'), 'GF_SERVER_ROOT_URL')).toBe('https://grafana.example.com/');
  });

  it('passes retention to each backend in the form it parses', () => {
    expect(configOf(prod, 'tempo-config')['tempo.yaml']).toContain('block_retention: 168h');
    expect(configOf(prod, 'loki-config')['loki.yaml']).toContain('retention_period: 168h');
    expect(workload(prod, 'prometheus').spec.template.spec.containers[0].args).toEqual(expect.arrayContaining([
      '--storage.tsdb.retention.time=15d', '--storage.tsdb.retention.size=43520MB',
    ]));
    expect(configOf(dev, 'tempo-config')['tempo.yaml']).toContain('block_retention: 24h');
  });

  it('makes telemetry queryable within seconds in dev, keeping the programs\' batching defaults elsewhere', () => {
    const env = (o: typeof dev) => workload(o, 'demo-app').spec.template.spec.containers[0].env;
    expect(env(dev)).toEqual(expect.arrayContaining([{ name: 'OTEL_BSP_SCHEDULE_DELAY', value: '1000' }, { name: 'OTEL_METRIC_EXPORT_INTERVAL', value: '2000' }]));
    expect(env(prod)).toEqual(expect.arrayContaining([{ name: 'OTEL_BSP_SCHEDULE_DELAY', value: '5000' }, { name: 'OTEL_METRIC_EXPORT_INTERVAL', value: '15000' }]));
    expect(configOf(dev, 'otel-collector-config')['config.yaml']).toMatch(/batch:\n\s+send_batch_size: 8192\n\s+send_batch_max_size: 16384\n\s+timeout: 1s/);
    expect(configOf(prod, 'otel-collector-config')['config.yaml']).toMatch(/send_batch_max_size: 16384\n\s+timeout: 5s/);
    expect(configOf(dev, 'tempo-config')['tempo.yaml']).toMatch(/max_trace_idle: 1s\n\s+flush_check_period: 1s/);
    expect(configOf(prod, 'tempo-config')['tempo.yaml']).toMatch(/max_trace_idle: 10s\n\s+flush_check_period: 10s/);
  });
});
