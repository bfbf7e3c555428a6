import { COLLECTOR_PROCESSORS, collectorConfig } from '../../config/collector';

const ports = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 };
const targets = {
  tracesOtlpGrpc: 'tempo.obs.svc:4317',
  logsOtlpHttp: 'http://loki.obs.svc:3100/otlp',
  metricsOtlpHttp: 'http://prometheus.obs.svc:9090/api/v1/otlp',
};

describe('collectorConfig', () => {
  const config = collectorConfig(ports, targets);

  it('binds OTLP receivers and health_check to all interfaces (the collector defaults to localhost)', () => {
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(config.extensions.health_check).toEqual({ endpoint: '0.0.0.0:13133' });
  });

  it('sends each signal to its backend through current exporter names, retried and queued', () => {
    expect(config.service.pipelines.traces.exporters).toEqual(['otlp_grpc/tempo']);
    expect(config.service.pipelines.logs.exporters).toEqual(['otlp_http/loki']);
    expect(config.service.pipelines.metrics.exporters).toEqual(['otlp_http/prometheus']);
    expect(config.exporters['otlp_grpc/tempo']).toMatchObject({ endpoint: targets.tracesOtlpGrpc, tls: { insecure: true } });
    expect(config.exporters['otlp_http/loki']).toMatchObject({ endpoint: targets.logsOtlpHttp });
    expect(config.exporters['otlp_http/prometheus']).toMatchObject({ endpoint: targets.metricsOtlpHttp });
    for (const exporter of Object.values(config.exporters)) {
      expect(exporter).toMatchObject({ retry_on_failure: { enabled: true }, sending_queue: { enabled: true } });
    }
    const removed = ['logging', 'loki', 'otlp', 'otlphttp', 'prometheusremotewrite'];
    for (const name of Object.keys(config.exporters)) expect(removed).not.toContain(name.split('/')[0]);
  });

  it('runs memory_limiter first and batch last in every pipeline, and defines what it uses', () => {
    for (const pipeline of Object.values(config.service.pipelines)) {
      expect(pipeline.processors[0]).toBe('memory_limiter');
      expect(pipeline.processors.at(-1)).toBe('batch');
      for (const p of pipeline.processors) expect(config.processors).toHaveProperty([p]);
      for (const e of pipeline.exporters) expect(config.exporters).toHaveProperty([e]);
      for (const r of pipeline.receivers) expect(config.receivers).toHaveProperty([r]);
    }
    expect(COLLECTOR_PROCESSORS).toEqual(['memory_limiter', 'batch']);
    const used = new Set(Object.values(config.service.pipelines).flatMap((p) => [...p.processors, ...p.exporters]));
    for (const defined of [...Object.keys(config.processors), ...Object.keys(config.exporters)]) expect(used).toContain(defined);
  });

  it('exposes its own metrics through a pull reader (the old telemetry.metrics.address is gone)', () => {
    expect(config.service.telemetry.metrics).not.toHaveProperty('address');
    expect(config.service.telemetry.metrics.readers).toEqual([{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }]);
  });
});
