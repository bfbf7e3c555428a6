/**
 * No telemetry waits on an orphaned volume: a persistent export queue lives on one pod's claim, so
 * only workloads whose replica count never shrinks by itself may have one. An autoscaled tier
 * queues in memory and drains on SIGTERM.
 */
import { parse } from 'yaml';
import { ENVIRONMENT_NAMES, Manifest, clone, objectsOf, podSpecOf, synthesize } from '../support/synth';

/** Workloads that persist an export queue on a claim while a HorizontalPodAutoscaler can remove their pods. */
function strandedQueues(objects: readonly Manifest[]): string[] {
  const autoscaled = new Set(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => `${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`));
  const configs = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((c) => [c.metadata.name, c]));
  return objects.filter((o) => podSpecOf(o) && autoscaled.has(`${o.kind}/${o.metadata.name}`)).flatMap((o) => {
    const claims = (o.spec.volumeClaimTemplates ?? []).length > 0 || podSpecOf(o).volumes?.some((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim);
    const persistentQueue = (podSpecOf(o).volumes ?? []).some((v: { configMap?: { name: string } }) => {
      const text = v.configMap ? Object.values(configs.get(v.configMap.name)?.data ?? {}).join('\n') : '';
      const config = text.includes('file_storage') ? parse(text) : undefined;
      return Object.keys(config?.extensions ?? {}).some((id) => id.startsWith('file_storage'));
    });
    return claims || persistentQueue ? [`${o.kind}/${o.metadata.name}: autoscaled, with ${claims ? 'a claim' : 'a file_storage queue'}`] : [];
  });
}

describe.each(ENVIRONMENT_NAMES)('%s', (env) => {
  it('persists export queues only where the replica count is fixed', () => {
    expect(strandedQueues(objectsOf(synthesize(env)))).toEqual([]);
  });
});

describe('prod', () => {
  const objects = objectsOf(synthesize('prod'));
  const workload = (name: string) => objects.find((o) => podSpecOf(o) && o.metadata.name === name)!;

  it('keeps the autoscaled gateway stateless and the fixed-size sampler tier persistent', () => {
    expect(workload('otel-collector').kind).toBe('Deployment');
    expect(workload('otel-sampler').kind).toBe('StatefulSet');
    expect(workload('otel-sampler').spec.volumeClaimTemplates).toHaveLength(1);
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name)).not.toContain('otel-sampler');
  });

  it('the check catches an autoscaled StatefulSet with a claim', () => {
    const broken = clone(objects);
    broken.push({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x', namespace: 'observability' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'otel-sampler' }, minReplicas: 1, maxReplicas: 3 } });
    expect(strandedQueues(broken)).toEqual(['StatefulSet/otel-sampler: autoscaled, with a claim']);
  });
});
