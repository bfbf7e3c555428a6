import { Construct } from 'constructs';
import { Integrations, alertmanagerConfig } from '../config/alertmanager';
import { toYaml } from '../config/yaml';
import { AlertingSettings, RECEIVER_SECRET_KEYS, ReceiverSettings } from '../settings/schema';
import { NULL_RECEIVER, receiverSecrets } from '../settings/stack-settings';
import { componentContainer, ComponentProps, dataVolume, namespaceOf, StorageProps } from './component-props';
import { Endpoint } from './endpoint';
import { Workload, podHost, prometheusStyleHttp } from './workload';

const NAME = 'alertmanager';
const PORT = 9093;
/** Gossip between replicas (TCP and UDP), on the headless peer Service. */
const CLUSTER_PORT = 9094;
const PEERS = `${NAME}-peers`;
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

/** Alertmanager's settings. */
export interface AlertmanagerProps extends ComponentProps {
  /**
   * Where alerts go, by severity (`page`, `ticket`); each credential comes from a Secret mounted as a file.
   * @default - null receivers: alerts are kept and shown, nobody is notified
   */
  readonly receivers?: Pick<AlertingSettings, 'page' | 'ticket'>;
  /**
   * Replicas, which form one gossip cluster (`--cluster.peer` per replica): they share silences and the
   * notification log, so an alert sent to every replica is notified once.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The volume silences and the notification log are kept on.
   * @default - an emptyDir
   */
  readonly storage?: StorageProps;
}

/**
 * Prometheus Alertmanager: routes the stack's alerts by severity to the receivers, keeps silences
 * on its volume; several replicas form one gossip cluster. Its namespace is its Chart's.
 */
export class Alertmanager extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** API and UI (any replica): Grafana reads alerts and silences here. */
  readonly http: Endpoint;
  /** Every replica's API: Prometheus posts each alert to all of them, the cluster notifies once. */
  readonly alertReceivers: readonly Endpoint[];
  /** Jobs the collector exports to; filled by `collectorExportsTo`, read at synthesis. */
  private readonly collectorBackendJobs: string[] = [];

  constructor(scope: Construct, id: string, props: AlertmanagerProps = {}) {
    super(scope, id);
    const receivers = props.receivers ?? { page: NULL_RECEIVER, ticket: NULL_RECEIVER };
    const replicas = props.replicas ?? 1;
    const namespace = namespaceOf(this);
    const cluster = replicas > 1 ? {
      args: [
        `--cluster.listen-address=0.0.0.0:${CLUSTER_PORT}`,
        // Its pod IP: the address peers reach it on (Alertmanager refuses to guess a non-private one).
        `--cluster.advertise-address=$(POD_IP):${CLUSTER_PORT}`,
        ...Array.from({ length: replicas }, (_, i) => `--cluster.peer=${podHost(NAME, i, PEERS, namespace)}:${CLUSTER_PORT}`),
      ],
      peers: { serviceName: PEERS, ports: [{ name: 'cluster', port: CLUSTER_PORT, udp: true }] },
      envVars: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
    } : {
      // One replica: no gossip peers to find (and no cluster port to open).
      args: ['--cluster.listen-address='],
    };
    const workload = this.workload = new Workload(this, NAME, {
      name: NAME,
      component: 'alerting',
      ...componentContainer(props, 'alertmanager'),
      args: [
        `--config.file=${CONFIG_DIR}/alertmanager.yaml`,
        `--storage.path=${DATA_DIR}`,
        `--web.listen-address=:${PORT}`,
        ...cluster.args,
      ],
      replicas,
      peers: cluster.peers,
      envVars: cluster.envVars,
      ...prometheusStyleHttp(PORT),
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        // Evaluated at synthesis, once every backend of the collector is known.
        files: () => ({
          'alertmanager.yaml': toYaml(alertmanagerConfig({
            receivers: { page: integrationsOf(receivers.page), ticket: integrationsOf(receivers.ticket) },
            collectorBackendJobs: [...this.collectorBackendJobs],
          })),
        }),
      }],
      secretFiles: [...new Set(receiverSecrets(receivers))].map((secretName) => ({ secretName, mountPath: `${SECRETS_DIR}/${secretName}` })),
      data: dataVolume(props.storage, DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
    });
    this.http = workload.endpoint('http');
    this.alertReceivers = replicas > 1 ? workload.podEndpoints('http') : [this.http];
  }

  /** While one of these workloads is down, the collector's export alerts are its symptoms: inhibit them. */
  collectorExportsTo(workloads: readonly Workload[]): void {
    for (const w of workloads) this.collectorBackendJobs.push(w.name);
  }
}
