import { alertmanagerConfig } from '../../config/alertmanager';
import { ALERTS, AlertingRule, DEFAULT_RULE_SETTINGS, prometheusRules } from '../../config/rules';

const NONE = { page: {}, ticket: {} };

describe('alertmanagerConfig', () => {
  it('routes every severity the rules use to the receiver of that name, and anything else to tickets', () => {
    const config = alertmanagerConfig({ receivers: NONE, collectorBackendJobs: [] });
    const alerts = prometheusRules(DEFAULT_RULE_SETTINGS, { scraped: ['otel-collector', 'tempo'], collectors: ['otel-collector'] }).groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);
    const severities = [...new Set(alerts.map((a) => a.labels.severity))].sort();
    expect(severities).toEqual(['page', 'ticket']);
    expect(config.route.receiver).toBe('ticket');
    expect(config.route.routes!.map((r) => [r.matchers, r.receiver])).toEqual(severities.map((s) => [[`severity="${s}"`], s]));
    expect(config.receivers.map((r) => r.name)).toEqual(['page', 'ticket']);
  });

  it('pages sooner and more often than it tickets', () => {
    const [page, ticket] = alertmanagerConfig({ receivers: NONE, collectorBackendJobs: [] }).route.routes!;
    expect(page).toMatchObject({ group_wait: '30s', repeat_interval: '4h' });
    expect(ticket).toMatchObject({ group_wait: '5m', repeat_interval: '24h' });
  });

  it('gives receivers without integrations no configs (they discard), and reads every credential from a file', () => {
    const config = alertmanagerConfig({
      receivers: {
        page: { pagerduty: { routingKeyFile: '/s/pd/routing-key' }, webhook: { urlFile: '/s/hook/url' } },
        ticket: {
          slack: { apiUrlFile: '/s/slack/api-url', channel: '#obs' },
          email: { to: 'a@example.com', from: 'b@example.com', smarthost: 'smtp.example.com:587', username: 'am', passwordFile: '/s/smtp/password' },
        },
      },
      collectorBackendJobs: [],
    });
    const [page, ticket] = config.receivers;
    expect(page.pagerduty_configs).toEqual([{ send_resolved: true, routing_key_file: '/s/pd/routing-key', severity: 'critical' }]);
    expect(page.webhook_configs).toEqual([{ send_resolved: true, url_file: '/s/hook/url' }]);
    expect(ticket.slack_configs).toEqual([{ send_resolved: true, api_url_file: '/s/slack/api-url', channel: '#obs' }]);
    expect(ticket.email_configs).toEqual([expect.objectContaining({ auth_password_file: '/s/smtp/password', require_tls: true })]);
    expect(JSON.stringify(config)).not.toMatch(/"(api_url|url|routing_key|service_key|auth_password)":/);
    expect(alertmanagerConfig({ receivers: NONE, collectorBackendJobs: [] }).receivers).toEqual([{ name: 'page' }, { name: 'ticket' }]);
  });

  it('inhibits the slow burn of an SLO while its fast burn pages, per service', () => {
    const rules = alertmanagerConfig({ receivers: NONE, collectorBackendJobs: [] }).inhibit_rules;
    expect(rules).toEqual([
      { source_matchers: [`alertname="${ALERTS.availabilityFastBurn}"`], target_matchers: [`alertname="${ALERTS.availabilitySlowBurn}"`], equal: ['service_name'] },
      { source_matchers: [`alertname="${ALERTS.latencyFastBurn}"`], target_matchers: [`alertname="${ALERTS.latencySlowBurn}"`], equal: ['service_name'] },
    ]);
  });

  it('inhibits the collector symptoms while one of its backends is down or missing', () => {
    const rules = alertmanagerConfig({ receivers: NONE, collectorBackendJobs: ['tempo', 'loki'] }).inhibit_rules;
    expect(rules[2]).toEqual({
      source_matchers: [`alertname=~"${ALERTS.componentDown}|${ALERTS.componentMissing}"`, 'job=~"tempo|loki"'],
      target_matchers: [`alertname=~"${ALERTS.receiverRefusing}|${ALERTS.exporterFailing}|${ALERTS.exporterQueueNearFull}"`],
    });
  });
});
