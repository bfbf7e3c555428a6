import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

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
        metadata: { name, labels: { 'app.kubernetes.io/part-of': 'otel-lgtm', 'app.kubernetes.io/managed-by': 'cdk8s' } },
      });
    }
  }
}
