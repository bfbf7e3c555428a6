/** scripts/e2e-ha/rewrite.ts: prod's HA topology as processes, changed only where a pod differs from a process. */
import { parse } from 'yaml';
import { hostRewriter, localizeHa, replicasOf, rewriteListen } from '../../scripts/e2e-ha/rewrite';
import { objectsOf, synthesize } from '../support/synth';

const prod = objectsOf(synthesize('prod')) as any[];
const collector = {
  receivers: ['otlp'], processors: ['batch', 'memory_limiter', 'k8s_attributes', 'resource', 'resource_detection', 'tail_sampling'],
  exporters: ['otlp_grpc', 'otlp_http', 'load_balancing'], connectors: ['forward'], extensions: ['health_check', 'file_storage'],
};
const WORKLOADS = ['loki', 'tempo', 'prometheus', 'alertmanager', 'otel-sampler', 'otel-collector', 'demo-app'];
const stack = localizeHa(prod, { workloads: WORKLOADS, addressOf: (n) => `127.9.9.${n + 2}`, work: '/w', collector, webhookUrl: 'http://127.0.0.1:1234', loopbackPort: () => 40123 });
const pod = (name: string) => stack.pods.find((p) => p.name === name)!;
const file = (name: string, suffix: string) => parse(Object.entries(pod(name).files).find(([f]) => f.endsWith(suffix))![1]);
const workload = (name: string) => prod.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name);

describe('localizeHa', () => {
  it('runs as many pods per workload as prod deploys (StatefulSet replicas, else the autoscaler minimum), each on its own address', () => {
    for (const name of WORKLOADS) expect(stack.pods.filter((p) => p.workload === name)).toHaveLength(replicasOf(prod, workload(name)));
    expect(stack.pods.filter((p) => p.workload === 'loki')).toHaveLength(3);
    expect(stack.pods.filter((p) => p.workload === 'otel-collector')).toHaveLength(2);
    expect(new Set(stack.pods.map((p) => p.address)).size).toBe(stack.pods.length);
  });

  it('keeps each pod\'s ports and gives a ClusterIP Service an address of its own over its pods', () => {
    expect(pod('alertmanager-1').ports).toEqual(workload('alertmanager').spec.template.spec.containers[0].ports.map((p: any) => p.containerPort));
    const loki = stack.services.find((s) => s.name === 'loki')!;
    expect(loki.pods).toEqual(['loki-0', 'loki-1', 'loki-2']);
    expect(stack.pods.map((p) => p.address)).not.toContain(loki.address);
    // Headless Services get no proxy: their names resolve to the pods.
    expect(stack.services.map((s) => s.name)).not.toContain('otel-sampler');
  });

  it('points the gateways\' load_balancing exporter at every sampler\'s address with a static resolver', () => {
    const exporter = file('otel-collector-0', 'config.yaml').exporters.load_balancing;
    expect(exporter.resolver).toEqual({ static: { hostnames: stack.pods.filter((p) => p.workload === 'otel-sampler').map((p) => `${p.address}:4317`) } });
    expect(exporter.routing_key).toBe('traceID');
  });

  it('resolves pod DNS names and $(POD_IP) in Alertmanager\'s peers and Prometheus\'s Alertmanagers', () => {
    const am = pod('alertmanager-1');
    const addresses = stack.pods.filter((p) => p.workload === 'alertmanager').map((p) => p.address);
    expect(am.args.filter((a) => a.startsWith('--cluster.peer='))).toEqual(addresses.map((a) => `--cluster.peer=${a}:9094`));
    expect(am.args).toContain(`--cluster.advertise-address=${am.address}:9094`);
    expect(am.args).toContain(`--web.listen-address=${am.address}:9093`);
    expect(file('prometheus-0', 'prometheus.yaml').alerting.alertmanagers[0].static_configs[0].targets).toEqual(addresses.map((a) => `${a}:9093`));
    expect(pod('prometheus-0').args).toContain(`--web.listen-address=${pod('prometheus-0').address}:9090`);
  });

  it('sends every Alertmanager receiver to the test webhook and keeps the routing tree', () => {
    const config = file('alertmanager-0', 'alertmanager.yaml');
    const generated = parse(prod.find((o) => o.metadata.name === 'alertmanager-config').data['alertmanager.yaml']);
    expect(config.route).toEqual(generated.route);
    expect(config.receivers).toEqual(generated.receivers.map((r: any) => ({ name: r.name, webhook_configs: [{ url: `http://127.0.0.1:1234/${r.name}`, send_resolved: true }] })));
  });

  it('points the collectors at the Services\' local addresses, with k8s_attributes in passthrough and missing components removed', () => {
    const gateway = file('otel-collector-1', 'config.yaml');
    const loki = stack.services.find((s) => s.name === 'loki')!;
    expect(gateway.exporters['otlp_http/loki'].endpoint).toBe(`http://${loki.address}:3100/otlp`);
    expect(gateway.processors.k8s_attributes.passthrough).toBe(true);
    expect(gateway.receivers.otlp.protocols.grpc.endpoint).toBe(`${pod('otel-collector-1').address}:4317`);
    expect(stack.removed).toEqual(expect.arrayContaining(['processor/transform/drop_secrets', 'connector/span_metrics', 'connector/servicegraph']));
  });

  it('stands a shared local folder in for the buckets and keeps each replica\'s own folder', () => {
    const [one, two] = ['loki-0', 'loki-1'].map((n) => file(n, 'loki.yaml'));
    expect(one.common.storage).toEqual(two.common.storage);
    expect(one.common.path_prefix).not.toBe(two.common.path_prefix);
    expect(file('tempo-0', 'tempo.yaml').storage.trace).toMatchObject({ backend: 'local', local: { path: '/w/object-store/traces' } });
    // Monolithic Tempo dials its own gRPC server at 127.0.0.1: it listens there, on the port given.
    expect(file('tempo-0', 'tempo.yaml').server).toMatchObject({ http_listen_address: pod('tempo-0').address, grpc_listen_address: '127.0.0.1', grpc_listen_port: 40123 });
    expect(pod('otel-sampler-1').dataDirs).toContain('/w/otel-sampler-1/var/lib/otelcol/queue');
  });

  it('fills the downward API (pod name, pod IP) and expands $(VAR) as Kubernetes does', () => {
    const app = pod('demo-app-1');
    expect(app.env.OTEL_RESOURCE_ATTRIBUTES).toContain('k8s.pod.name=demo-app-1');
    expect(app.env.HOST).toBe(app.address);
    expect(app.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(`http://${stack.services.find((s) => s.name === 'otel-collector')!.address}:4318`);
  });
});

describe('hostRewriter and rewriteListen', () => {
  const rewrite = hostRewriter(new Map([['am-0.am-peers.ns.svc', '127.1.1.2'], ['am.ns.svc', '127.1.1.9']]), new Set(['am-peers.ns.svc']));

  it('maps pod and Service names, with or without .cluster.local, and not inside longer names', () => {
    expect(rewrite('am-0.am-peers.ns.svc.cluster.local:9094')).toBe('127.1.1.2:9094');
    expect(rewrite('http://am.ns.svc:9093/x')).toBe('http://127.1.1.9:9093/x');
    expect(rewrite('xam.ns.svc:1')).toBe('xam.ns.svc:1');
  });

  it('refuses a headless Service name it cannot resolve to one address', () => {
    expect(() => rewrite('dns+am-peers.ns.svc:9094')).toThrow("the headless Service 'am-peers.ns.svc' is named in 'dns+am-peers.ns.svc:9094'");
  });

  it('moves wildcard and port-only listen addresses to the pod\'s address', () => {
    expect(rewriteListen('0.0.0.0:4317', '127.1.1.2')).toBe('127.1.1.2:4317');
    expect(rewriteListen('--web.listen-address=:9093', '127.1.1.2')).toBe('--web.listen-address=127.1.1.2:9093');
    expect(rewriteListen('0.0.0.0', '127.1.1.2')).toBe('127.1.1.2');
    expect(rewriteListen('10.0.0.1:80', '127.1.1.2')).toBe('10.0.0.1:80');
  });
});
