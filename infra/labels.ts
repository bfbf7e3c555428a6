/** The recommended Kubernetes labels for one workload. */
export function workloadLabels(name: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'otel-lgtm',
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

/** The label subset that selects a workload's pods (stable across versions, so selectors never change). */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}
