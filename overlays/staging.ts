import type { LgtmStackProps } from './props';

/** A shared pre-production cluster: persistent but smaller volumes, default resources, traffic on. */
export const staging: LgtmStackProps = {
  name: 'staging',
  persistence: { size: { collector: '2Gi', prometheus: '20Gi', loki: '20Gi', tempo: '20Gi', grafana: '1Gi', alertmanager: '1Gi' } },
  clusterName: 'staging',
  sampling: { enabled: true, percentOfRest: 50 },
  app: { tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.5 },
  // Pre-production pages nobody at night: pages go to a Slack channel, tickets to the team's webhook.
  alerting: {
    page: { pagerduty: undefined, slack: { secretName: 'alertmanager-slack', channel: '#observability-staging' } },
    ticket: { slack: undefined, webhook: { secretName: 'alertmanager-webhook' } },
  },
};
