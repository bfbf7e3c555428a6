import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Read-only verbs: the stack's collectors only ever look at the API. */
export const READ = ['get', 'list', 'watch'];

/**
 * A ServiceAccount (token not mounted unless the pod asks) bound to a ClusterRole with `rules`.
 * Returns the account's name. The role and binding are cluster-scoped, named
 * `<namespace>-<name>-<purpose>`, so stacks in other namespaces of one cluster keep their own.
 */
export function clusterReader(scope: Construct, props: {
  readonly name: string;
  readonly purpose: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly rules: k8s.PolicyRule[];
  /** Annotations of the ServiceAccount (e.g. cloud workload identity). */
  readonly accountAnnotations?: Readonly<Record<string, string>>;
}): string {
  const { name, labels } = props;
  const annotations = props.accountAnnotations && Object.keys(props.accountAnnotations).length > 0 ? { ...props.accountAnnotations } : undefined;
  const account = new k8s.KubeServiceAccount(scope, 'account', { metadata: { name, labels, annotations }, automountServiceAccountToken: false });
  const clusterName = `${props.namespace}-${name}-${props.purpose}`;
  const role = new k8s.KubeClusterRole(scope, 'role', { metadata: { name: clusterName, labels }, rules: props.rules });
  const binding = new k8s.KubeClusterRoleBinding(scope, 'binding', {
    metadata: { name: clusterName, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.name },
    subjects: [{ kind: account.kind, name: account.name, namespace: props.namespace }],
  });
  // Cluster-scoped objects carry no namespace; the chart stamps one on everything.
  for (const obj of [role, binding] as ApiObject[]) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return account.name;
}

/** What k8s_attributes reads: pods and namespaces, and replica sets to name a pod's Deployment. */
export const K8S_ATTRIBUTES_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: READ },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
];
