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

/** Label of application namespaces whose pods may send telemetry to the collector. */
export const TELEMETRY_CLIENT_LABEL = { 'otel-lgtm/telemetry-client': 'true' } as const;

/** The namespaces to create. */
export interface NamespacesProps {
  /** The observability stack's namespace. */
  readonly stack: string;
  /** Application namespaces, labelled as telemetry clients. */
  readonly apps: readonly string[];
}

/**
 * The namespaces, in a chart of their own that every other chart depends on, so its file is
 * first and `kubectl apply -f dist/<env>/` creates them before anything that lives in them.
 */
export class Namespaces extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const common = { 'app.kubernetes.io/part-of': 'otel-lgtm', 'app.kubernetes.io/managed-by': 'cdk8s', ...RESTRICTED };
    new k8s.KubeNamespace(this, props.stack, { metadata: { name: props.stack, labels: common } });
    for (const name of props.apps) {
      new k8s.KubeNamespace(this, name, { metadata: { name, labels: { ...common, ...TELEMETRY_CLIENT_LABEL } } });
    }
  }
}
