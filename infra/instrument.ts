import { ApiObject } from 'cdk8s';
import { EnvFieldPaths, EnvValue, Workload } from 'cdk8s-plus-28';
import { StackSettings } from '../settings/stack-settings';
import { OtelCollector } from './collector';
import { NetworkPolicies } from './network-policies';
import type { OperatorInstrumentation } from './operator-instrumentation';
import { injectionProblems } from './sdk-checks';
import { injectSdk } from './sdk-injection';
import type { SdkLanguage } from './sdk-languages';

/** How `LgtmStack.instrument` labels the workload's telemetry. */
export interface InstrumentOptions {
  /**
   * `service.name` of the workload's telemetry.
   * @default - the workload's name
   */
  readonly serviceName?: string;
  /**
   * `service.namespace`.
   * @default - the workload's Kubernetes namespace
   */
  readonly serviceNamespace?: string;
  /**
   * Inject the OpenTelemetry SDK of this language into the workload's first container (zero-code
   * instrumentation): without the Operator, an init container copies it from the Operator
   * project's auto-instrumentation image into an emptyDir and the container gets the language's
   * hook (`NODE_OPTIONS=--require …`, `PYTHONPATH`, `JAVA_TOOL_OPTIONS=-javaagent:…`, the CLR
   * profiler variables), appended to what it already sets; with `instrumentation.operator`, the
   * Operator's inject annotation instead. Checked at synthesis (see README).
   * @default - none: the image must start an SDK itself
   */
  readonly autoInstrument?: SdkLanguage;
}

/** Pod facts from the downward API, exposed to the SDK as resource attributes. */
const DOWNWARD = [
  ['K8S_POD_NAME', EnvFieldPaths.POD_NAME, 'k8s.pod.name'],
  ['K8S_POD_UID', EnvFieldPaths.POD_UID, 'k8s.pod.uid'],
  ['K8S_NODE_NAME', EnvFieldPaths.NODE_NAME, 'k8s.node.name'],
] as const;

/**
 * Points every container of a cdk8s-plus workload at the stack's collector (OTLP/HTTP), names its
 * service, adds `k8s.*` resource attributes from the downward API, and admits the workload's
 * namespace to the collector's OTLP ports in the stack's NetworkPolicies.
 */
export function instrumentWorkload(
  workload: Workload, collector: OtelCollector, env: StackSettings, policies: NetworkPolicies | undefined, options: InstrumentOptions = {},
  operator?: OperatorInstrumentation,
): void {
  const namespace = ApiObject.of(workload).metadata.namespace;
  const what = `instrument(${workload.name})`;
  if (!namespace) throw new Error(`${what}: the workload has no namespace; put it in a chart with a namespace, so the collector's NetworkPolicy can admit it`);
  if (namespace === env.stackNamespace) {
    throw new Error(`${what}: namespace '${namespace}' is the stack's own, where every pod's traffic is denied unless declared; run the workload in another namespace`);
  }
  const first = workload.containers[0];
  if (options.autoInstrument !== undefined) {
    const problems = first ? injectionProblems(what, options.autoInstrument, first) : [`${what}: the workload has no container to inject into`];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
  const serviceName = options.serviceName ?? workload.name;
  const attributes = [
    `service.namespace=${options.serviceNamespace ?? namespace}`,
    `k8s.namespace.name=${namespace}`,
    `deployment.environment.name=${env.name}`,
    ...DOWNWARD.map(([variable, , attribute]) => `${attribute}=$(${variable})`),
  ];
  const scheme = collector.otlpTls ? 'https' : 'http';
  for (const container of workload.containers) {
    for (const [variable, path] of DOWNWARD) container.env.addVariable(variable, EnvValue.fromFieldRef(path));
    container.env.addVariable('OTEL_EXPORTER_OTLP_ENDPOINT', EnvValue.fromValue(collector.otlpHttp.url('', scheme)));
    container.env.addVariable('OTEL_EXPORTER_OTLP_PROTOCOL', EnvValue.fromValue('http/protobuf'));
    container.env.addVariable('OTEL_SERVICE_NAME', EnvValue.fromValue(serviceName));
    // Kubernetes expands $(VAR) from variables defined before this one in the same container.
    container.env.addVariable('OTEL_RESOURCE_ATTRIBUTES', EnvValue.fromValue(attributes.join(',')));
  }
  if (options.autoInstrument !== undefined) {
    if (operator) {
      for (const [key, value] of Object.entries(operator.annotations(options.autoInstrument))) workload.podMetadata.addAnnotation(key, value);
    } else {
      injectSdk(workload, first, options.autoInstrument, env.images, env.imagePullPolicy);
    }
  }
  policies?.admit(namespace, collector.workload, ['otlp-grpc', 'otlp-http']);
}
