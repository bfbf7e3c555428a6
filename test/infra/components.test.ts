/**
 * Each component construct alone in a Chart of the user's, with its own flat props: it takes the
 * Chart's namespace, honours each prop, and hands out typed endpoints.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Alertmanager } from '../../infra/alertmanager';
import { ClusterReceiver } from '../../infra/cluster-receiver';
import { OtelCollector } from '../../infra/collector';
import { NodeAgent } from '../../infra/node-agent';
import { DEFAULT_SAMPLING } from '../../settings/stack-settings';
import { DemoApp } from '../../infra/demo-app';
import { Endpoint } from '../../infra/endpoint';
import { Grafana } from '../../infra/grafana';
import { LoadGenerator } from '../../infra/load-generator';
import { Loki } from '../../infra/loki';
import { Prometheus } from '../../infra/prometheus';
import { Tempo } from '../../infra/tempo';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };
const chartIn = (namespace: string) => new Chart(Testing.app(), 'mine', { namespace });
const find = (objects: Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const fileOf = (objects: Obj[], configMap: string, file: string) => parse(find(objects, 'ConfigMap', configMap).data[file]);
const containerOf = (objects: Obj[], kind: string, name: string) => find(objects, kind, name).spec.template.spec.containers[0];
const envOf = (container: any): Record<string, string> => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? JSON.stringify(e.valueFrom)]));

describe('Loki alone', () => {
  it('lives in its Chart namespace and keeps its pinned image and default resources', () => {
    const chart = chartIn('logs');
    const loki = new Loki(chart, 'loki');
    const objects = Testing.synth(chart) as Obj[];
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['logs']));
    expect(loki.queryHttp.url()).toBe('http://loki.logs.svc:3100');
    expect(loki.otlpHttpBase).toBe('http://loki.logs.svc:3100/otlp');
    const container = containerOf(objects, 'StatefulSet', 'loki');
    expect(container.image).toMatch(/^grafana\/loki:\d+\.\d+\.\d+$/);
    expect(container.resources.limits.memory).toBe('1Gi');
    expect(fileOf(objects, 'loki-config', 'loki.yaml').limits_config).toMatchObject({ retention_period: '72h', ingestion_rate_mb: 4, ingestion_burst_size_mb: 8 });
  });

  it('honours retention, limits, a sized volume and a bucket whose credentials stay in their Secret', () => {
    const chart = chartIn('logs');
    new Loki(chart, 'loki', {
      retention: Duration.days(14), ingestionRateMb: 16, ingestionBurstMb: 32, storage: { size: Size.gibibytes(20), storageClass: 'fast' },
      objectStorage: { bucket: 'logs', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', credentialsSecret: 'loki-s3' },
    });
    const objects = Testing.synth(chart) as Obj[];
    const config = fileOf(objects, 'loki-config', 'loki.yaml');
    expect(config.limits_config).toMatchObject({ retention_period: '336h', ingestion_rate_mb: 16, ingestion_burst_size_mb: 32 });
    expect(config.common.storage.s3).toMatchObject({ bucketnames: 'logs', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', insecure: false });
    const set = find(objects, 'StatefulSet', 'loki');
    expect(set.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
    expect(set.spec.template.spec.containers[0].env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'AWS_SECRET_ACCESS_KEY' } } });
    expect(JSON.stringify(find(objects, 'ConfigMap', 'loki-config'))).not.toMatch(/AWS_|secret/i);
  });

  it('outside a Chart with a namespace: one line naming it', () => {
    expect(() => new Loki(new Chart(Testing.app(), 'bare'), 'loki')).toThrow('bare/loki: put it in a Chart with a namespace (its Services are addressed as <name>.<namespace>.svc)');
  });
});

describe('Tempo alone', () => {
  it('writes retention and the trace cut-off in Go durations and exposes OTLP by reference', () => {
    const chart = chartIn('traces');
    const tempo = new Tempo(chart, 'tempo', { retention: Duration.days(7), traceIdlePeriod: Duration.seconds(1), flushCheckPeriod: Duration.millis(1500) });
    const config = fileOf(Testing.synth(chart) as Obj[], 'tempo-config', 'tempo.yaml');
    expect(config.backend_worker.compaction.block_retention).toBe('168h');
    expect(config.live_store).toMatchObject({ max_trace_idle: '1s', flush_check_period: '1500ms' });
    expect(tempo.otlpGrpc.hostPort).toBe('tempo.traces.svc:4317');
  });
});

describe('Prometheus alone', () => {
  it('sizes retention from its props and its volume, and sends alerts where it is told', () => {
    const chart = chartIn('metrics');
    const prometheus = new Prometheus(chart, 'prometheus', {
      retention: Duration.days(15), storage: { size: Size.gibibytes(50) }, environment: 'prod', alertmanagers: [new Endpoint('am.alerts.svc', 9093)],
    });
    const objects = Testing.synth(chart) as Obj[];
    const args: string[] = containerOf(objects, 'StatefulSet', 'prometheus').args;
    expect(args).toContain('--storage.tsdb.retention.time=15d');
    expect(args).toContain(`--storage.tsdb.retention.size=${Math.floor((50 * 1024 * 0.85))}MB`);
    const config = fileOf(objects, 'prometheus-config', 'prometheus.yaml');
    expect(config.global.external_labels).toEqual({ environment: 'prod' });
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['am.alerts.svc:9093']);
    expect(prometheus.otlpHttpBase).toBe('http://prometheus.metrics.svc:9090/api/v1/otlp');
    // Alone, it watches itself: down and missing alerts and its own failure modes for its own job, no collector pipeline alerts.
    const groups = parse(find(objects, 'ConfigMap', 'prometheus-rules').data['stack.rules.yaml']).groups;
    expect(groups.map((g: any) => g.name)).toEqual(['service-red', 'service-slo', 'stack', 'prometheus']);
    expect(JSON.stringify(groups)).toContain('up{job=\\"prometheus\\"} == 0');
  });
});

describe('Alertmanager alone', () => {
  it('has null receivers by default, and mounts each receiver Secret it is given', () => {
    const quiet = chartIn('alerts');
    new Alertmanager(quiet, 'alertmanager');
    expect(find(Testing.synth(quiet) as Obj[], 'StatefulSet', 'alertmanager').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('secret-0');
    const chart = chartIn('alerts');
    new Alertmanager(chart, 'alertmanager', { receivers: { page: { slack: { secretName: 'slack-hook', channel: '#oncall' } }, ticket: {} } });
    const objects = Testing.synth(chart) as Obj[];
    expect(find(objects, 'StatefulSet', 'alertmanager').spec.template.spec.volumes).toContainEqual({ name: 'secret-0', secret: { secretName: 'slack-hook' } });
    expect(JSON.stringify(fileOf(objects, 'alertmanager-config', 'alertmanager.yaml'))).toContain('/etc/alertmanager/secrets/slack-hook/');
  });
});

describe('an Alertmanager cluster alone', () => {
  it('three replicas gossip through a headless peer Service (TCP and UDP), each advertising its pod IP; every replica receives alerts', () => {
    const chart = chartIn('alerts');
    const am = new Alertmanager(chart, 'alertmanager', { replicas: 3 });
    const objects = Testing.synth(chart) as Obj[];
    const set = find(objects, 'StatefulSet', 'alertmanager');
    expect(set.spec).toMatchObject({ replicas: 3, serviceName: 'alertmanager-peers' });
    const args: string[] = set.spec.template.spec.containers[0].args;
    expect(args).toEqual(expect.arrayContaining([
      '--cluster.listen-address=0.0.0.0:9094', '--cluster.advertise-address=$(POD_IP):9094',
      '--cluster.peer=alertmanager-0.alertmanager-peers.alerts.svc:9094', '--cluster.peer=alertmanager-2.alertmanager-peers.alerts.svc:9094',
    ]));
    expect(set.spec.template.spec.containers[0].env).toContainEqual({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    expect(find(objects, 'Service', 'alertmanager-peers').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(find(objects, 'PodDisruptionBudget', 'alertmanager').spec.maxUnavailable).toBe(1);
    expect(am.alertReceivers.map((e) => e.hostPort)).toEqual([0, 1, 2].map((i) => `alertmanager-${i}.alertmanager-peers.alerts.svc:9093`));
    expect(am.workload.ports.find((p) => p.name === 'cluster')).toEqual({ name: 'cluster', port: 9094, udp: true });
  });
});

describe('Grafana alone', () => {
  it('points its datasources at the APIs it is given and reads its admin Secret', () => {
    const chart = chartIn('ui');
    const grafana = new Grafana(chart, 'grafana', {
      prometheus: new Endpoint('prom.m.svc', 9090), tempo: new Endpoint('tempo.t.svc', 3200), loki: new Endpoint('loki.l.svc', 3100),
      adminCredentials: { secretName: 'my-admin', generateDevSecret: false }, anonymousAccess: true,
    });
    const objects = Testing.synth(chart) as Obj[];
    const urls = fileOf(objects, 'grafana-datasources', 'datasources.yaml').datasources.map((d: any) => d.url);
    expect(urls).toEqual(expect.arrayContaining(['http://prom.m.svc:9090', 'http://tempo.t.svc:3200', 'http://loki.l.svc:3100']));
    const env = envOf(containerOf(objects, 'StatefulSet', 'grafana'));
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toContain('"name":"my-admin"');
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(grafana.http.url()).toBe('http://grafana.ui.svc:3000');
  });
});

describe('DemoApp and LoadGenerator alone', () => {
  it('export to the collector they are given, at the intervals they are given, and the load targets the service', () => {
    const chart = chartIn('shop');
    const app = new DemoApp(chart, 'demo', { otlp: new Endpoint('otel.obs.svc', 4318), metricExportInterval: Duration.seconds(2), spanExportDelay: Duration.seconds(1), replicas: 3 });
    new LoadGenerator(chart, 'load', { target: app.http, rate: 20 });
    const objects = Testing.synth(chart) as Obj[];
    const demo = find(objects, 'Deployment', 'demo-app');
    expect(demo.spec.replicas).toBe(3);
    expect(envOf(demo.spec.template.spec.containers[0])).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel.obs.svc:4318', OTEL_METRIC_EXPORT_INTERVAL: '2000', OTEL_BSP_SCHEDULE_DELAY: '1000',
    });
    expect(envOf(containerOf(objects, 'Deployment', 'loadgen'))).toMatchObject({ LOADGEN_TARGET_URL: 'http://demo-app.shop.svc:8080', LOADGEN_RATE: '20' });
  });
});

describe('the collector tiers alone', () => {
  it('OtelCollector: sends each signal where it is told, and only there; a sampler tier with load-balanced sampling', () => {
    const chart = chartIn('otel');
    const collector = new OtelCollector(chart, 'collector', {
      traces: new Endpoint('tempo.t.svc', 4317), logs: 'http://loki.l.svc:3100/otlp', environment: 'shop', clusterName: 'eu-1',
      sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true, samplerReplicas: 3 }, replicas: 2, batchTimeout: Duration.seconds(1),
    });
    const objects = Testing.synth(chart) as Obj[];
    const gateway = fileOf(objects, 'otel-collector-config', 'config.yaml');
    expect(Object.keys(gateway.exporters)).toEqual(expect.arrayContaining(['load_balancing', 'otlp_http/loki']));
    expect(JSON.stringify(gateway.exporters)).not.toContain('prometheus');
    expect(gateway.processors.batch.timeout).toBe('1s');
    expect(JSON.stringify(gateway.processors.resource)).toContain('eu-1');
    const sampler = fileOf(objects, 'otel-sampler-config', 'config.yaml');
    expect(sampler.exporters['otlp_grpc/tempo'].endpoint).toBe('tempo.t.svc:4317');
    // No queue storage: the sampler tier queues in memory, so it is a Deployment of the given size.
    expect(find(objects, 'Deployment', 'otel-sampler').spec.replicas).toBe(3);
    expect(collector.otlpHttp.url()).toBe('http://otel-collector.otel.svc:4318');
    expect(collector.clusterOtlpGrpc).toBeUndefined();
    // Its k8s_attributes reader is cluster-scoped, so it is named after the namespace.
    expect(find(objects, 'ClusterRole', 'otel-otel-collector-k8s-attributes')).toBeDefined();
  });

  it('OtelCollector with the alloy distribution runs Alloy’s OTel Engine on the same YAML', () => {
    const chart = chartIn('otel');
    new OtelCollector(chart, 'collector', { distribution: 'alloy' });
    const container = containerOf(Testing.synth(chart) as Obj[], 'Deployment', 'otel-collector');
    expect(container.image).toMatch(/^grafana\/alloy:v/);
    expect(container.command).toEqual(['/bin/alloy']);
  });

  it('NodeAgent and ClusterReceiver send to the gateway they are given, at the interval they are given', () => {
    const agents = chartIn('agents');
    new NodeAgent(agents, 'agent', { gateway: new Endpoint('gw.otel.svc', 4319), collectionInterval: Duration.minutes(1), metricAllowlist: ['k8s.node.cpu.usage'] });
    const agentConfig = fileOf(Testing.synth(agents) as Obj[], 'otel-node-agent-config', 'config.yaml');
    expect(JSON.stringify(agentConfig.exporters)).toContain('gw.otel.svc:4319');
    expect(agentConfig.receivers.kubelet_stats.collection_interval).toBe('60s');
    const cluster = chartIn('otel');
    new ClusterReceiver(cluster, 'receiver', { gateway: new Endpoint('gw.otel.svc', 4319) });
    const objects = Testing.synth(cluster) as Obj[];
    expect(find(objects, 'Deployment', 'otel-cluster-receiver').spec.strategy).toEqual({ type: 'Recreate' });
    expect(JSON.stringify(fileOf(objects, 'otel-cluster-receiver-config', 'config.yaml').exporters)).toContain('gw.otel.svc:4319');
  });
});
