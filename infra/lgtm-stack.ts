import { Chart } from 'cdk8s';
import type { Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { StackSettings } from '../settings/stack-settings';
import { LgtmStackProps, settingsFrom } from '../settings/props';
import { OtelCollector } from './collector';
import { chartNamespaceOf } from './component-props';
import { InstrumentOptions, instrumentWorkload } from './instrument';
import { NetworkPolicies } from './network-policies';
import { OperatorInstrumentation } from './operator-instrumentation';
import { StackEndpoints, assembleStack } from './assemble';
import { checkUniqueObjects } from './unique-objects';
import { SendingService, SeriesEstimate, assumedService, budgetProblem, estimateSeries } from '../config/cardinality';
import { demoAppService } from '../config/demo-app-series';
import { EstimatedParts, seriesSources } from './series-sources';

/**
 * The whole observability stack — OpenTelemetry Collector, Tempo, Loki, Prometheus, Alertmanager,
 * Grafana, and optionally the demo service — as one construct. Put it in any scope of a cdk8s
 * app; its namespace is its Chart's (`stackNamespace` wins; 'observability' outside a Chart), and
 * each component is a chart of its own inside it. Every prop is optional (see
 * `LgtmStackProps`); invalid props stop synthesis with one line per bad field.
 *
 * ```ts
 * const stack = new LgtmStack(chart, 'lgtm', mergeProps(presets.prod, { retention: { logs: '14d' } }));
 * ```
 */
export class LgtmStack extends Construct {
  /** The validated settings the stack was built from: the defaults with the props merged over them. */
  readonly settings: StackSettings;
  /** In-cluster addresses of the stack's APIs (the collector's OTLP/HTTP receiver, the backends, Grafana). */
  readonly endpoints: StackEndpoints;
  /** The collector construct: its `otlpHttp` and `otlpGrpc` endpoints are where workloads send telemetry. */
  readonly collector: OtelCollector;
  /** The OpenTelemetry Operator's `Instrumentation` the stack emits with `instrumentation: { operator: true }`. */
  readonly operatorInstrumentation?: OperatorInstrumentation;
  private readonly networkPolicies?: NetworkPolicies;
  private readonly estimated: EstimatedParts;
  /** Services known to send telemetry here: the demo service, and each workload passed to `instrument()`. */
  private readonly senders: SendingService[] = [];

  constructor(scope: Construct, id: string, props: LgtmStackProps | StackSettings = {}) {
    super(scope, id);
    // cdk8s convention: a construct's namespace is its Chart's, unless the props name one.
    const chartNamespace = chartNamespaceOf(scope);
    this.settings = (props instanceof StackSettings ? props : settingsFrom(props, props.name ?? id, chartNamespace)).validate();
    checkUniqueObjects(this);
    const built = assembleStack(this, this.settings);
    this.endpoints = built.endpoints;
    this.collector = built.collector;
    this.networkPolicies = built.networkPolicies;
    this.estimated = built.estimated;
    if (this.settings.app.enabled) this.senders.push(demoAppService(this.settings.app.replicas));
    // At synthesis, after every instrument() call: each instrumented workload adds its series.
    this.node.addValidation({
      validate: () => {
        const problem = budgetProblem(this.seriesEstimate(), this.settings.budget.activeSeries);
        return problem ? [`${this.settings.name}: ${problem}`] : [];
      },
    });
    if (this.settings.instrumentation.operator) {
      // In the collector's chart: the stack's namespace, which pods reference as `<namespace>/otel-lgtm`.
      this.operatorInstrumentation = new OperatorInstrumentation(Chart.of(this.collector), 'operator-instrumentation', {
        endpoint: this.collector.otlpHttp.url('', this.collector.otlpTls ? 'https' : 'http'),
        environment: this.settings.name,
        images: this.settings.images,
        imagePullPolicy: this.settings.imagePullPolicy,
      });
    }
  }

  /**
   * Sends a workload's telemetry to this stack: sets `OTEL_EXPORTER_OTLP_ENDPOINT` (from the
   * collector construct), `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (k8s.* from the
   * downward API) on each of its containers, and admits its namespace to the collector in the
   * stack's NetworkPolicies. With `autoInstrument`, also injects that language's OpenTelemetry SDK
   * (an init container, or the Operator's annotation with `instrumentation.operator`). Throws one line
   * per problem, naming the workload, when its namespace cannot be admitted or injection would not work.
   *
   * ```ts
   * stack.instrument(checkout, { autoInstrument: 'nodejs' });
   * ```
   */
  instrument(workload: Workload, options: InstrumentOptions = {}): void {
    instrumentWorkload(workload, this.collector, this.settings, this.networkPolicies, options, this.operatorInstrumentation);
    const { cardinality } = this.settings;
    const replicas = (workload as { replicas?: number }).replicas ?? cardinality.instancesPerService;
    this.senders.push(assumedService(options.serviceName ?? workload.name, replicas, cardinality));
  }

  /**
   * The active series this stack is estimated to add to Prometheus, per source, from its
   * configuration and the `cardinality` assumptions (what `otel-lgtm cardinality` prints and
   * `budget.activeSeries` limits).
   */
  seriesEstimate(): SeriesEstimate {
    return estimateSeries(seriesSources(this.settings, this.estimated, this.senders), this.settings.cardinality);
  }
}
