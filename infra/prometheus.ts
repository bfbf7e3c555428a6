import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { prometheusArgs, prometheusConfig } from '../config/prometheus';
import { DEFAULT_RULE_SETTINGS, RuleFile, RuleScope, prometheusRules } from '../config/rules';
import { DEFAULT_ALERTS } from '../settings/alerts';
import type { ScrapeJobs } from '../config/scrape-jobs';
import { toYaml } from '../config/yaml';
import type { AlertSettings, RemoteWriteSettings } from '../settings/schema';
import { DEFAULT_RETENTION } from '../settings/stack-settings';
import { parseDuration, promDuration } from '../settings/units';
import { componentContainer, ComponentProps, dataVolume, namespaceOf, serviceAccountMetadata, StorageProps } from './component-props';
import { Endpoint } from './endpoint';
import { workloadLabels } from './labels';
import { READ } from './rbac';
import { SCRAPE_ANNOTATIONS, Workload, prometheusStyleHttp } from './workload';

const PORT = 9090;
const DATA_DIR = '/prometheus';
const CONFIG_DIR = '/etc/prometheus';
const RULES_DIR = '/etc/prometheus/rules';
const REMOTE_WRITE_AUTH_DIR = '/etc/prometheus/remote-write';
const NAME = 'prometheus';
/** The headless Service that gives each replica of a pair its own DNS name. */
const PEERS = `${NAME}-peers`;
const OTLP_PATH = '/api/v1/otlp';

/** Prometheus's settings and what it is wired to. */
export interface PrometheusProps extends ComponentProps {
  /**
   * How long samples are kept. With a sized volume, retention is also capped at 85 % of it.
   * @default Duration.days(7)
   */
  readonly retention?: Duration;
  /**
   * The TSDB volume.
   * @default - an emptyDir
   */
  readonly storage?: StorageProps;
  /**
   * Value of the `environment` external label on every series.
   * @default - the construct's id
   */
  readonly environment?: string;
  /**
   * The Alertmanager replicas firing alerts are sent to (every one of a cluster: it notifies once).
   * @default - alerts stay in Prometheus
   */
  readonly alertmanagers?: readonly Endpoint[];
  /**
   * Also send every sample to a long-term store.
   * @default - no remote write
   */
  readonly remoteWrite?: RemoteWriteSettings;
  /**
   * Replicas: each scrapes the same targets and evaluates the same rules; the collector sends every
   * point to each (`otlpReceivers`), so losing one loses nothing. More than one run as a StatefulSet
   * governed by the headless `prometheus-peers` Service, one per node (and zone where there are zones).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Alerts switched off or tuned, by name (`otel-lgtm rules` lists them).
   * @default - every alert, as the stack tunes it
   */
  readonly alerts?: AlertSettings;
}

/** Prometheus: OTLP and remote-write receivers, exemplars, and pod discovery of the stack's own metrics. Its namespace is its Chart's. */
export class Prometheus extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** HTTP API (queries, /-/ready). */
  readonly queryHttp: Endpoint;
  /** Base URL of the OTLP receiver; an OTLP/HTTP exporter appends `/v1/metrics`. */
  readonly otlpHttpBase: string;
  /**
   * Where the collector sends metrics: the Service's OTLP URL for one replica, each replica's own
   * (`prometheus-<i>.prometheus-peers.<namespace>.svc`) for a pair, so every replica gets every point.
   */
  readonly otlpReceivers: string | readonly string[];
  /** Remote-write receiver URL. */
  readonly remoteWriteUrl: string;
  /** Namespace it runs (and discovers pods) in. */
  readonly namespace: string;
  /** The jobs every rule's job selector comes from; until `monitor` says otherwise, its own. */
  private jobs: ScrapeJobs = { scraped: [NAME], collectors: [], backends: { prometheus: NAME } };
  /** What else `monitor` says of the stack: cluster telemetry feeds it (cluster alerts), Alertmanager is a cluster. */
  private scope: Pick<RuleScope, 'clusterTelemetry' | 'alertmanagerCluster'> = {};
  private readonly alerts: AlertSettings;
  /** Namespaces besides its own where pods are discovered and scraped (scrapeNamespace). */
  private readonly otherNamespaces: string[] = [];
  private readonly account: string;
  private readonly ownLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: PrometheusProps = {}) {
    super(scope, id);
    this.namespace = namespaceOf(this);
    this.alerts = props.alerts ?? DEFAULT_ALERTS;
    const labels = workloadLabels(NAME, 'metrics');
    const account = new k8s.KubeServiceAccount(this, 'account', { metadata: serviceAccountMetadata(NAME, labels, props.pod), automountServiceAccountToken: false });
    this.account = account.name;
    this.ownLabels = labels;
    // Pod discovery lists pods: in its own namespace, and in any other it is asked to scrape.
    this.podDiscovery(this.namespace, 'discovery');

    const remoteWrite = props.remoteWrite;
    const replicas = props.replicas ?? 1;
    const workload = this.workload = new Workload(this, 'prometheus', {
      name: NAME,
      component: 'metrics',
      replicas,
      // A pair's replicas are reached one by one through their stable DNS names on the headless Service.
      peers: replicas > 1 ? { serviceName: PEERS, ports: [] } : undefined,
      spreadAcrossZones: replicas > 1,
      ...componentContainer(props, 'prometheus'),
      args: prometheusArgs({
        configFile: `${CONFIG_DIR}/prometheus.yaml`,
        dataDir: DATA_DIR,
        retention: promDuration(props.retention ?? parseDuration(DEFAULT_RETENTION.metrics)),
        volumeBytes: props.storage?.size ? props.storage.size.toKibibytes() * 1024 : undefined,
      }),
      ...prometheusStyleHttp(PORT),
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        // Evaluated at synthesis, once every namespace to discover pods in is known (scrapeNamespace).
        files: () => ({
          'prometheus.yaml': toYaml(prometheusConfig({
            environment: props.environment ?? id,
            scrapeNamespaces: [this.namespace, ...this.otherNamespaces],
            annotations: SCRAPE_ANNOTATIONS,
            ruleFiles: `${RULES_DIR}/*.yaml`,
            alertmanagers: props.alertmanagers?.map((a) => a.hostPort),
            remoteWrite: remoteWrite && {
              url: remoteWrite.url,
              basicAuth: remoteWrite.basicAuthSecret
                ? { usernameFile: `${REMOTE_WRITE_AUTH_DIR}/username`, passwordFile: `${REMOTE_WRITE_AUTH_DIR}/password` }
                : undefined,
            },
          })),
        }),
      }, {
        suffix: 'rules',
        mountPath: RULES_DIR,
        // Evaluated at synthesis, once the stack has told which jobs exist (monitor).
        files: () => ({ 'stack.rules.yaml': toYaml(this.ruleFile()) }),
      }],
      data: dataVolume(props.storage, DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      // Remote-write credentials are read from files, so they never appear in the config.
      secretFiles: remoteWrite?.basicAuthSecret ? [{ secretName: remoteWrite.basicAuthSecret, mountPath: REMOTE_WRITE_AUTH_DIR }] : [],
      serviceAccountName: account.name,
      terminationGracePeriodSeconds: 120,
    });
    this.queryHttp = workload.endpoint('http');
    this.otlpHttpBase = this.queryHttp.url(OTLP_PATH);
    this.otlpReceivers = replicas > 1 ? workload.podEndpoints('http').map((e) => e.url(OTLP_PATH)) : this.otlpHttpBase;
    this.remoteWriteUrl = this.queryHttp.url('/api/v1/write');
  }

  /** Also discovers and scrapes annotated pods in `namespace` (read-only pod listing there, nowhere else). */
  scrapeNamespace(namespace: string): void {
    this.otherNamespaces.push(namespace);
    this.podDiscovery(namespace, `discovery-${this.namespace}`, `-${namespace}`);
  }

  /** A read-only Role to list pods in `namespace`, bound to Prometheus's account (named `prometheus-<purpose>`). */
  private podDiscovery(namespace: string, purpose: string, idSuffix = ''): void {
    const metadata = { name: `${NAME}-${purpose}`, namespace, labels: this.ownLabels };
    const role = new k8s.KubeRole(this, `discovery-role${idSuffix}`, { metadata, rules: [{ apiGroups: [''], resources: ['pods'], verbs: READ }] });
    new k8s.KubeRoleBinding(this, `discovery-binding${idSuffix}`, {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role.kind, name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: this.account, namespace: this.namespace }],
    });
  }

  /**
   * Monitors these jobs: target-down alerts for every scraped one, pipeline alerts for the collector
   * tiers, each backend's own alerts, and with `clusterTelemetry` the cluster alerts (alone, it watches itself).
   */
  monitor(jobs: ScrapeJobs, opts: Pick<RuleScope, 'clusterTelemetry' | 'alertmanagerCluster'> = {}): void {
    this.jobs = jobs;
    this.scope = opts;
  }

  /** The rule file it loads, for what it monitors now. */
  ruleFile(): RuleFile {
    return prometheusRules(DEFAULT_RULE_SETTINGS, this.jobs, this.ruleScope());
  }

  private ruleScope(): RuleScope {
    return { ...this.scope, alerts: this.alerts };
  }
}
