import { Construct } from 'constructs';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { IMAGE_USERS } from './images';
import { Workload } from './workload';

/** The port the service in app/ listens on (its `PORT` variable). */
const PORT = 8080;

/** Where the demo service sends telemetry. */
export interface DemoAppProps extends ComponentChartProps {
  /** The collector's OTLP/HTTP endpoint. */
  readonly otlp: Endpoint;
  /**
   * ConfigMap (key `ca.crt`) of the CA to trust when the collector serves OTLP over TLS.
   * @default - plain OTLP
   */
  readonly otlpCaConfigMap?: string;
}

const CA_DIR = '/etc/otlp-ca';

/** The instrumented Fastify service from app/, exporting traces, metrics and logs over OTLP. */
export class DemoApp extends ComponentChart {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** The service's HTTP endpoint. */
  readonly http: Endpoint;

  constructor(scope: Construct, id: string, props: DemoAppProps) {
    super(scope, id, props);
    const { env } = this;
    const workload = this.workload = new Workload(this, 'app', {
      name: 'demo-app',
      component: 'app',
      image: env.app.image,
      imagePullPolicy: env.imagePullPolicy,
      resources: env.resources.app,
      user: IMAGE_USERS.app,
      ...this.podSettings('app'),
      replicas: env.app.replicas,
      autoscaling: env.app.autoscaling,
      envVars: [
        { name: 'PORT', value: String(PORT) },
        { name: 'OTEL_SERVICE_NAME', value: 'demo-app' },
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: props.otlp.url('', props.otlpCaConfigMap ? 'https' : 'http') },
        // Node adds these to its trusted CAs for every TLS connection, the OTLP exporters' included.
        ...(props.otlpCaConfigMap ? [{ name: 'NODE_EXTRA_CA_CERTS', value: `${CA_DIR}/ca.crt` }] : []),
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
        // Bounds sdk.shutdown() so SIGTERM finishes well inside the grace period.
        { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', value: '5000' },
        { name: 'OTEL_TRACES_SAMPLER', value: env.app.tracesSampler },
        { name: 'OTEL_TRACES_SAMPLER_ARG', value: String(env.app.tracesSamplerRatio) },
        { name: 'OTEL_METRIC_EXPORT_INTERVAL', value: String(env.app.metricExportIntervalMs) },
        { name: 'OTEL_BSP_SCHEDULE_DELAY', value: String(env.app.spanExportDelayMs) },
        { name: 'K8S_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        {
          name: 'OTEL_RESOURCE_ATTRIBUTES',
          value: `deployment.environment.name=${env.name},service.namespace=${props.namespace},`
            + `k8s.namespace.name=${props.namespace},k8s.pod.name=$(K8S_POD_NAME),k8s.node.name=$(K8S_NODE_NAME)`,
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
