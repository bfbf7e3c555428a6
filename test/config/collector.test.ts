import { CollectorPipelineSettings, PII_VALUE_PATTERNS, SECRET_ATTRIBUTE_PATTERN, collectorConfig } from '../../config/collector';
import { DEFAULT_SAMPLING } from '../../settings/stack-settings';

const ports = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 };
const targets = {
  tracesOtlpGrpc: 'tempo.obs.svc:4317',
  logsOtlpHttp: 'http://loki.obs.svc:3100/otlp',
  metricsOtlpHttp: 'http://prometheus.obs.svc:9090/api/v1/otlp',
};
const base: CollectorPipelineSettings = {
  environment: 'test', clusterName: 'c1', memoryLimitBytes: 1024 * 2 ** 20, sampling: DEFAULT_SAMPLING,
  corsAllowedOrigins: [], debugExporter: false, profiling: false,
};
const build = (overrides: Partial<CollectorPipelineSettings> = {}) => collectorConfig(ports, targets, { ...base, ...overrides });
const sampled = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true } });
const everything = build({ sampling: { ...DEFAULT_SAMPLING, enabled: true }, debugExporter: true, profiling: true, queueDirectory: '/q' });

/** Every component the service section names is defined, and every defined one is used. */
function pipelineSanity(config: ReturnType<typeof collectorConfig>): string[] {
  const problems: string[] = [];
  const pipelines = Object.entries(config.service.pipelines);
  const connectors = new Set(Object.keys(config.connectors));
  for (const [name, p] of pipelines) {
    for (const r of p.receivers) if (!(r in config.receivers) && !connectors.has(r)) problems.push(`${name}: receiver ${r} undefined`);
    for (const e of p.exporters) if (!(e in config.exporters) && !connectors.has(e)) problems.push(`${name}: exporter ${e} undefined`);
    for (const x of p.processors) if (!(x in config.processors)) problems.push(`${name}: processor ${x} undefined`);
    if (p.processors[0] !== 'memory_limiter') problems.push(`${name}: memory_limiter is not first`);
    if (p.processors.at(-1) !== 'batch') problems.push(`${name}: batch is not last`);
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

describe('collectorConfig', () => {
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
