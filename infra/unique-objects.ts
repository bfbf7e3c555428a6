import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** Kinds Kubernetes does not namespace: their names are unique in the whole cluster. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'APIService', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);

/** What the cluster identifies an object by: API group, kind, namespace (none for cluster-scoped kinds) and name. */
function identity(obj: ApiObject): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : 'core';
  const namespace = CLUSTER_SCOPED.has(obj.kind) ? '' : `${obj.metadata.namespace ?? '(no namespace)'}/`;
  return `${obj.kind}${group === 'core' ? '' : `.${group}`} ${namespace}${obj.name}`;
}

/**
 * Objects under `root` that the cluster would take for one: one line per clash, naming the object and
 * the construct paths that define it (a later `kubectl apply` would silently overwrite the earlier).
 */
export function clashingObjects(root: IConstruct): string[] {
  const byIdentity = new Map<string, string[]>();
  for (const node of root.node.findAll()) {
    if (!ApiObject.isApiObject(node)) continue;
    const key = identity(node);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), node.node.path]);
  }
  return [...byIdentity].filter(([, paths]) => paths.length > 1)
    .map(([key, paths]) => `${key} is defined by ${paths.join(' and ')}`);
}

const ID = 'otel-lgtm-unique-objects';

/**
 * Adds, once per app, the validation that stops synthesis when two constructs define the same
 * object (cdk8s runs validations in `app.synth()`; `validateApp` runs them elsewhere).
 */
export function checkUniqueObjects(scope: IConstruct): void {
  const root = scope.node.root;
  if (root.node.tryFindChild(ID)) return;
  const check = new Construct(root, ID);
  check.node.addValidation({ validate: () => clashingObjects(root) });
}

/** Runs every construct's validations (as `app.synth()` does) and throws one line per problem. */
export function validateApp(root: IConstruct): void {
  const problems = root.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
