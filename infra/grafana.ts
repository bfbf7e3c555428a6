import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { grafanaDashboardProviders, grafanaDatasources } from '../config/grafana';
import { toYaml } from '../config/yaml';
import type { AdminCredentials, GrafanaIngress } from '../settings/schema';
import { DEFAULT_GRAFANA } from '../settings/stack-settings';
import { componentContainer, ComponentProps, dataVolume, StorageProps } from './component-props';
import { Endpoint, HttpApi } from './endpoint';
import { workloadLabels } from './labels';
import { Workload } from './workload';

/** The password of the generated dev-only Secret: public by design, never used outside dev. */
export const DEV_ADMIN_PASSWORD = 'dev-only-admin';

/** Keys of the admin-credentials Secret (the generated dev one, or one made outside this repo). */
export const ADMIN_SECRET_KEYS = { user: 'admin-user', password: 'admin-password' } as const;

const PORT = 3000;
const DATA_DIR = '/var/lib/grafana';
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';

/** Grafana's settings and the backends it queries. */
export interface GrafanaProps extends ComponentProps {
  /** Prometheus's query endpoint. */
  readonly prometheus: HttpApi;
  /** Tempo's query endpoint. */
  readonly tempo: HttpApi;
  /** Loki's query endpoint. */
  readonly loki: HttpApi;
  /**
   * Alertmanager's API.
   * @default - no Alertmanager datasource
   */
  readonly alertmanager?: Endpoint;
  /**
   * Dashboards to provision: file name → dashboard JSON model, produced at synthesis (once every
   * workload they show exists).
   * @default - none
   */
  readonly dashboards?: () => Record<string, object>;
  /**
   * Anonymous read-only access.
   * @default false
   */
  readonly anonymousAccess?: boolean;
  /**
   * Where the admin credentials come from: an existing Secret, or a generated dev-only one.
   * @default - the existing Secret `grafana-admin`
   */
  readonly adminCredentials?: AdminCredentials;
  /**
   * A TLS Ingress in front of the UI.
   * @default - no Ingress
   */
  readonly ingress?: GrafanaIngress;
  /**
   * The data volume (its SQLite database, plugins).
   * @default - an emptyDir
   */
  readonly storage?: StorageProps;
}

/** Grafana with the backends' datasources linked to each other (and Alertmanager's) and file-provisioned dashboards. Its namespace is its Chart's. */
export class Grafana extends Construct {
  /** The running workload (selector, ports), for network policies. */
  readonly workload: Workload;
  /** UI and API. */
  readonly http: Endpoint;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const datasources = grafanaDatasources({
      prometheus: props.prometheus.url(), tempo: props.tempo.url(), loki: props.loki.url(), alertmanager: props.alertmanager?.url(),
    });
    const dashboards = () => Object.fromEntries(
      Object.entries(props.dashboards?.() ?? {}).map(([file, model]) => [file, JSON.stringify(model, null, 2)]),
    );
    const credentials = props.adminCredentials ?? DEFAULT_GRAFANA.adminCredentials;
    const ingress = props.ingress;
    if (credentials.generateDevSecret) {
      new k8s.KubeSecret(this, 'dev-admin', {
        metadata: {
          name: credentials.secretName,
          labels: { ...workloadLabels('grafana', 'ui'), 'otel-lgtm/dev-only': 'true' },
          annotations: { 'otel-lgtm/note': 'Generated for local development; the password is public. Never use outside dev.' },
        },
        stringData: { [ADMIN_SECRET_KEYS.user]: 'admin', [ADMIN_SECRET_KEYS.password]: DEV_ADMIN_PASSWORD },
      });
    }
    const fromSecret = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: credentials.secretName, key } } });
    const workload = this.workload = new Workload(this, 'grafana', {
      name: 'grafana',
      component: 'ui',
      ...componentContainer(props, 'grafana'),
      envVars: [
        { name: 'GF_PATHS_DATA', value: DATA_DIR },
        { name: 'GF_PATHS_LOGS', value: `${DATA_DIR}/log` },
        { name: 'GF_PATHS_PLUGINS', value: `${DATA_DIR}/plugins` },
        { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING_DIR },
        fromSecret('GF_SECURITY_ADMIN_USER', ADMIN_SECRET_KEYS.user),
        fromSecret('GF_SECURITY_ADMIN_PASSWORD', ADMIN_SECRET_KEYS.password),
        { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: String(props.anonymousAccess ?? false) },
        { name: 'GF_AUTH_ANONYMOUS_ORG_ROLE', value: 'Viewer' },
        { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
        ...(ingress ? [{ name: 'GF_SERVER_ROOT_URL', value: `https://${ingress.host}/` }] : []),
        { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
        { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
      ],
      ports: [{ name: 'http', port: PORT }],
      readiness: { path: '/api/health', port: 'http' },
      liveness: { path: '/api/health', port: 'http' },
      configs: [
        { suffix: 'datasources', mountPath: `${PROVISIONING_DIR}/datasources`, files: { 'datasources.yaml': toYaml(datasources) } },
        { suffix: 'dashboard-providers', mountPath: `${PROVISIONING_DIR}/dashboards`, files: { 'providers.yaml': toYaml(grafanaDashboardProviders(DASHBOARDS_DIR)) } },
        { suffix: 'dashboards', mountPath: DASHBOARDS_DIR, files: dashboards },
      ],
      data: dataVolume(props.storage, DATA_DIR),
      scratchPaths: ['/tmp'],
      goRuntime: true,
      metrics: { port: 'http', path: '/metrics' },
    });
    this.http = workload.endpoint('http');

    if (ingress) {
      new k8s.KubeIngress(this, 'ingress', {
        metadata: { name: 'grafana', labels: workloadLabels('grafana', 'ui') },
        spec: {
          ingressClassName: ingress.className,
          tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }],
          rules: [{
            host: ingress.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: workload.serviceName!, port: { name: 'http' } } } }] },
          }],
        },
      });
    }
  }
}
