/**
 * The shapes of the synthesized Kubernetes objects the Compose translation reads (plain JSON, as
 * `chart.toJson()` gives them), and small lookups over them.
 */

/** A synthesized object, as JSON. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: any;
  readonly data?: Record<string, string>;
  readonly stringData?: Record<string, string>;
}

/** One environment's charts in apply order, as synthesis returns them. */
export type ChartFiles = ReadonlyArray<{ readonly file: string; readonly objects: readonly object[] }>;

/** Something the Compose translation cannot express; the CLI prints it as one line. */
export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposeError';
  }
}

/** The pod template of a workload object, or undefined for other kinds. */
export function podTemplateOf(o: K8sObject): { metadata?: { labels?: Record<string, string> }; spec: any } | undefined {
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) ? o.spec?.template : undefined;
}

/** Services (in `objects`) whose selector picks the pods of `workload`. */
export function servicesOf(workload: K8sObject, objects: readonly K8sObject[]): K8sObject[] {
  const labels = podTemplateOf(workload)?.metadata?.labels ?? {};
  return objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === workload.metadata.namespace
    && Object.keys(o.spec?.selector ?? {}).length > 0
    && Object.entries<string>(o.spec.selector).every(([k, v]) => labels[k] === v));
}

/** A container port given by name or number, as a number. */
export function containerPortOf(container: any, port: string | number, workload: string): number {
  if (typeof port === 'number') return port;
  const found = (container.ports ?? []).find((p: { name?: string }) => p.name === port)?.containerPort;
  if (found === undefined) throw new ComposeError(`${workload}: no container port named '${port}'`);
  return found;
}
