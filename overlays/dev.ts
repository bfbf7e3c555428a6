import type { LgtmStackProps as Props } from '../settings/props';

/**
 * A laptop cluster (kind): small footprint that fits one node (about 0.7 CPU and 1.4 GiB of
 * requests), no volumes to clean up, short retention, anonymous Grafana, traffic on.
 */
export class Dev implements Props {
  readonly name = 'dev';
  readonly resources: Props['resources'] = {
    collector: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    tempo: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    loki: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    prometheus: { requests: { cpu: '150m', memory: '384Mi' }, limits: { cpu: '500m', memory: '768Mi' } },
    grafana: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '500m', memory: '384Mi' } },
    alertmanager: { requests: { cpu: '25m', memory: '48Mi' }, limits: { cpu: '100m', memory: '96Mi' } },
    app: { requests: { cpu: '50m', memory: '160Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
    loadgen: { requests: { cpu: '25m', memory: '96Mi' }, limits: { cpu: '100m', memory: '160Mi' } },
  };
  readonly persistence: Props['persistence'] = { enabled: false };
  readonly retention: Props['retention'] = { metrics: '2d', logs: '24h', traces: '24h' };
  // Short export delays, so what the service does is queryable within seconds (`npm run e2e` measures it).
  readonly app: Props['app'] = { replicas: 1, metricExportIntervalMs: 2000, spanExportDelayMs: 1000 };
  readonly verifyJob: Props['verifyJob'] = { enabled: true };
  readonly freshness: Props['freshness'] = { collectorBatchTimeoutMs: 1000, traceIdlePeriodMs: 1000, traceFlushCheckPeriodMs: 1000 };
  readonly grafana: Props['grafana'] = { anonymousAccess: true, adminCredentials: { generateDevSecret: true } };
  readonly collector: Props['collector'] = { corsAllowedOrigins: ['http://localhost:3000'], debugExporter: true, profiling: true };
  // Null receivers (the defaults' integrations removed): alerts show in Prometheus, Grafana and
  // Alertmanager's UI; nobody is notified.
  readonly alerting: Props['alerting'] = { page: { pagerduty: undefined }, ticket: { slack: undefined } };
  // Off by default; turned on, a kind node carries one agent (sized here) and the cluster receiver.
  readonly clusterTelemetry: Props['clusterTelemetry'] = {
    enabled: false,
    agentResources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '250m', memory: '192Mi' } },
    clusterReceiverResources: { requests: { cpu: '25m', memory: '96Mi' }, limits: { cpu: '250m', memory: '192Mi' } },
  };
}
