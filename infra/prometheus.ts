import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { prometheusArgs, prometheusConfig } from '../config/prometheus';
import { parseQuantity } from '../settings/units';
import { DEFAULT_RULE_SETTINGS, prometheusRules } from '../config/rules';
import type { StackJobs } from '../config/stack-jobs';
import { toYaml } from '../config/yaml';
import { ComponentChart, ComponentChartProps } from './component-chart';
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

/** What Prometheus is wired to. */
export interface PrometheusProps extends ComponentChartProps {
  /**
   * The Alertmanager firing alerts are sent to.
   * @default - alerts stay in Prometheus
   */
  readonly alertmanager?: Endpoint;
}

/** Prometheus: OTLP and remote-write receivers, exemplars, and pod discovery of the stack's own metrics. */
export class Prometheus extends ComponentChart {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** HTTP API (queries, /-/ready). */
  readonly queryHttp: Endpoint;
  /** Base URL of the OTLP receiver; an OTLP/HTTP exporter appends `/v1/metrics`. */
  readonly otlpHttpBase: string;
  /** Remote-write receiver URL. */
  readonly remoteWriteUrl: string;
  /** The environment's jobs, which every rule's job selector comes from; set by `monitor`, read at synthesis. */
  private jobs?: StackJobs;
  /** Namespaces besides its own where pods are discovered and scraped (scrapeNamespace). */
  private readonly otherNamespaces: string[] = [];
  private readonly account: string;
  private readonly ownLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id, props);
    const { env } = this;
    const labels = workloadLabels(NAME, 'metrics');
    const account = new k8s.KubeServiceAccount(this, 'account', { metadata: this.serviceAccountMetadata(NAME, labels), automountServiceAccountToken: false });
    this.account = account.name;
    this.ownLabels = labels;
    // Pod discovery lists pods: in the stack's namespace, and in any other it is asked to scrape.
    this.podDiscovery(props.namespace, 'discovery');

    const workload = this.workload = new Workload(this, 'prometheus', {
      name: NAME,
      component: 'metrics',
      ...this.stackContainer('prometheus'),
      args: prometheusArgs({
        configFile: `${CONFIG_DIR}/prometheus.yaml`,
        dataDir: DATA_DIR,
        retention: env.retention.metrics,
        volumeBytes: env.persistence.enabled ? parseQuantity(env.persistence.size.prometheus) : undefined,
      }),
      ...prometheusStyleHttp(PORT),
      configs: [{
        suffix: 'config',
        mountPath: CONFIG_DIR,
        // Evaluated at synthesis, once every namespace to discover pods in is known (scrapeNamespace).
        files: () => ({
          'prometheus.yaml': toYaml(prometheusConfig({
            environment: env.name,
            scrapeNamespaces: [props.namespace, ...this.otherNamespaces],
            annotations: SCRAPE_ANNOTATIONS,
            ruleFiles: `${RULES_DIR}/*.yaml`,
            alertmanagers: props.alertmanager && [props.alertmanager.hostPort],
            remoteWrite: env.remoteWrite && {
              url: env.remoteWrite.url,
              basicAuth: env.remoteWrite.basicAuthSecret
                ? { usernameFile: `${REMOTE_WRITE_AUTH_DIR}/username`, passwordFile: `${REMOTE_WRITE_AUTH_DIR}/password` }
                : undefined,
            },
          })),
        }),
      }, {
        suffix: 'rules',
        mountPath: RULES_DIR,
        // Evaluated at synthesis, once the stack has told which jobs exist (monitor).
        files: () => ({ 'stack.rules.yaml': toYaml(prometheusRules(DEFAULT_RULE_SETTINGS, this.monitoredJobs())) }),
      }],
      data: this.dataVolume('prometheus', DATA_DIR),
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
      // Remote-write credentials are read from files, so they never appear in the config.
      secretFiles: env.remoteWrite?.basicAuthSecret ? [{ secretName: env.remoteWrite.basicAuthSecret, mountPath: REMOTE_WRITE_AUTH_DIR }] : [],
      serviceAccountName: account.name,
      terminationGracePeriodSeconds: 120,
    });
    this.queryHttp = workload.endpoint('http');
    this.otlpHttpBase = this.queryHttp.url('/api/v1/otlp');
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

  /** Monitors these jobs: target-down alerts for every scraped one, pipeline alerts for the collector tiers. */
  monitor(jobs: StackJobs): void {
    this.jobs = jobs;
  }

  private monitoredJobs(): StackJobs {
    if (!this.jobs) throw new Error('Prometheus: monitor(jobs) was not called before synthesis');
    return this.jobs;
  }
}
