import { parse } from 'yaml';
import { CollectorComponents, LocalStack, localizeStack } from '../../scripts/e2e/localize';
import { objectsOf, synthesize } from '../support/synth';

/** The component listing of a full contrib build, and of the project's local build (which lacks four). */
const FULL: CollectorComponents = {
  receivers: ['otlp', 'prometheus'],
  processors: ['batch', 'k8s_attributes', 'memory_limiter', 'resource', 'resource_detection', 'tail_sampling', 'transform', 'redaction'],
  exporters: ['debug', 'load_balancing', 'otlp_grpc', 'otlp_http'],
  connectors: ['forward', 'span_metrics', 'servicegraph'],
  extensions: ['file_storage', 'health_check', 'pprof', 'zpages'],
};
const LOCAL: CollectorComponents = {
  ...FULL,
  processors: FULL.processors.filter((p) => !['transform', 'redaction'].includes(p)),
  connectors: ['forward'],
};

const objects = objectsOf(synthesize('dev'));
const localize = (components = LOCAL): LocalStack => localizeStack(objects, ['tempo', 'loki', 'prometheus', 'otel-collector'], '/tmp/e2e', components);
const configMap = (name: string, file: string) => parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data[file]);
const localFile = (stack: LocalStack, program: string, path: string) => parse(stack.programs.find((p) => p.name === program)!.files[path]);

/** Leaf paths whose values differ between two parsed configs (added and removed keys included). */
function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths((a as any)[k], (b as any)[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

describe('localizeStack', () => {
  it('gives every Service port a 127.0.0.1 port, moving only ports an earlier Service took', () => {
    const { addresses } = localize();
    expect(addresses['tempo.observability.svc:4317']).toBe('127.0.0.1:4317');
    expect(addresses['otel-collector.observability.svc:4317']).toBe('127.0.0.1:14317');
    expect(addresses['loki.observability.svc:9095']).toBe('127.0.0.1:19095');
    expect(addresses['prometheus.observability.svc:9090']).toBe('127.0.0.1:9090');
    expect(new Set(Object.values(addresses)).size).toBe(Object.keys(addresses).length);
  });

  it('changes in Tempo\'s config only the listen addresses and the data paths', () => {
    const before = configMap('tempo-config', 'tempo.yaml');
    const after = localFile(localize(), 'tempo', '/tmp/e2e/tempo/etc/tempo/tempo.yaml');
    expect(changedPaths(before, after).sort()).toEqual([
      'backend_scheduler.local_work_path',
      'distributor.receivers.otlp.protocols.grpc.endpoint', 'distributor.receivers.otlp.protocols.http.endpoint',
      'live_store.shutdown_marker_dir', 'live_store.wal.path',
      'server.grpc_listen_address', 'server.http_listen_address', 'storage.trace.local.path', 'storage.trace.wal.path',
    ]);
    expect(after.storage.trace.wal.path).toBe('/tmp/e2e/tempo/var/tempo/wal');
    expect(after.distributor.receivers.otlp.protocols.grpc.endpoint).toBe('127.0.0.1:4317');
  });

  it('moves Loki\'s gRPC port off the one Tempo holds, and its paths under the temp folder', () => {
    const before = configMap('loki-config', 'loki.yaml');
    const after = localFile(localize(), 'loki', '/tmp/e2e/loki/etc/loki/loki.yaml');
    expect(after.server).toEqual({ ...before.server, grpc_listen_port: 19095, http_listen_address: '127.0.0.1', grpc_listen_address: '127.0.0.1' });
    expect(after.common.path_prefix).toBe('/tmp/e2e/loki/var/loki');
    expect(changedPaths(before, after).every((p) => p.startsWith('server.') || /directory|path_prefix/.test(p))).toBe(true);
  });

  it('points the collector at the local backends, listens on 127.0.0.1, and lets k8s_attributes pass through', () => {
    const before = configMap('otel-collector-config', 'config.yaml');
    const after = localFile(localize(FULL), 'otel-collector', '/tmp/e2e/otel-collector/etc/otelcol/config.yaml');
    expect(after.exporters['otlp_grpc/tempo'].endpoint).toBe('127.0.0.1:4317');
    expect(after.exporters['otlp_http/loki'].endpoint).toBe('http://127.0.0.1:3100/otlp');
    expect(after.exporters['otlp_http/prometheus'].endpoint).toBe('http://127.0.0.1:9090/api/v1/otlp');
    expect(after.receivers.otlp.protocols.http.endpoint).toBe('127.0.0.1:14318');
    expect(after.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({ host: '127.0.0.1', port: 8888 });
    expect(after.processors.k8s_attributes.passthrough).toBe(true);
    expect(changedPaths(before, after).sort()).toEqual([
      'exporters.otlp_grpc/tempo.endpoint', 'exporters.otlp_http/loki.endpoint', 'exporters.otlp_http/prometheus.endpoint',
      'extensions.health_check.endpoint', 'processors.k8s_attributes.passthrough',
      'receivers.otlp.protocols.grpc.endpoint', 'receivers.otlp.protocols.http.endpoint',
      'service.telemetry.metrics.readers.0.pull.exporter.prometheus.host',
    ]);
  });

  it('removes exactly the components the build lacks, and their pipeline entries; deprecated aliases count as present', () => {
    const stack = localize();
    expect(stack.removed.sort()).toEqual(['connector/servicegraph', 'connector/span_metrics', 'processor/redaction/pii', 'processor/transform/drop_secrets']);
    const config = localFile(stack, 'otel-collector', '/tmp/e2e/otel-collector/etc/otelcol/config.yaml');
    const used = Object.values<any>(config.service.pipelines).flatMap((p) => [...p.receivers, ...p.processors, ...p.exporters]);
    expect(used).not.toEqual(expect.arrayContaining(['span_metrics']));
    expect(used.filter((c: string) => /transform|redaction|servicegraph|span_metrics/.test(c))).toEqual([]);
    // Whichever name the config uses (`resourcedetection` or `resource_detection`), the build has it.
    expect(Object.keys(config.processors).filter((k) => /^resource_?detection$/.test(k))).toHaveLength(1);
    expect(localize(FULL).removed).toEqual([]);
  });

  it("drops a pipeline that only a removed component fed (prod's sampler: service-graph metrics), and says so", () => {
    const prod = objectsOf(synthesize('prod')) as never;
    const stack = localizeStack(prod, ['otel-sampler'], '/tmp/e2e', LOCAL);
    expect(stack.removed.sort()).toEqual(['connector/servicegraph', 'pipeline/metrics']);
    const config = parse(Object.values(stack.programs[0].files)[0]);
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['traces', 'traces/sampled']);
    expect(localizeStack(prod, ['otel-sampler'], '/tmp/e2e', FULL).removed).toEqual([]);
  });

  it('moves argument paths under the temp folder and binds Prometheus to 127.0.0.1', () => {
    const prometheus = localize().programs.find((p) => p.name === 'prometheus')!;
    expect(prometheus.args).toEqual(expect.arrayContaining([
      '--config.file=/tmp/e2e/prometheus/etc/prometheus/prometheus.yaml', '--storage.tsdb.path=/tmp/e2e/prometheus/prometheus',
      '--storage.tsdb.retention.time=2d', '--web.listen-address=127.0.0.1:9090',
    ]));
    expect(Object.keys(prometheus.files).sort()).toEqual([
      '/tmp/e2e/prometheus/etc/prometheus/prometheus.yaml', '/tmp/e2e/prometheus/etc/prometheus/rules/stack.rules.yaml',
    ]);
    expect(prometheus.dataDirs).toEqual(['/tmp/e2e/prometheus/prometheus']);
    expect(prometheus.memoryRequest).toBe('384Mi');
  });

  it("replaces Prometheus's pod discovery with the local programs whose pods ask to be scraped, as discovery labels them", () => {
    const stack = localize();
    const config = localFile(stack, 'prometheus', '/tmp/e2e/prometheus/etc/prometheus/prometheus.yaml');
    const [job] = config.scrape_configs;
    expect(job.kubernetes_sd_configs).toBeUndefined();
    // The job's relabeling is kept: it runs on these labels as it would on discovered pods.
    expect(job.relabel_configs).toEqual(configMap('prometheus-config', 'prometheus.yaml').scrape_configs[0].relabel_configs);
    const groups = job.static_configs as Array<{ targets: string[]; labels: Record<string, string> }>;
    expect(groups.map((g) => g.labels.__meta_kubernetes_pod_label_app_kubernetes_io_name)).toEqual(['tempo', 'loki', 'prometheus', 'otel-collector']);
    const collector = groups[3];
    const metricsPort = stack.programs.find((p) => p.name === 'otel-collector')!.listens.find((l) => l.owner.includes('port 8888'))!.port;
    expect(collector.targets).toEqual([`127.0.0.1:${metricsPort}`]);
    expect(collector.labels).toMatchObject({
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true', __meta_kubernetes_pod_annotation_prometheus_io_port: String(metricsPort),
      __meta_kubernetes_pod_ip: '127.0.0.1', __meta_kubernetes_pod_phase: 'Running', __meta_kubernetes_namespace: 'observability',
    });
    expect(stack.scrapes).toEqual([`stack-pods: tempo at ${groups[0].targets[0]}, loki at ${groups[1].targets[0]}, prometheus at ${groups[2].targets[0]}, otel-collector at 127.0.0.1:${metricsPort}`]);
  });

  it('with a port source, takes every port from it: Service ports and the listen ports no Service names', () => {
    let next = 40000;
    const stack = localizeStack(objects, ['tempo', 'loki', 'prometheus', 'otel-collector'], '/tmp/e2e', LOCAL, () => next++);
    const ports = (p: string) => stack.programs.find((x) => x.name === p)!.listens.map((l) => l.port);
    const tempo = localFile(stack, 'tempo', '/tmp/e2e/tempo/etc/tempo/tempo.yaml');
    expect(ports('tempo')).toEqual(expect.arrayContaining([tempo.server.http_listen_port, tempo.server.grpc_listen_port]));
    expect(tempo.server.grpc_listen_port).not.toBe(9095); // no Service names Tempo's gRPC port
    const collector = localFile(stack, 'otel-collector', '/tmp/e2e/otel-collector/etc/otelcol/config.yaml');
    expect(collector.extensions.pprof.endpoint).toMatch(/^localhost:4\d{4}$/);
    expect(collector.extensions.zpages.endpoint).toMatch(/^localhost:4\d{4}$/);
    expect(collector.exporters['otlp_grpc/tempo'].endpoint).toBe(`127.0.0.1:${tempo.distributor.receivers.otlp.protocols.grpc.endpoint.split(':')[1]}`);
    const all = stack.programs.flatMap((p) => p.listens.map((l) => l.port));
    expect(all.every((port) => port >= 40000)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(stack.programs.find((p) => p.name === 'tempo')!.listens).toContainEqual({ port: tempo.server.grpc_listen_port, owner: "tempo's port 9095 in the pod" });
  });

  it('names a workload the manifests do not have', () => {
    expect(() => localizeStack(objects, ['mimir'], '/tmp/e2e', LOCAL)).toThrow("no Deployment or StatefulSet named 'mimir'");
  });
});
