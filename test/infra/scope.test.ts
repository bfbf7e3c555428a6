/**
 * The stack honours its scope (cdk8s convention): its namespace is its Chart's unless the props name
 * one, and two constructs that would write the same object stop synthesis, naming both.
 */
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { LgtmStack } from '../../infra';
import { clashingObjects } from '../../infra/unique-objects';

type Obj = { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } };
const objectsOf = (app: App): Obj[] => app.charts.flatMap((c) => c.toJson() as Obj[]);
const identities = (objects: Obj[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('the stack in a Chart', () => {
  it('takes the Chart namespace; the demo and agent namespaces are named after it', () => {
    const app = Testing.app();
    const stack = new LgtmStack(new Chart(app, 'team-a', { namespace: 'team-a-obs' }), 'obs', { clusterTelemetry: { enabled: true } });
    expect(stack.settings).toMatchObject({ stackNamespace: 'team-a-obs', appNamespace: 'team-a-obs-demo' });
    expect(stack.settings.clusterTelemetry.agentNamespace).toBe('team-a-obs-agent');
    const namespaces = new Set(objectsOf(app).flatMap((o) => (o.kind === 'Namespace' ? [] : [o.metadata.namespace ?? '(cluster)'])));
    expect([...namespaces].sort()).toEqual(['(cluster)', 'team-a-obs', 'team-a-obs-agent', 'team-a-obs-demo']);
    expect(stack.endpoints.loki.url()).toBe('http://loki.team-a-obs.svc:3100');
  });

  it('an explicit stackNamespace wins over the Chart namespace', () => {
    const stack = new LgtmStack(new Chart(Testing.app(), 'c', { namespace: 'chart-ns' }), 'obs', { stackNamespace: 'mine', appNamespace: 'shop' });
    expect(stack.settings).toMatchObject({ stackNamespace: 'mine', appNamespace: 'shop' });
  });

  it('outside a Chart (or in one without a namespace) keeps the defaults', () => {
    const stack = new LgtmStack(Testing.app(), 'obs');
    expect(stack.settings).toMatchObject({ stackNamespace: 'observability', appNamespace: 'demo' });
    expect(stack.settings.clusterTelemetry.agentNamespace).toBe('observability-agent');
  });

  it('two teams in one app: no object twice, and synthesis succeeds', () => {
    const app = Testing.app();
    for (const team of ['team-a', 'team-b']) new LgtmStack(new Chart(app, team, { namespace: `${team}-obs` }), 'obs', {});
    const ids = identities(objectsOf(app));
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('objects defined twice', () => {
  it('two stacks in one namespace stop synthesis with a line per object naming both construct paths', () => {
    const app = Testing.app();
    for (const team of ['team-a', 'team-b']) new LgtmStack(new Chart(app, team, { namespace: 'shared' }), 'obs', {});
    const lines = clashingObjects(app);
    expect(lines).toContain('Namespace shared is defined by team-a/obs/namespaces/namespaces/shared and team-b/obs/namespaces/namespaces/shared');
    expect(lines).toContain('ConfigMap shared/loki-config is defined by team-a/obs/loki/loki/loki/config-config and team-b/obs/loki/loki/loki/config-config');
    expect(() => app.synth()).toThrow(/StatefulSet\.apps shared\/otel-collector is defined by team-a\/.* and team-b\//);
  });

  it('a stack and any other construct that write the same object clash too; kinds and namespaces keep objects apart', () => {
    const app = Testing.app();
    new LgtmStack(new Chart(app, 'obs', { namespace: 'obs' }), 'lgtm', {});
    const mine = new Chart(app, 'mine', { namespace: 'obs' });
    new k8s.KubeConfigMap(mine, 'grafana-config', { metadata: { name: 'grafana-datasources' } });
    new k8s.KubeSecret(mine, 'same-name-other-kind', { metadata: { name: 'loki-config' } });
    new k8s.KubeConfigMap(new Chart(app, 'elsewhere', { namespace: 'other' }), 'x', { metadata: { name: 'loki-config' } });
    expect(clashingObjects(app)).toEqual(['ConfigMap obs/grafana-datasources is defined by obs/lgtm/grafana/grafana/grafana/config-datasources and mine/grafana-config']);
  });
});
