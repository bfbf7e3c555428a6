import type { LgtmStackProps as Props } from '../settings/props';

/** Production: larger volumes and limits, longer retention, more app replicas, no synthetic traffic, object storage, HA Loki, a Prometheus pair and an Alertmanager cluster. */
export class Prod implements Props {
  readonly name = 'prod';
  readonly imagePullPolicy: Props['imagePullPolicy'] = 'Always';
  readonly resources: Props['resources'] = {
    collector: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    prometheus: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    loki: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
    tempo: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  };
  readonly persistence: Props['persistence'] = {
    storageClass: 'standard',
    size: { collector: '5Gi', prometheus: '50Gi', loki: '50Gi', tempo: '50Gi', grafana: '2Gi', alertmanager: '1Gi' },
  };
  readonly retention: Props['retention'] = { metrics: '15d', logs: '7d', traces: '7d' };
  readonly app: Props['app'] = {
    replicas: 3, tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.1,
    autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 70 },
  };
  readonly grafana: Props['grafana'] = { ingress: { host: 'grafana.example.com', tlsSecretName: 'grafana-tls', className: 'nginx' } };
  readonly loadGenerator: Props['loadGenerator'] = { enabled: false };
  readonly sampling: Props['sampling'] = { enabled: true, loadBalancing: true, samplerReplicas: 2 };
  readonly collectorReplicas: Props['collectorReplicas'] = 2;
  readonly collectorAutoscaling: Props['collectorAutoscaling'] = { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 70 };
  readonly clusterName: Props['clusterName'] = 'prod';
  readonly logIngestion: Props['logIngestion'] = { rateMb: 16, burstMb: 32 };
  // Past one node: Tempo's blocks and Loki's chunks and index in S3. The endpoint and bucket names
  // are placeholders to replace with your own; the Secret `object-storage` (keys AWS_ACCESS_KEY_ID,
  // AWS_SECRET_ACCESS_KEY) must exist in the stack namespace. The volumes keep only WALs and caches.
  readonly objectStorage: Props['objectStorage'] = {
    kind: 's3', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', insecure: false,
    buckets: { traces: 'observability-prod-traces', logs: 'observability-prod-logs' }, credentialsSecret: 'object-storage',
  };
  // HA monolithic Loki: three replicas on one memberlist ring, every stream on all three (RF 3), so
  // writes and queries go on with one replica down and a drain takes one replica at a time.
  readonly loki: Props['loki'] = { replicas: 3, replicationFactor: 3 };
  // Two Prometheus servers, each scraping everything and fed every point by the collector: losing
  // one loses no sample and no alert (both fire; Alertmanager sends each once).
  readonly prometheus: Props['prometheus'] = { replicas: 2 };
  // Three Alertmanagers gossip as one cluster: losing one loses no silence and sends no notification twice.
  readonly alerting: Props['alerting'] = {
    replicas: 3,
    ticket: {
      email: { to: 'observability@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587', username: 'alertmanager', secretName: 'alertmanager-smtp' },
    },
  };
}
