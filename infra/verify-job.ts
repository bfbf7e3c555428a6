import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespaceOf } from './component-props';
import type { ImagePullPolicy } from '../settings/stack-settings';
import { DEFAULT_GRAFANA, DEFAULT_VERIFY_JOB } from '../settings/stack-settings';
import type { VerifyJobSettings } from '../settings/schema';
import { ADMIN_SECRET_KEYS } from './grafana';
import { IMAGE_USERS } from './images';
import { selectorLabels, workloadLabels } from './labels';
import { Pods } from './network-policies';
import { RESTRICTED_CONTAINER, restrictedPod } from './security';
import type { StackEndpoints } from './assemble';
import { containerResources } from './workload';

/** The bundled `otel-lgtm` CLI in the app image (app/Dockerfile, `npm run build:cli`). */
const CLI_BUNDLE = 'otel-lgtm.js';

/** Environment variables the verify Job fills from the Grafana admin Secret (`otel-lgtm verify` reads them). */
export const CREDENTIAL_VARIABLES = { user: 'VERIFY_GRAFANA_USER', password: 'VERIFY_GRAFANA_PASSWORD' } as const;

/** What the Job checks. */
export interface VerifyJobProps {
  /** The stack's APIs, passed as flags (the image has no cdk8s to read the model). */
  readonly endpoints: StackEndpoints;
  /** The image holding the bundled CLI (the demo service's). */
  readonly image: string;
  /**
   * Pull policy.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * The environment whose SLO targets verify reports against (`--env`).
   * @default - the construct's id
   */
  readonly environment?: string;
  /**
   * Secret holding Grafana's admin credentials.
   * @default 'grafana-admin'
   */
  readonly grafanaSecret?: string;
  /**
   * Deadline of one attempt, and retries after a failed one.
   * @default - DEFAULT_VERIFY_JOB (120 s, 5 retries, small resources)
   */
  readonly job?: Pick<VerifyJobSettings, 'deadlineSeconds' | 'retries' | 'resources'>;
}

/** A Job that runs `verify` against the stack from inside the cluster; complete means every check passed. */
export class VerifyJob extends Construct {
  /** Its pods, for network policies. */
  readonly pods: Pods;

  constructor(scope: Construct, id: string, props: VerifyJobProps) {
    super(scope, id);
    const settings = { ...DEFAULT_VERIFY_JOB, ...props.job };
    const name = 'verify';
    const e = props.endpoints;
    const secretName = props.grafanaSecret ?? DEFAULT_GRAFANA.adminCredentials.secretName;
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
              image: props.image,
              imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
              command: ['node', CLI_BUNDLE, 'verify'],
              args: [
                '--env', props.environment ?? id, '--deadline', String(settings.deadlineSeconds),
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
    this.pods = { name, namespace: namespaceOf(this), selector: selectorLabels(name), ports: [] };
  }
}
