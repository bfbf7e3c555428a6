import { DEFAULT_ALERTING, DEFAULT_APP, DEFAULT_GRAFANA, DEFAULT_LOAD_GENERATOR, DEFAULT_RESOURCES, DEFAULT_SAMPLING, Environment } from './environment';

/** Production: larger volumes and limits, longer retention, more app replicas, no synthetic traffic. */
export class Prod extends Environment {
  readonly name = 'prod';
  override readonly imagePullPolicy = 'Always';
  override readonly resources = {
    ...DEFAULT_RESOURCES,
    collector: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    prometheus: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    loki: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
    tempo: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  };
  override readonly persistence = {
    enabled: true,
    storageClass: 'standard',
    size: { collector: '5Gi', prometheus: '50Gi', loki: '50Gi', tempo: '50Gi', grafana: '2Gi', alertmanager: '1Gi' },
  };
  override readonly retention = { metrics: '15d', logs: '7d', traces: '7d' };
  override readonly app = {
    ...DEFAULT_APP, replicas: 3, tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.1,
    autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 70 },
  };
  override readonly grafana = {
    ...DEFAULT_GRAFANA,
    ingress: { host: 'grafana.example.com', tlsSecretName: 'grafana-tls', className: 'nginx' },
  };
  override readonly loadGenerator = { ...DEFAULT_LOAD_GENERATOR, enabled: false };
  override readonly sampling = { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true, samplerReplicas: 2 };
  override readonly collectorReplicas = 2;
  override readonly collectorAutoscaling = { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 };
  override readonly clusterName = 'prod';
  override readonly logIngestion = { rateMb: 16, burstMb: 32 };
  override readonly alerting = {
    ...DEFAULT_ALERTING,
    ticket: {
      ...DEFAULT_ALERTING.ticket,
      email: { to: 'observability@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587', username: 'alertmanager', secretName: 'alertmanager-smtp' },
    },
  };
}
