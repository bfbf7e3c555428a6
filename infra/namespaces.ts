import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Pod Security admission: reject, warn about and audit any pod that is not restricted. */
const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

/** The namespaces to create, in order. */
export interface NamespacesProps {
  /** Namespace names. */
  readonly names: readonly string[];
}

/**
 * The namespaces, in a chart of their own that every other chart depends on, so its file is
 * first and `kubectl apply -f dist/<env>/` creates them before anything that lives in them.
 */
export class Namespaces extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const name of props.names) {
      new k8s.KubeNamespace(this, name, {
        metadata: { name, labels: { 'app.kubernetes.io/part-of': 'otel-lgtm', 'app.kubernetes.io/managed-by': 'cdk8s', ...RESTRICTED } },
      });
    }
  }
}
