import { IMAGES } from '../../infra/images';
import { environmentObjects } from '../../infra/synth';
import { StackSettings } from '../../settings';
import { parseQuantity } from '../../settings/units';

/** The memory limit one Prometheus job (a stack workload) runs under, and the setting that sets it. */
export interface JobMemoryLimit {
  /** Limit in bytes. */
  readonly bytes: number;
  /** The limit as written in the settings, e.g. `512Mi`. */
  readonly quantity: string;
  /** The environment field, e.g. `resources.collector.limits.memory`. */
  readonly setting: string;
  /** Its key under `resources` (the component whose pinned image the container runs), e.g. `collector`. */
  readonly workload: string;
}

/**
 * Memory limits by job, read from the environment's synthesized workloads (the job is the pod's
 * `app.kubernetes.io/name`; the setting is the component whose pinned image the container runs).
 */
export function memoryLimitsByJob(env: StackSettings): Map<string, JobMemoryLimit> {
  const limits = new Map<string, JobMemoryLimit>();
  for (const obj of environmentObjects(env) as any[]) {
    if (!['Deployment', 'StatefulSet'].includes(obj.kind)) continue;
    const job = obj.spec.template.metadata.labels['app.kubernetes.io/name'];
    const container = obj.spec.template.spec.containers[0];
    const component = Object.entries(IMAGES).find(([, image]) => image === container.image)?.[0];
    const quantity = container.resources?.limits?.memory;
    if (component && quantity) limits.set(job, { bytes: parseQuantity(quantity), quantity, setting: `resources.${component}.limits.memory`, workload: component });
  }
  return limits;
}
