import { DEFAULT_APP, DEFAULT_SAMPLING, Environment } from './environment';

/** A shared pre-production cluster: persistent but smaller volumes, default resources, traffic on. */
export class Staging extends Environment {
  readonly name = 'staging';
  override readonly persistence = {
    enabled: true,
    size: { collector: '2Gi', prometheus: '20Gi', loki: '20Gi', tempo: '20Gi', grafana: '1Gi', alertmanager: '1Gi' },
  };
  override readonly clusterName = 'staging';
  override readonly sampling = { ...DEFAULT_SAMPLING, enabled: true, percentOfRest: 50 };
  override readonly app = { ...DEFAULT_APP, tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.5 };
  // Pre-production pages nobody at night: pages go to a Slack channel, tickets to the team's webhook.
  override readonly alerting = {
    page: { slack: { secretName: 'alertmanager-slack', channel: '#observability-staging' } },
    ticket: { webhook: { secretName: 'alertmanager-webhook' } },
  };
}
