import { DEFAULT_APP, DEFAULT_VERIFY_JOB, DEFAULT_VOLUME_SIZES, Environment, NULL_RECEIVER } from './environment';
import { DEFAULT_CLUSTER_TELEMETRY } from './cluster-telemetry';
import { ResourceSettings, WorkloadName } from './settings';

/** Small footprint: fits one kind node (about 0.7 CPU and 1.4 GiB of requests in total). */
const DEV_RESOURCES: Readonly<Record<WorkloadName, ResourceSettings>> = {
  collector: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  tempo: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  loki: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  prometheus: { requests: { cpu: '150m', memory: '384Mi' }, limits: { cpu: '500m', memory: '768Mi' } },
  grafana: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '500m', memory: '384Mi' } },
  alertmanager: { requests: { cpu: '25m', memory: '48Mi' }, limits: { cpu: '100m', memory: '96Mi' } },
  app: { requests: { cpu: '50m', memory: '160Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
  loadgen: { requests: { cpu: '25m', memory: '96Mi' }, limits: { cpu: '100m', memory: '160Mi' } },
};

/** A laptop cluster (kind): no volumes to clean up, short retention, anonymous Grafana, traffic on. */
export class Dev extends Environment {
  readonly name = 'dev';
  override readonly resources = DEV_RESOURCES;
  override readonly persistence = { enabled: false, size: DEFAULT_VOLUME_SIZES };
  override readonly retention = { metrics: '2d', logs: '24h', traces: '24h' };
  // Short export delays, so what the service does is queryable within seconds (`npm run e2e` measures it).
  override readonly app = { ...DEFAULT_APP, replicas: 1, metricExportIntervalMs: 2000, spanExportDelayMs: 1000 };
  override readonly verifyJob = { ...DEFAULT_VERIFY_JOB, enabled: true };
  override readonly freshness = { collectorBatchTimeoutMs: 1000, traceIdlePeriodMs: 1000, traceFlushCheckPeriodMs: 1000 };
  override readonly grafana = { anonymousAccess: true, adminCredentials: { secretName: 'grafana-admin', generateDevSecret: true } };
  override readonly collector = { corsAllowedOrigins: ['http://localhost:3000'], debugExporter: true, profiling: true };
  // Off by default; turned on, a kind node carries one agent (sized here) and the cluster receiver.
  override readonly clusterTelemetry = {
    ...DEFAULT_CLUSTER_TELEMETRY,
    enabled: false,
    agentResources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '250m', memory: '192Mi' } },
    clusterReceiverResources: { requests: { cpu: '25m', memory: '96Mi' }, limits: { cpu: '250m', memory: '192Mi' } },
  };
  // Alerts are visible in Prometheus, Grafana and Alertmanager's UI; nobody is notified.
  override readonly alerting = { page: NULL_RECEIVER, ticket: NULL_RECEIVER };
}
