/**
 * `npm run footprint`: per environment, the CPU and memory the stack requests and may use
 * (requests and limits × replicas) and the storage its claims ask for.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { synthEnvironment } from '../infra/synth';
import { ENVIRONMENTS } from '../overlays';
import { quantityValue } from '../overlays/validation';

/** Totals of one environment: CPU in cores, memory and storage in bytes. */
export interface Footprint {
  readonly cpuRequests: number;
  readonly cpuLimits: number;
  readonly memoryRequests: number;
  readonly memoryLimits: number;
  readonly storage: number;
}

type Obj = { kind: string; metadata?: { name: string }; spec?: any };

/** Sums requests, limits (× replicas; autoscaled: × minimum replicas) and claim storage over the manifests. */
export function footprint(objects: readonly Obj[]): Footprint {
  const total = { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0, storage: 0 };
  const autoscaledMinimum = new Map(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')
    .map((h) => [h.spec.scaleTargetRef.name as string, (h.spec.minReplicas ?? 1) as number]));
  for (const obj of objects) {
    if (obj.kind === 'PersistentVolumeClaim') total.storage += quantityValue(obj.spec.resources.requests.storage);
    if (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet') continue;
    const replicas: number = obj.spec.replicas ?? autoscaledMinimum.get(obj.metadata?.name ?? '') ?? 1;
    for (const c of obj.spec.template.spec.containers) {
      total.cpuRequests += replicas * quantityValue(c.resources?.requests?.cpu ?? '0');
      total.cpuLimits += replicas * quantityValue(c.resources?.limits?.cpu ?? '0');
      total.memoryRequests += replicas * quantityValue(c.resources?.requests?.memory ?? '0');
      total.memoryLimits += replicas * quantityValue(c.resources?.limits?.memory ?? '0');
    }
    for (const claim of obj.spec.volumeClaimTemplates ?? []) total.storage += replicas * quantityValue(claim.spec.resources.requests.storage);
  }
  return total;
}

/** Synthesizes an environment into a temp folder and returns its manifests. */
export function environmentObjects(name: string): Obj[] {
  const dir = synthEnvironment(ENVIRONMENTS[name]().validate(), mkdtempSync(join(tmpdir(), 'footprint-')));
  return readdirSync(dir).sort().flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Obj));
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

if (require.main === module) {
  console.log('| environment | CPU requests | CPU limits | memory requests | memory limits | PVC storage |');
  console.log('|---|---|---|---|---|---|');
  for (const name of Object.keys(ENVIRONMENTS)) {
    const f = footprint(environmentObjects(name));
    console.log(`| ${name} | ${f.cpuRequests.toFixed(2)} | ${f.cpuLimits.toFixed(2)} | ${gib(f.memoryRequests)} | ${gib(f.memoryLimits)} | ${gib(f.storage)} |`);
  }
}
