import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { footprint } from '../cli/footprint';
import { presets } from '../overlays';
import { mergeProps } from '../settings';
import { settingsFrom } from '../settings/props';
import { inMemory, objectsOf, synthesize } from './support/synth';

describe('footprint', () => {
  it('dev fits a single small kind node: at most 1 CPU and 2 GiB of requests', () => {
    const dev = footprint(objectsOf(synthesize('dev')));
    expect(dev.cpuRequests).toBeLessThanOrEqual(1);
    expect(dev.memoryRequests).toBeLessThanOrEqual(2 * 2 ** 30);
    expect(dev.storage).toBe(0);
  });

  it('counts an autoscaled workload at its minimum', () => {
    const container = { resources: { requests: { cpu: '1', memory: '1Gi' } } };
    expect(footprint([
      { kind: 'Deployment', metadata: { name: 'a' }, spec: { template: { spec: { containers: [container] } } } },
      { kind: 'HorizontalPodAutoscaler', spec: { scaleTargetRef: { name: 'a' }, minReplicas: 3 } },
    ]).cpuRequests).toBe(3);
  });

  it('counts replicas and claim templates', () => {
    const objects = [
      { kind: 'Deployment', spec: { replicas: 3, template: { spec: { containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } } }] } } } },
      { kind: 'StatefulSet', spec: { replicas: 2, template: { spec: { containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }] } },
        volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '10Gi' } } } }] } },
    ];
    expect(footprint(objects)).toEqual({
      cpuRequests: 2.3, cpuLimits: 3, memoryRequests: 3 * 64 * 2 ** 20 + 2 * 2 ** 30, memoryLimits: 3 * 128 * 2 ** 20, storage: 20 * 2 ** 30,
      perNode: { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0 },
    });
  });

  it('counts a DaemonSet once per node, apart from the totals', () => {
    const agent = { kind: 'DaemonSet', spec: { template: { spec: { containers: [{ resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] } } } };
    expect(footprint([agent])).toMatchObject({ cpuRequests: 0, perNode: { cpuRequests: 0.05, cpuLimits: 0.5, memoryRequests: 96 * 2 ** 20, memoryLimits: 256 * 2 ** 20 } });
    expect(footprint(objectsOf(synthesize('staging'))).perNode.memoryRequests).toBe(96 * 2 ** 20);
    expect(footprint(objectsOf(synthesize('dev'))).perNode.cpuLimits).toBe(0);
  });

  it('dev with cluster telemetry on still fits a single small kind node, its one agent included', () => {
    const devWithClusterTelemetry = settingsFrom(mergeProps(presets.dev, { clusterTelemetry: { enabled: true } }), 'dev');
    const f = footprint(objectsOf(synthesize(devWithClusterTelemetry.validate())));
    expect(f.perNode.cpuRequests).toBeGreaterThan(0);
    expect(f.cpuRequests + f.perNode.cpuRequests).toBeLessThanOrEqual(1);
    expect(f.memoryRequests + f.perNode.memoryRequests).toBeLessThanOrEqual(2 * 2 ** 30);
  });

  it('prod claims its configured volumes', () => {
    // Tempo 50Gi; two Prometheus replicas and three Loki replicas 50Gi each; two sampler replicas with 5Gi queues each
    // (the autoscaled gateway has no claim); Grafana 2Gi; three Alertmanagers' silences, 1Gi each.
    expect(footprint(objectsOf(synthesize('prod'))).storage).toBe((50 + 2 * 50 + 3 * 50 + 2 * 5 + 2 + 3 * 1) * 2 ** 30);
  });
});

describe('what HA costs in prod, as the README states it', () => {
  const withoutHa = settingsFrom(mergeProps(presets.prod, { loki: { replicas: 1, replicationFactor: 1 }, prometheus: { replicas: 1 }, alerting: { replicas: 1 } }), 'prod').validate();
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const row = (f: ReturnType<typeof footprint>) => `| ${f.cpuRequests.toFixed(2)} | ${(f.memoryRequests / 2 ** 30).toFixed(2)} GiB | ${(f.storage / 2 ** 30).toFixed(2)} GiB |`;

  it('runs fewer replicas without HA, and the README\'s rows are what footprint computes', () => {
    const ha = footprint(objectsOf(synthesize('prod')));
    const single = footprint(objectsOf(inMemory(withoutHa)));
    expect(single.cpuRequests).toBeLessThan(ha.cpuRequests);
    expect(readme).toContain(`| without HA ${row(single)}`);
    expect(readme).toContain(`| with HA (as shipped) ${row(ha)}`);
  });
});
