/** Marks an object as part of the stack (the one label every object carries). */
export const PART_OF_STACK: Readonly<Record<string, string>> = { 'app.kubernetes.io/part-of': 'otel-lgtm' };

/** The stack's labels for an object that is not a workload (e.g. a namespace). */
export const STACK_LABELS: Readonly<Record<string, string>> = { ...PART_OF_STACK, 'app.kubernetes.io/managed-by': 'cdk8s' };

/** The recommended Kubernetes labels for one workload. */
export function workloadLabels(name: string, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component, ...STACK_LABELS };
}

/** The label subset that selects a workload's pods (stable across versions, so selectors never change). */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}
