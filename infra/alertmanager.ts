import { Construct } from 'constructs';
import { Integrations, alertmanagerConfig } from '../config/alertmanager';
import { toYaml } from '../config/yaml';
import { RECEIVER_SECRET_KEYS, ReceiverSettings } from '../settings/schema';
import { receiverSecrets } from '../settings/stack-settings';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { Endpoint } from './endpoint';
import { Workload, prometheusStyleHttp } from './workload';

const NAME = 'alertmanager';
const PORT = 9093;
// Separate folders: a Secret cannot be mounted inside the read-only ConfigMap volume.
const CONFIG_DIR = '/etc/alertmanager/config';
const SECRETS_DIR = '/etc/alertmanager/secrets';
const DATA_DIR = '/alertmanager';

/** Where a receiver Secret's key is mounted. */
const secretFile = (secretName: string, key: string) => `${SECRETS_DIR}/${secretName}/${key}`;

/** A receiver's settings as config integrations, each credential read from its mounted Secret. */
function integrationsOf(r: ReceiverSettings): Integrations {
  return {
    webhook: r.webhook && { urlFile: secretFile(r.webhook.secretName, RECEIVER_SECRET_KEYS.webhook) },
    slack: r.slack && { apiUrlFile: secretFile(r.slack.secretName, RECEIVER_SECRET_KEYS.slack), channel: r.slack.channel },
    email: r.email && {
      to: r.email.to, from: r.email.from, smarthost: r.email.smarthost, username: r.email.username,
      passwordFile: secretFile(r.email.secretName, RECEIVER_SECRET_KEYS.email),
    },
    pagerduty: r.pagerduty && { routingKeyFile: secretFile(r.pagerduty.secretName, RECEIVER_SECRET_KEYS.pagerduty) },
  };
}

/** Public TCP ports the receivers connect to: HTTPS for Slack, PagerDuty and (by default) webhooks, the relay's port for email. */
export function receiverPorts(receivers: readonly ReceiverSettings[]): number[] {
  const ports = receivers.flatMap((r) => [
    ...(r.slack || r.pagerduty ? [443] : []),
    ...(r.webhook ? [r.webhook.port ?? 443] : []),
    ...(r.email ? [Number(r.email.smarthost.split(':').pop())] : []),
  ]);
  return [...new Set(ports)].sort((a, b) => a - b);
}

/**
 * Prometheus Alertmanager, one replica (no gossip cluster): routes the stack's alerts by severity
 * to the environment's receivers, keeps silences on its volume.
 */
export class Alertmanager extends ComponentChart {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** API and UI; Prometheus posts alerts here, Grafana reads them. */
  readonly http: Endpoint;
  /** Jobs the collector exports to; filled by `collectorExportsTo`, read at synthesis. */
  private readonly collectorBackendJobs: string[] = [];

  constructor(scope: Construct, id: string, props: ComponentChartProps) {
    super(scope, id, props);
    const { env } = this;
    const workload = this.workload = new Workload(this, NAME, {
      name: NAME,
      component: 'alerting',
      ...this.stackContainer('alertmanager'),
      args: [
        `--config.file=${CONFIG_DIR}/alertmanager.yaml`,
        `--storage.path=${DATA_DIR}`,
        `--web.listen-address=:${PORT}`,
        // One replica: no gossip peers to find (and no cluster port to open).
        '--cluster.listen-address=',
      ],
      ...prometheusStyleHttp(PORT),
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        // Evaluated at synthesis, once every backend of the collector is known.
        files: () => ({
          'alertmanager.yaml': toYaml(alertmanagerConfig({
            receivers: { page: integrationsOf(env.alerting.page), ticket: integrationsOf(env.alerting.ticket) },
            collectorBackendJobs: [...this.collectorBackendJobs],
          })),
        }),
      }],
      secretFiles: [...new Set(receiverSecrets(env.alerting))].map((secretName) => ({ secretName, mountPath: `${SECRETS_DIR}/${secretName}` })),
      data: this.dataVolume('alertmanager', DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
    });
    this.http = workload.endpoint('http');
  }

  /** While one of these workloads is down, the collector's export alerts are its symptoms: inhibit them. */
  collectorExportsTo(workloads: readonly Workload[]): void {
    for (const w of workloads) this.collectorBackendJobs.push(w.name);
  }
}
