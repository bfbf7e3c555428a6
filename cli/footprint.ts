/**
 * `otel-lgtm footprint`: per environment, the CPU and memory the stack requests and may use
 * (requests and limits × replicas) and the storage its claims ask for.
 */
import { environmentObjects } from '../infra/synth';
import { parseQuantity } from '../settings/units';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import type { Command } from './io';

/** Totals of one environment: CPU in cores, memory and storage in bytes. */
export interface Footprint {
  readonly cpuRequests: number;
  readonly cpuLimits: number;
  readonly memoryRequests: number;
  readonly memoryLimits: number;
  readonly storage: number;
  /** What runs on every node (DaemonSets): CPU in cores, memory in bytes; not in the totals above. */
  readonly perNode: { readonly cpuRequests: number; readonly cpuLimits: number; readonly memoryRequests: number; readonly memoryLimits: number };
}

type Obj = { kind: string; metadata?: { name: string }; spec?: any };

type Totals = { cpuRequests: number; cpuLimits: number; memoryRequests: number; memoryLimits: number };

const FIELDS = [['cpuRequests', 'requests', 'cpu'], ['cpuLimits', 'limits', 'cpu'], ['memoryRequests', 'requests', 'memory'], ['memoryLimits', 'limits', 'memory']] as const;

/**
 * A pod's effective requests and limits, as the scheduler counts them: per resource, the larger of
 * the containers' sum and the largest init container (init containers run one at a time, before
 * the others; e.g. the SDK copier `instrument(…, { autoInstrument })` adds).
 */
function addPod(total: Totals, spec: { containers: any[]; initContainers?: any[] }, replicas: number): void {
  for (const [field, kind, resource] of FIELDS) {
    const of = (c: any) => parseQuantity(c.resources?.[kind]?.[resource] ?? '0');
    const running = spec.containers.reduce((sum, c) => sum + of(c), 0);
    const init = Math.max(0, ...(spec.initContainers ?? []).map(of));
    total[field] += replicas * Math.max(running, init);
  }
}

/**
 * Sums requests, limits (× replicas; autoscaled: × minimum replicas) and claim storage over the
 * manifests; DaemonSets separately, per node.
 */
export function footprint(objects: readonly Obj[]): Footprint {
  const total = { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0, storage: 0 };
  const perNode = { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0 };
  const autoscaledMinimum = new Map(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')
    .map((h) => [h.spec.scaleTargetRef.name as string, (h.spec.minReplicas ?? 1) as number]));
  for (const obj of objects) {
    if (obj.kind === 'PersistentVolumeClaim') total.storage += parseQuantity(obj.spec.resources.requests.storage);
    if (obj.kind === 'DaemonSet') addPod(perNode, obj.spec.template.spec, 1);
    if (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet') continue;
    const replicas: number = obj.spec.replicas ?? autoscaledMinimum.get(obj.metadata?.name ?? '') ?? 1;
    addPod(total, obj.spec.template.spec, replicas);
    for (const claim of obj.spec.volumeClaimTemplates ?? []) total.storage += replicas * parseQuantity(claim.spec.resources.requests.storage);
  }
  return { ...total, perNode };
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

const USAGE = `usage: otel-lgtm footprint [--env <name>]...

Prints, per environment (every one when none is named), the CPU and memory its workloads request
and may use (requests and limits x replicas; autoscaled ones at their minimum) and the storage its
claims ask for, as a Markdown table: one row per environment. The last column is what runs on every
node (the node agent DaemonSet), CPU and memory requests / limits, on top of the totals.`;

/** `otel-lgtm footprint`: a Markdown table, one row per environment. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('footprint', argv, {
    options: { env: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  } as const);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const envs = environmentsNamed(values.env);
  io.out('| environment | CPU requests | CPU limits | memory requests | memory limits | PVC storage | per node: CPU req / lim, memory req / lim |');
  io.out('|---|---|---|---|---|---|---|');
  for (const env of envs) {
    const f = footprint(environmentObjects(env) as Obj[]);
    const n = f.perNode;
    const node = n.cpuLimits === 0 ? '—' : `${n.cpuRequests.toFixed(2)} / ${n.cpuLimits.toFixed(2)}, ${mib(n.memoryRequests)} / ${mib(n.memoryLimits)}`;
    io.out(`| ${env.name} | ${f.cpuRequests.toFixed(2)} | ${f.cpuLimits.toFixed(2)} | ${gib(f.memoryRequests)} | ${gib(f.memoryLimits)} | ${gib(f.storage)} | ${node} |`);
  }
  return 0;
};
