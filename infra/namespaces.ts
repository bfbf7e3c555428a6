import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { STACK_LABELS } from './labels';

/** Pod Security admission: reject, warn about and audit any pod that is not restricted. */
const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

/**
 * The node agent's namespace: hostPath volumes are forbidden by both the restricted and the baseline
 * profile, so `privileged` is the least level that admits the agent. Audit records every pod here
 * against `restricted` (the agent's known exceptions: hostPath volumes, root user). Warn stays at the
 * enforced level: a warning about the agent's own hostPaths on every apply would teach people to
 * ignore warnings. Only the agent runs in this namespace.
 */
export const AGENT_POD_SECURITY = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'privileged',
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
  /**
   * The node agent's namespace, labelled {@link AGENT_POD_SECURITY}.
   * @default - none (no node agent)
   */
  readonly agent?: string;
}

/**
 * The stack's namespaces, labelled for Pod Security admission and telemetry. `LgtmStack` puts them
 * in a chart of their own that every other chart depends on, so its file is first and
 * `kubectl apply -f dist/<env>/` creates them before anything that lives in them.
 */
export class Namespaces extends Construct {
  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id);
    const common = { ...STACK_LABELS, ...RESTRICTED };
    new k8s.KubeNamespace(this, props.stack, { metadata: { name: props.stack, labels: common } });
    for (const name of props.apps) {
      new k8s.KubeNamespace(this, name, { metadata: { name, labels: { ...common, ...TELEMETRY_CLIENT_LABEL } } });
    }
    if (props.agent) new k8s.KubeNamespace(this, props.agent, { metadata: { name: props.agent, labels: { ...STACK_LABELS, ...AGENT_POD_SECURITY } } });
  }
}
