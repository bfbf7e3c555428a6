import type { LgtmStackProps as Props } from '../settings/props';

/** A shared pre-production cluster: persistent but smaller volumes, default resources, traffic on. */
export class Staging implements Props {
  readonly name = 'staging';
  readonly persistence: Props['persistence'] = { size: { collector: '2Gi', prometheus: '20Gi', loki: '20Gi', tempo: '20Gi', grafana: '1Gi', alertmanager: '1Gi' } };
  readonly clusterName: Props['clusterName'] = 'staging';
  readonly sampling: Props['sampling'] = { enabled: true, percentOfRest: 50 };
  readonly app: Props['app'] = { tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.5 };
  // Pre-production pages nobody at night: pages go to a Slack channel, tickets to the team's webhook.
  readonly alerting: Props['alerting'] = {
    page: { pagerduty: undefined, slack: { secretName: 'alertmanager-slack', channel: '#observability-staging' } },
    ticket: { slack: undefined, webhook: { secretName: 'alertmanager-webhook' } },
  };
}
