import { localEndpoints } from '../../scripts/e2e/endpoints';
import { localizeStack } from '../../scripts/e2e/localize';
import { objectsOf, synthesize } from '../support/synth';

const objects = objectsOf(synthesize('dev'));
const components = { receivers: [], processors: [], exporters: [], connectors: [], extensions: [] };
const { addresses } = localizeStack(objects, ['tempo', 'otel-collector'], '/tmp/e2e', components);
const endpoints = localEndpoints(objects, addresses);

describe('localEndpoints', () => {
  it('resolves a named Service port to its local address', () => {
    expect(endpoints.url('tempo', 'http')).toBe(`http://${addresses['tempo.observability.svc:3200']}`);
    expect(endpoints.url('otel-collector', 'otlp-http')).toBe(`http://${addresses['otel-collector.observability.svc:4318']}`);
  });

  it('builds a readiness URL from the pod readiness probe', () => {
    expect(endpoints.readyUrl('otel-collector')).toBe(`http://${addresses['otel-collector.observability.svc:13133']}/`);
    expect(endpoints.readyUrl('prometheus')).toBe(`http://${addresses['prometheus.observability.svc:9090']}/-/ready`);
  });

  it('names the Service port it cannot find', () => {
    expect(() => endpoints.url('tempo', 'nope')).toThrow("no local address for Service port 'tempo/nope'");
  });
});
