import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { AutoscalingSettings } from '../settings/schema';
import { DEFAULT_APP, DEFAULT_RESOURCES } from '../settings/stack-settings';
import { ComponentProps, namespaceOf } from './component-props';
import { Endpoint } from './endpoint';
import { IMAGE_USERS } from './images';
import { Workload } from './workload';

/** The port the service in app/ listens on (its `PORT` variable). */
const PORT = 8080;
const CA_DIR = '/etc/otlp-ca';

/** The demo service's settings and where it sends telemetry. */
export interface DemoAppProps extends ComponentProps {
  /** The collector's OTLP/HTTP endpoint. */
  readonly otlp: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) of the CA to trust when the collector serves OTLP over TLS.
   * @default - plain OTLP
   */
  readonly otlpCaConfigMap?: string;
  /**
   * Replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Scale on CPU instead of a fixed replica count.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingSettings;
  /**
   * `OTEL_TRACES_SAMPLER`.
   * @default 'parentbased_always_on'
   */
  readonly tracesSampler?: string;
  /**
   * `OTEL_TRACES_SAMPLER_ARG`, for the ratio samplers.
   * @default 1
   */
  readonly tracesSamplerRatio?: number;
  /**
   * How often metrics are exported.
   * @default Duration.seconds(15)
   */
  readonly metricExportInterval?: Duration;
  /**
   * How long spans wait in the batch before export.
   * @default Duration.seconds(5)
   */
  readonly spanExportDelay?: Duration;
  /**
   * `deployment.environment.name` of its telemetry.
   * @default - the construct's id
   */
  readonly environment?: string;
}

/** The instrumented Fastify service from app/, exporting traces, metrics and logs over OTLP. Its namespace is its Chart's. */
export class DemoApp extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** The service's HTTP endpoint. */
  readonly http: Endpoint;

  constructor(scope: Construct, id: string, props: DemoAppProps) {
    super(scope, id);
    const namespace = namespaceOf(this);
    const workload = this.workload = new Workload(this, 'app', {
      name: 'demo-app',
      component: 'app',
      image: props.image ?? DEFAULT_APP.image,
      imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
      resources: props.resources ?? DEFAULT_RESOURCES.app,
      user: IMAGE_USERS.app,
      pod: props.pod,
      replicas: props.replicas ?? DEFAULT_APP.replicas,
      autoscaling: props.autoscaling,
      envVars: [
        { name: 'PORT', value: String(PORT) },
        { name: 'OTEL_SERVICE_NAME', value: 'demo-app' },
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: props.otlp.url('', props.otlpCaConfigMap ? 'https' : 'http') },
        // Node adds these to its trusted CAs for every TLS connection, the OTLP exporters' included.
        ...(props.otlpCaConfigMap ? [{ name: 'NODE_EXTRA_CA_CERTS', value: `${CA_DIR}/ca.crt` }] : []),
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
        // Bounds sdk.shutdown() so SIGTERM finishes well inside the grace period.
        { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', value: '5000' },
        { name: 'OTEL_TRACES_SAMPLER', value: props.tracesSampler ?? DEFAULT_APP.tracesSampler },
        { name: 'OTEL_TRACES_SAMPLER_ARG', value: String(props.tracesSamplerRatio ?? DEFAULT_APP.tracesSamplerRatio) },
        { name: 'OTEL_METRIC_EXPORT_INTERVAL', value: String(props.metricExportInterval?.toMilliseconds() ?? DEFAULT_APP.metricExportIntervalMs) },
        { name: 'OTEL_BSP_SCHEDULE_DELAY', value: String(props.spanExportDelay?.toMilliseconds() ?? DEFAULT_APP.spanExportDelayMs) },
        { name: 'K8S_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        {
          name: 'OTEL_RESOURCE_ATTRIBUTES',
          value: `deployment.environment.name=${props.environment ?? id},service.namespace=${namespace},`
            + `k8s.namespace.name=${namespace},k8s.pod.name=$(K8S_POD_NAME),k8s.node.name=$(K8S_NODE_NAME)`,
        },
      ],
      configMapFiles: props.otlpCaConfigMap ? [{ configMapName: props.otlpCaConfigMap, mountPath: CA_DIR }] : [],
      ports: [{ name: 'http', port: PORT }],
      readiness: { path: '/readyz', port: 'http' },
      liveness: { path: '/healthz', port: 'http', initialDelaySeconds: 10 },
      terminationGracePeriodSeconds: 30,
    });
    this.http = workload.endpoint('http');
  }
}
