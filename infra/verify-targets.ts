import { App } from 'cdk8s';
import { StackSettings } from '../settings';
import { ADMIN_SECRET_KEYS } from './grafana';
import { StackEndpoints, assembleStack } from './assemble';

/** What a client of a deployed stack learns from an environment's model, without writing any file. */
export interface VerifyTargets {
  /** In-cluster addresses of the stack's APIs. */
  readonly endpoints: StackEndpoints;
  /** Grafana's admin credentials, when the model itself holds the Secret (dev); else undefined. */
  readonly grafanaCredentials?: { readonly user: string; readonly password: string };
}

/** Builds the environment's stack in memory and reads its endpoints and, where generated, the Grafana admin Secret. */
export function verifyTargets(env: StackSettings): VerifyTargets {
  const app = new App();
  const { endpoints } = assembleStack(app, env);
  const secretName = env.grafana.adminCredentials.secretName;
  const secret = app.charts.flatMap((chart) => chart.toJson())
    .find((o) => o.kind === 'Secret' && o.metadata?.name === secretName && o.metadata?.namespace === env.stackNamespace);
  const data: Record<string, string> | undefined = secret?.stringData;
  const grafanaCredentials = data?.[ADMIN_SECRET_KEYS.user] !== undefined && data?.[ADMIN_SECRET_KEYS.password] !== undefined
    ? { user: data[ADMIN_SECRET_KEYS.user], password: data[ADMIN_SECRET_KEYS.password] }
    : undefined;
  return { endpoints, grafanaCredentials };
}
