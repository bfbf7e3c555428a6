import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentChart, ComponentChartProps } from './component-chart';
import { ADMIN_SECRET_KEYS } from './grafana';
import { IMAGE_USERS } from './images';
import { selectorLabels, workloadLabels } from './labels';
import { Pods } from './network-policies';
import { RESTRICTED_CONTAINER, restrictedPod } from './security';
import type { StackEndpoints } from './stack';
import { containerResources } from './workload';

/** The bundled `otel-lgtm` CLI in the app image (app/Dockerfile, `npm run build:cli`). */
const CLI_BUNDLE = 'otel-lgtm.js';

/** Environment variables the verify Job fills from the Grafana admin Secret (`otel-lgtm verify` reads them). */
export const CREDENTIAL_VARIABLES = { user: 'VERIFY_GRAFANA_USER', password: 'VERIFY_GRAFANA_PASSWORD' } as const;

/** What the Job checks. */
export interface VerifyJobProps extends ComponentChartProps {
  /** The stack's APIs, passed as flags (the image has no cdk8s to read the model). */
  readonly endpoints: StackEndpoints;
}

/** A Job that runs `verify` against the stack from inside the cluster; complete means every check passed. */
export class VerifyJob extends ComponentChart {
  /** Its pods, for network policies. */
  readonly pods: Pods;

  constructor(scope: Construct, id: string, props: VerifyJobProps) {
    super(scope, id, props);
    const { env } = this;
    const settings = env.verifyJob;
    const name = 'verify';
    const e = props.endpoints;
    const secretName = env.grafana.adminCredentials.secretName;
    const fromSecret = (variable: string, key: string): k8s.EnvVar => ({ name: variable, valueFrom: { secretKeyRef: { name: secretName, key } } });
    new k8s.KubeJob(this, 'job', {
      metadata: { name, labels: workloadLabels(name, 'verify') },
      spec: {
        backoffLimit: settings.retries,
        template: {
          metadata: { labels: workloadLabels(name, 'verify') },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPod(IMAGE_USERS.app),
            containers: [{
              name,
              image: env.app.image,
              imagePullPolicy: env.imagePullPolicy,
              command: ['node', CLI_BUNDLE, 'verify'],
              args: [
                '--env', env.name, '--deadline', String(settings.deadlineSeconds),
                '--collector-url', e.collectorOtlpHttp.url(), '--tempo-url', e.tempo.url(), '--loki-url', e.loki.url(),
                '--prometheus-url', e.prometheus.url(), '--grafana-url', e.grafana.url(),
              ],
              env: [fromSecret(CREDENTIAL_VARIABLES.user, ADMIN_SECRET_KEYS.user), fromSecret(CREDENTIAL_VARIABLES.password, ADMIN_SECRET_KEYS.password)],
              resources: containerResources(settings.resources),
              securityContext: RESTRICTED_CONTAINER,
            }],
          },
        },
      },
    });
    this.pods = { name, namespace: props.namespace, selector: selectorLabels(name), ports: [] };
  }
}
