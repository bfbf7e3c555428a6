import { GatewayConfigProps, GatewayTargets, PII_VALUE_PATTERNS, SECRET_ATTRIBUTE_PATTERN, gatewayConfig } from '../../config/collector';
import { placeAdditions } from '../../config/collector-additions';
import { deliveryOptions } from '../../config/collector-common';
import { samplerConfig, SamplerConfigProps } from '../../config/collector-sampler';
import { COMPONENT_KINDS, distributionProblems } from '../../settings/collector-distribution';
import { TIER_COMPONENTS, destinationIds } from '../../settings/collector-tiers';
import type { CollectorConfig } from '../../settings/otelcol-types';
import type { CollectorAdditions, DestinationSettings } from '../../settings/schema';
import { DEFAULT_SAMPLING } from '../../settings/stack-settings';

const ports = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 };
const targets = {
  tracesOtlpGrpc: 'tempo.obs.svc:4317',
  logsOtlpHttp: 'http://loki.obs.svc:3100/otlp',
  metricsOtlpHttp: 'http://prometheus.obs.svc:9090/api/v1/otlp',
};
const base: GatewayConfigProps = {
  ports, environment: 'test', clusterName: 'c1', memoryLimitBytes: 1024 * 2 ** 20, sampling: DEFAULT_SAMPLING,
  corsAllowedOrigins: [], debugExporter: false, profiling: false,
};
const build = (overrides: Partial<GatewayConfigProps> = {}, to: GatewayTargets = targets) => gatewayConfig({ ...base, ...overrides }, to);
const sampled = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true } });
const everything = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true }, debugExporter: true, profiling: true, queueDirectory: '/q' });
const samplerTier = { hostname: 'otel-sampler.obs.svc', port: 4317 };

/** Two traces destinations (one with a header from a Secret and a CA), one for logs, one for metrics. */
const destinations: DestinationSettings = {
  traces: [
    { protocol: 'otlp_http', endpoint: 'https://otlp.vendor.example/otlp', headersSecret: 'vendor', headers: { authorization: 'token' }, tls: { caConfigMap: 'vendor-ca' } },
    { protocol: 'otlp_grpc', endpoint: 'tempo.vendor.example:443' },
  ],
  logs: [{ protocol: 'otlp_grpc', endpoint: 'loki.vendor.example:443', tls: { insecure: true } }],
  metrics: [{ protocol: 'otlp_http', endpoint: 'https://mimir.example.com/otlp' }],
};
const exportersOf = (config: CollectorConfig) => Object.keys(config.exporters);
/** Ids of `config` that are neither among `tier`'s own in settings/collector-tiers.ts nor `extra`. */
const unlisted = (config: CollectorConfig, tier: keyof typeof TIER_COMPONENTS, extra: readonly string[] = []) => COMPONENT_KINDS
  .flatMap((kind) => Object.keys(config[kind]).filter((id) => !TIER_COMPONENTS[tier][kind].includes(id) && !extra.includes(id)));

/** Every component the service section names is defined, and every defined one is used. */
function pipelineSanity(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const pipelines = Object.entries(config.service.pipelines);
  const connectors = new Set(Object.keys(config.connectors));
  for (const [name, p] of pipelines) {
    for (const r of p.receivers) if (!(r in config.receivers) && !connectors.has(r)) problems.push(`${name}: receiver ${r} undefined`);
    for (const e of p.exporters) if (!(e in config.exporters) && !connectors.has(e)) problems.push(`${name}: exporter ${e} undefined`);
    for (const x of p.processors) if (!(x in config.processors)) problems.push(`${name}: processor ${x} undefined`);
    if (p.processors[0] !== 'memory_limiter') problems.push(`${name}: memory_limiter is not first`);
    // A pipeline that exports only to connectors hands its spans on in process: it need not batch.
    const exportsOut = p.exporters.some((e) => !connectors.has(e));
    if ((exportsOut || p.processors.includes('batch')) && p.processors.at(-1) !== 'batch') problems.push(`${name}: batch is not last`);
  }
  const used = new Set(pipelines.flatMap(([, p]) => [...p.receivers, ...p.processors, ...p.exporters]));
  for (const defined of [...Object.keys(config.receivers), ...Object.keys(config.processors), ...Object.keys(config.exporters), ...connectors]) {
    if (!used.has(defined)) problems.push(`${defined} is defined but unused`);
  }
  for (const c of connectors) {
    const asExporter = pipelines.some(([, p]) => p.exporters.includes(c));
    const asReceiver = pipelines.some(([, p]) => p.receivers.includes(c));
    if (!asExporter || !asReceiver) problems.push(`connector ${c} must be both exporter and receiver`);
  }
  for (const e of config.service.extensions) if (!(e in config.extensions)) problems.push(`extension ${e} undefined`);
  return problems;
}

describe('gatewayConfig', () => {
  it.each([['plain', build()], ['sampled', sampled], ['everything on', everything]])('passes pipeline sanity (%s)', (_, config) => {
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('pipeline sanity catches a processor out of place, an undefined exporter and an unused component', () => {
    const broken = build();
    broken.service.pipelines.logs.processors = ['batch', 'memory_limiter'];
    broken.service.pipelines.metrics.exporters.push('otlp_http/mimir');
    (broken.processors as Record<string, object>).filter = {};
    expect(pipelineSanity(broken)).toEqual([
      'metrics: exporter otlp_http/mimir undefined',
      'logs: memory_limiter is not first',
      'logs: batch is not last',
      'filter is defined but unused',
    ]);
  });

  it('binds OTLP receivers and health_check to all interfaces (the collector defaults to localhost)', () => {
    const config = build();
    expect(config.receivers.otlp?.protocols.grpc?.endpoint).toBe('0.0.0.0:4317');
    expect(config.receivers.otlp?.protocols.http?.endpoint).toBe('0.0.0.0:4318');
    expect(config.extensions.health_check).toEqual({ endpoint: '0.0.0.0:13133' });
  });

  it('derives memory_limiter from the container memory limit', () => {
    expect(build().processors.memory_limiter).toEqual({ check_interval: '1s', limit_mib: 819, spike_limit_mib: 204 });
    expect(build({ memoryLimitBytes: 256 * 2 ** 20 }).processors.memory_limiter).toMatchObject({ limit_mib: 204 });
  });

  it('enriches in order: k8s_attributes, resource_detection, resource (environment and cluster)', () => {
    const config = build();
    expect(config.service.pipelines.traces.processors.slice(0, 4)).toEqual(['memory_limiter', 'k8s_attributes', 'resource_detection', 'resource']);
    expect(config.processors.resource).toEqual({ attributes: [
      { key: 'k8s.cluster.name', value: 'c1', action: 'upsert' },
      { key: 'deployment.environment.name', value: 'test', action: 'insert' },
    ] });
    expect(config.processors.resource_detection).toMatchObject({ detectors: ['env', 'system'] });
  });

  it('scrubs credentials and PII from traces and logs, not from metrics', () => {
    const config = build();
    for (const signal of ['traces', 'logs']) {
      expect(config.service.pipelines[signal].processors).toEqual(expect.arrayContaining(['transform/drop_secrets', 'redaction/pii']));
    }
    expect(config.service.pipelines.metrics.processors).not.toContain('redaction/pii');
    expect(config.processors['redaction/pii']).toMatchObject({ allow_all_keys: true, hash_function: 'sha3' });
  });

  it('deletes credential-like keys and matches e-mail and card numbers (the patterns, checked as regexes)', () => {
    const secret = new RegExp(SECRET_ATTRIBUTE_PATTERN.replace('(?i)', ''), 'i');
    for (const key of ['authorization', 'http.request.header.authorization', 'password', 'db.password', 'api_key', 'x-api-key', 'user.token']) {
      expect(key).toMatch(secret);
    }
    for (const key of ['http.route', 'tokens_used', 'user.id', 'passport']) expect(key).not.toMatch(secret);
    const [email, card] = PII_VALUE_PATTERNS.map((p) => new RegExp(p));
    expect('contact jane.doe@example.org now').toMatch(email);
    expect('card 4111 1111 1111 1111').toMatch(card);
    expect('order 12345').not.toMatch(card);
  });

  it('computes span metrics and the service graph from every span, before tail sampling', () => {
    const { traces, 'traces/sampled': tail, metrics } = sampled.service.pipelines;
    expect(traces.processors).not.toContain('tail_sampling');
    expect(traces.exporters).toEqual(['span_metrics', 'servicegraph', 'forward/sampling']);
    expect(tail).toEqual({ receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: ['otlp_grpc/tempo'] });
    expect(metrics.receivers).toEqual(['otlp', 'span_metrics', 'servicegraph']);
    expect(sampled.connectors.span_metrics).toMatchObject({ namespace: 'traces.span.metrics', histogram: { unit: 's' }, exemplars: { enabled: true } });
  });

  it('keeps errors, slow and flagged traces and a share of the rest', () => {
    expect(sampled.processors.tail_sampling).toEqual(expect.objectContaining({ decision_wait: '10s', policies: [
      { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
      { name: 'slow', type: 'latency', latency: { threshold_ms: 1000 } },
      { name: 'keep-priority', type: 'string_attribute', string_attribute: { key: 'priority', values: ['high'] } },
      { name: 'rest', type: 'probabilistic', probabilistic: { sampling_percentage: 10 } },
    ] }));
    expect(build().processors).not.toHaveProperty('tail_sampling');
  });

  it('decides a second after the root span arrives, and late spans follow their trace\'s decision', () => {
    expect(sampled.processors.tail_sampling).toMatchObject({
      decision_wait_after_root_received: '1s',
      decision_cache: { sampled_cache_size: 200000, non_sampled_cache_size: 200000 },
    });
    const waitsOut = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true, decisionAfterRootSeconds: 0 } });
    expect(waitsOut.processors.tail_sampling).not.toHaveProperty('decision_wait_after_root_received');
  });

  it('sends each signal to its one backend through current exporter names, retried and queued', () => {
    const config = build();
    expect(config.exporters['otlp_grpc/tempo']).toMatchObject({ endpoint: targets.tracesOtlpGrpc, tls: { insecure: true } });
    expect(config.exporters['otlp_http/loki']).toMatchObject({ endpoint: targets.logsOtlpHttp });
    expect(config.exporters['otlp_http/prometheus']).toMatchObject({ endpoint: targets.metricsOtlpHttp });
    const backends = Object.values(config.service.pipelines).flatMap((p) => p.exporters).filter((e) => e.includes('/'));
    expect(backends.sort()).toEqual(['otlp_grpc/tempo', 'otlp_http/loki', 'otlp_http/prometheus']);
    for (const exporter of Object.values(config.exporters)) {
      expect(exporter).toMatchObject({ retry_on_failure: { enabled: true }, sending_queue: { enabled: true } });
    }
    const removed = ['logging', 'loki', 'otlp', 'otlphttp', 'prometheusremotewrite', 'prometheus'];
    for (const name of Object.keys(config.exporters)) expect(removed).not.toContain(name.split('/')[0]);
  });

  it('puts the export queues in file_storage when given a directory', () => {
    expect(everything.extensions['file_storage/queue']).toMatchObject({ directory: '/q' });
    for (const name of ['otlp_grpc/tempo', 'otlp_http/loki', 'otlp_http/prometheus']) {
      expect((everything.exporters as Record<string, object>)[name]).toMatchObject({ sending_queue: { storage: 'file_storage/queue' } });
      expect((build().exporters as Record<string, object>)[name]).not.toHaveProperty('sending_queue.storage');
    }
  });

  it('adds a sampled debug exporter, pprof and zpages (on loopback) only when asked', () => {
    expect(everything.exporters.debug).toMatchObject({ verbosity: 'basic', sampling_initial: 5 });
    expect(everything.extensions.pprof).toEqual({ endpoint: 'localhost:1777' });
    expect(everything.service.extensions).toEqual(expect.arrayContaining(['pprof', 'zpages', 'file_storage/queue', 'health_check']));
    expect(build().exporters).not.toHaveProperty('debug');
    expect(build().service.extensions).toEqual(['health_check']);
  });

  it('allows CORS only for configured origins', () => {
    expect(build().receivers.otlp?.protocols.http).not.toHaveProperty('cors');
    expect(build({ corsAllowedOrigins: ['https://shop.example.com'] }).receivers.otlp?.protocols.http?.cors).toEqual({ allowed_origins: ['https://shop.example.com'] });
  });

  it('batches for 5 s by default and for the given timeout otherwise, in Go duration notation', () => {
    expect(build().processors.batch).toEqual(expect.objectContaining({ timeout: '5s' }));
    expect(build({ batchTimeoutMs: 250 }).processors.batch).toEqual(expect.objectContaining({ timeout: '250ms' }));
  });

  it('exposes its own metrics through a pull reader (the old telemetry.metrics.address is gone)', () => {
    expect(build().service.telemetry.metrics).not.toHaveProperty('address');
    expect(build().service.telemetry.metrics.readers).toEqual([{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }]);
  });
});

describe('gatewayConfig: in-cluster backends and destinations', () => {
  it('sends each signal to its backend, then any local exporter, then one exporter per destination', () => {
    const config = build({ destinations, debugExporter: true, clusterOtlpGrpcPort: 4319 });
    const { traces, metrics, logs, 'metrics/cluster': clusterMetrics, 'logs/cluster': clusterLogs } = config.service.pipelines;
    expect(traces.exporters).toEqual(['span_metrics', 'servicegraph', 'otlp_grpc/tempo', 'debug', 'otlp_http/traces-0', 'otlp_grpc/traces-1']);
    expect(metrics.exporters).toEqual(['otlp_http/prometheus', 'debug', 'otlp_http/metrics-0']);
    expect(logs.exporters).toEqual(['otlp_http/loki', 'debug', 'otlp_grpc/logs-0']);
    expect(clusterMetrics.exporters).toEqual(['otlp_http/prometheus', 'otlp_http/metrics-0']);
    expect(clusterLogs.exporters).toEqual(['otlp_http/loki', 'otlp_grpc/logs-0']);
    expect(exportersOf(config)).toEqual([
      'otlp_grpc/tempo', 'otlp_http/loki', 'otlp_http/prometheus', 'debug', 'otlp_http/traces-0', 'otlp_grpc/traces-1', 'otlp_grpc/logs-0', 'otlp_http/metrics-0',
    ]);
    expect(pipelineSanity(config)).toEqual([]);
  });

  it("writes a destination's headers as references to the pod's environment, its TLS and the tier's queue", () => {
    const config = build({ destinations, queueDirectory: '/q' });
    const exporters = config.exporters as Record<string, object>;
    expect(exporters['otlp_http/traces-0']).toEqual({
      endpoint: 'https://otlp.vendor.example/otlp',
      headers: { authorization: '${env:OTEL_LGTM_TRACES_0_AUTHORIZATION}' },
      tls: { ca_file: '/etc/otelcol/destinations/vendor-ca/ca.crt' },
      retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' },
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 5000, storage: 'file_storage/queue' },
    });
    expect(exporters['otlp_grpc/traces-1']).not.toHaveProperty('tls');
    expect(exporters['otlp_grpc/logs-0']).toMatchObject({ endpoint: 'loki.vendor.example:443', tls: { insecure: true } });
  });

  it.each([
    ['traces', { logsOtlpHttp: targets.logsOtlpHttp, metricsOtlpHttp: targets.metricsOtlpHttp }, 'otlp_grpc/tempo'],
    ['logs', { tracesOtlpGrpc: targets.tracesOtlpGrpc, metricsOtlpHttp: targets.metricsOtlpHttp }, 'otlp_http/loki'],
    ['metrics', { tracesOtlpGrpc: targets.tracesOtlpGrpc, logsOtlpHttp: targets.logsOtlpHttp }, 'otlp_http/prometheus'],
  ] as const)('with the %s backend off: no exporter for it, the destinations in its place', (signal, to, backend) => {
    const config = build({ destinations, clusterOtlpGrpcPort: 4319 }, to);
    expect(exportersOf(config)).not.toContain(backend);
    const ids = destinationIds({ traces: [], logs: [], metrics: [], [signal]: destinations[signal] });
    const sending = Object.entries(config.service.pipelines).filter(([, p]) => ids.some((id) => p.exporters.includes(id)));
    for (const [name, p] of sending) expect([name, p.exporters.slice(-ids.length)]).toEqual([name, ids]);
    expect(sending.length).toBe(signal === 'traces' ? 1 : 2);
    expect(Object.values(config.service.pipelines).flatMap((p) => p.exporters)).not.toContain(backend);
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('with every backend off, sends everything to the destinations only', () => {
    const config = build({ destinations, sampling: { ...DEFAULT_SAMPLING, enabled: true } }, {});
    expect(config.service.pipelines['traces/sampled'].exporters).toEqual(['otlp_http/traces-0', 'otlp_grpc/traces-1']);
    expect(config.service.pipelines.metrics.exporters).toEqual(['otlp_http/metrics-0']);
    expect(config.service.pipelines.logs.exporters).toEqual(['otlp_grpc/logs-0']);
    expect(exportersOf(config)).toEqual(destinationIds(destinations));
    expect(JSON.stringify(config)).not.toMatch(/tempo\.obs|loki\.obs|prometheus\.obs/);
  });

  it('sends sampled traces only: the traces destinations follow tail sampling', () => {
    const config = build({ destinations, sampling: { ...DEFAULT_SAMPLING, enabled: true } });
    expect(config.service.pipelines.traces.exporters).toEqual(['span_metrics', 'servicegraph', 'forward/sampling']);
    expect(config.service.pipelines['traces/sampled'].exporters).toEqual(['otlp_grpc/tempo', 'otlp_http/traces-0', 'otlp_grpc/traces-1']);
  });

  it('with a sampler tier, routes traces by trace ID to it and leaves Tempo and the traces destinations to it', () => {
    const config = build({ destinations, sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true } }, { ...targets, samplerTier });
    expect(config.service.pipelines.traces.exporters).toEqual(['span_metrics', 'load_balancing']);
    expect(config.exporters.load_balancing).toMatchObject({ routing_key: 'traceID', resolver: { dns: { hostname: 'otel-sampler.obs.svc', port: '4317' } } });
    expect(exportersOf(config)).toEqual(['load_balancing', 'otlp_http/loki', 'otlp_http/prometheus', 'otlp_grpc/logs-0', 'otlp_http/metrics-0']);
    expect(config.processors).not.toHaveProperty('tail_sampling');
    expect(config.connectors).not.toHaveProperty('servicegraph');
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('retries a batch for a sampler that is down through the ring, so it reaches the sampler owning its trace then', () => {
    const lb = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true } }, { ...targets, samplerTier }).exporters.load_balancing!;
    // Queue and retry on the balancer: a retried batch is routed again after the resolver drops the sampler.
    expect(lb.retry_on_failure).toMatchObject({ enabled: true, max_elapsed_time: '300s' });
    expect(lb.sending_queue).toMatchObject({ enabled: true, queue_size: 5000 });
    // None per sampler: its exporter is shut down with whatever it holds once the sampler leaves the ring.
    expect(lb.protocol.otlp).toMatchObject({ retry_on_failure: { enabled: false }, sending_queue: { enabled: false } });
    expect(lb.resolver.dns).toMatchObject({ interval: '5s', timeout: '1s' });
  });
});

describe('gatewayConfig: the user\'s additions', () => {
  const additions: CollectorAdditions = {
    processors: { 'attributes/team': { actions: [{ key: 'team', value: 'shop', action: 'insert' }] }, 'filter/health': { error_mode: 'ignore' } },
    exporters: { 'otlp_http/vendor': { endpoint: 'https://otlp.vendor.example', ...deliveryOptions() } },
    pipelines: {
      traces: { processors: ['attributes/team', 'filter/health'], exporters: ['otlp_http/vendor'] },
      logs: { processors: ['attributes/team'] },
    },
  };
  const config = build({ additions, destinations, clusterOtlpGrpcPort: 4319 });

  it('places processors before batch and exporters after the stack\'s own and the destinations, in the named pipelines only', () => {
    const { traces, logs, metrics, 'logs/cluster': clusterLogs } = config.service.pipelines;
    expect(traces.processors.slice(-3)).toEqual(['attributes/team', 'filter/health', 'batch']);
    expect(traces.exporters.slice(-2)).toEqual(['otlp_grpc/traces-1', 'otlp_http/vendor']);
    expect(logs.processors.slice(-2)).toEqual(['attributes/team', 'batch']);
    expect(logs.exporters).toEqual(['otlp_http/loki', 'otlp_grpc/logs-0']);
    expect(metrics).toEqual(build({ destinations, clusterOtlpGrpcPort: 4319 }).service.pipelines.metrics);
    expect(clusterLogs.processors).not.toContain('attributes/team');
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('defines them after the stack\'s own components', () => {
    expect(Object.keys(config.processors).slice(-3)).toEqual(['batch', 'attributes/team', 'filter/health']);
    expect(exportersOf(config).at(-1)).toBe('otlp_http/vendor');
    expect(config.exporters['otlp_http/vendor']).toEqual(additions.exporters!['otlp_http/vendor']);
  });

  it('places into a tail-sampled traces pipeline before tail sampling\'s batch, not after it', () => {
    const local = build({ additions, sampling: { ...DEFAULT_SAMPLING, enabled: true } });
    expect(local.service.pipelines.traces.processors.slice(-3)).toEqual(['attributes/team', 'filter/health', 'batch']);
    expect(local.service.pipelines['traces/sampled'].processors).toEqual(['memory_limiter', 'tail_sampling', 'batch']);
  });

  it('stops on a pipeline validation would have refused (a caller that skipped it)', () => {
    expect(() => placeAdditions(config.service.pipelines, { pipelines: { profiles: {} } } as never))
      .toThrow(/^collector.additions.pipelines.profiles: no such pipeline \(one of traces, /);
  });
});

describe('samplerConfig', () => {
  const sampler: SamplerConfigProps = { ports, memoryLimitBytes: 2 ** 30, sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true }, debugExporter: false, profiling: false };
  const config = samplerConfig(sampler, targets);

  it('builds the service graph from whole traces, then tail-samples and sends to Tempo', () => {
    expect(config.service.pipelines).toEqual({
      // No batch before tail sampling: the gateway batched already, and a crash would lose what it holds.
      traces: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['servicegraph', 'forward/sampling'] },
      'traces/sampled': { receivers: ['forward/sampling'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: ['otlp_grpc/tempo'] },
      metrics: { receivers: ['servicegraph'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_http/prometheus'] },
    });
    expect(config.exporters['otlp_grpc/tempo']).toMatchObject({ endpoint: targets.tracesOtlpGrpc, tls: { insecure: true } });
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('sends sampled traces and the service graph to the destinations too, never logs (they do not pass this tier)', () => {
    const config = samplerConfig({ ...sampler, destinations, debugExporter: true, queueDirectory: '/q' }, targets);
    expect(config.service.pipelines['traces/sampled'].exporters).toEqual(['otlp_grpc/tempo', 'debug', 'otlp_http/traces-0', 'otlp_grpc/traces-1']);
    expect(config.service.pipelines.metrics.exporters).toEqual(['otlp_http/prometheus', 'debug', 'otlp_http/metrics-0']);
    expect(exportersOf(config)).toEqual(['otlp_grpc/tempo', 'otlp_http/prometheus', 'debug', 'otlp_http/traces-0', 'otlp_grpc/traces-1', 'otlp_http/metrics-0']);
    expect((config.exporters as Record<string, object>)['otlp_http/traces-0']).toMatchObject({ sending_queue: { storage: 'file_storage/queue' } });
    expect(pipelineSanity(config)).toEqual([]);
  });

  it('with Tempo and Prometheus off: no exporter for them, the destinations in their place', () => {
    const config = samplerConfig({ ...sampler, destinations }, {});
    expect(config.service.pipelines['traces/sampled'].exporters).toEqual(['otlp_http/traces-0', 'otlp_grpc/traces-1']);
    expect(config.service.pipelines.metrics.exporters).toEqual(['otlp_http/metrics-0']);
    expect(exportersOf(config)).toEqual(['otlp_http/traces-0', 'otlp_grpc/traces-1', 'otlp_http/metrics-0']);
  });
});

describe('the distribution\'s components', () => {
  const full = { destinations, debugExporter: true, profiling: true, queueDirectory: '/q', clusterOtlpGrpcPort: 4319 };
  const gateways = {
    'local sampling': build({ ...full, sampling: { ...DEFAULT_SAMPLING, enabled: true } }),
    'a sampler tier': build({ ...full, sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true } }, { ...targets, samplerTier }),
    'no sampling, backends off': build(full, {}),
  };
  const sampler = samplerConfig({ ports, memoryLimitBytes: 2 ** 30, sampling: DEFAULT_SAMPLING, debugExporter: true, profiling: true, queueDirectory: '/q', destinations }, targets);

  it.each(Object.entries(gateways))('of the gateway (%s) are the ones validation knows, all bundled by Alloy', (_, config) => {
    expect(unlisted(config, 'gateway', destinationIds(destinations))).toEqual([]);
    expect(distributionProblems('alloy', config, 'otel-collector')).toEqual([]);
  });

  it('of the sampler tier are the ones validation knows, all bundled by Alloy', () => {
    expect(unlisted(sampler, 'sampler', destinationIds(destinations))).toEqual([]);
    expect(distributionProblems('alloy', sampler, 'otel-sampler')).toEqual([]);
  });

  it('finds an id validation does not know', () => {
    expect(unlisted({ ...sampler, processors: { ...sampler.processors, 'groupbytrace/x': {} } as never }, 'sampler')).toEqual(['groupbytrace/x', 'otlp_http/traces-0', 'otlp_grpc/traces-1', 'otlp_http/metrics-0']);
  });
});
