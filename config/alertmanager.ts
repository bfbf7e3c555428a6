/**
 * Alertmanager's config file (Alertmanager 0.35): routing by the `severity` of the stack's alerts,
 * grouping, inhibition derived from the alert names in ./rules, and receivers whose credentials
 * are read from files (mounted Secrets), so none appears in the config. Pure data: serialize
 * with `toYaml` from ./yaml.
 */
import { ALERTS, Severity } from './rules';

/** A routing-tree node (`route:`). Matchers use Alertmanager's `label="value"` / `label=~"regex"` syntax. */
export interface Route {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
}

/** Mutes alerts matching `target_matchers` while an alert matching `source_matchers` fires (with equal `equal` labels). */
export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal?: string[];
}

/** `webhook_configs` entry; `url_file` keeps the URL out of the config. */
export interface WebhookConfig {
  send_resolved: boolean;
  url_file: string;
}

/** `slack_configs` entry. */
export interface SlackConfig {
  send_resolved: boolean;
  api_url_file: string;
  channel: string;
}

/** `email_configs` entry. */
export interface EmailConfig {
  send_resolved: boolean;
  to: string;
  from: string;
  smarthost: string;
  auth_username: string;
  auth_password_file: string;
  require_tls: boolean;
}

/** `pagerduty_configs` entry (Events API v2). */
export interface PagerdutyConfig {
  send_resolved: boolean;
  routing_key_file: string;
  /** PagerDuty event severity: critical, error, warning or info. */
  severity: 'critical' | 'error' | 'warning' | 'info';
}

/** A named receiver; with no `*_configs` it discards what reaches it. */
export interface Receiver {
  name: string;
  webhook_configs?: WebhookConfig[];
  slack_configs?: SlackConfig[];
  email_configs?: EmailConfig[];
  pagerduty_configs?: PagerdutyConfig[];
}

/** The parts of Alertmanager's config file this stack sets. */
export interface AlertmanagerConfig {
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: Receiver[];
}

/** One receiver's integrations, with the files their credentials are read from. */
export interface Integrations {
  readonly webhook?: { readonly urlFile: string };
  readonly slack?: { readonly apiUrlFile: string; readonly channel: string };
  readonly email?: {
    readonly to: string; readonly from: string; readonly smarthost: string; readonly username: string; readonly passwordFile: string;
  };
  readonly pagerduty?: { readonly routingKeyFile: string };
}

/** What Alertmanager's config depends on. */
export interface AlertmanagerSettings {
  /** The integrations of each severity's receiver; a severity with none gets a receiver that discards. */
  readonly receivers: Readonly<Record<Severity, Integrations>>;
  /**
   * Jobs the collector exports to. While one of them is down, the collector's refusing, failing
   * and queue alerts are its symptoms and are inhibited.
   */
  readonly collectorBackendJobs: readonly string[];
}

/** The label every stack alert carries, and which receiver each value reaches. */
export const SEVERITY_LABEL = 'severity';

/** The SLO label of the burn-rate alerts (their recording rules aggregate `by (service_name)`). */
const SLO_LABEL = 'service_name';

/** How soon and how often each severity notifies: pages quickly and every few hours, tickets batched and daily. */
const TIMING: Record<Severity, Pick<Route, 'group_wait' | 'group_interval' | 'repeat_interval'>> = {
  page: { group_wait: '30s', group_interval: '5m', repeat_interval: '4h' },
  ticket: { group_wait: '5m', group_interval: '30m', repeat_interval: '24h' },
};

/** A page-severity burn alert supersedes the ticket-severity alert of the same SLO and service. */
const SUPERSEDES: ReadonlyArray<readonly [page: string, ticket: string]> = [
  [ALERTS.availabilityFastBurn, ALERTS.availabilitySlowBurn],
  [ALERTS.latencyFastBurn, ALERTS.latencySlowBurn],
];

/** `label=~"a|b"` (alert names and job names carry no regex metacharacters). */
function oneOf(label: string, values: readonly string[]): string {
  return `${label}=~"${values.join('|')}"`;
}

function receiver(name: Severity, i: Integrations): Receiver {
  return {
    name,
    ...(i.webhook ? { webhook_configs: [{ send_resolved: true, url_file: i.webhook.urlFile }] } : {}),
    ...(i.slack ? { slack_configs: [{ send_resolved: true, api_url_file: i.slack.apiUrlFile, channel: i.slack.channel }] } : {}),
    ...(i.email ? {
      email_configs: [{
        send_resolved: true, to: i.email.to, from: i.email.from, smarthost: i.email.smarthost,
        auth_username: i.email.username, auth_password_file: i.email.passwordFile, require_tls: true,
      }],
    } : {}),
    ...(i.pagerduty ? { pagerduty_configs: [{ send_resolved: true, routing_key_file: i.pagerduty.routingKeyFile, severity: name === 'page' ? 'critical' : 'warning' }] } : {}),
  };
}

/**
 * Alertmanager's config: `severity="page"` to the page receiver, `severity="ticket"` (and anything
 * unlabelled) to the ticket receiver, grouped per alert, job and service; a component that is down
 * inhibits the collector symptoms it causes, and a fast burn inhibits the slow burn of the same SLO.
 */
export function alertmanagerConfig(s: AlertmanagerSettings): AlertmanagerConfig {
  const severities: Severity[] = ['page', 'ticket'];
  const inhibitions: InhibitRule[] = SUPERSEDES.map(([page, ticket]) => ({
    source_matchers: [`alertname="${page}"`],
    target_matchers: [`alertname="${ticket}"`],
    equal: [SLO_LABEL],
  }));
  if (s.collectorBackendJobs.length > 0) {
    inhibitions.push({
      source_matchers: [oneOf('alertname', [ALERTS.componentDown, ALERTS.componentMissing]), oneOf('job', s.collectorBackendJobs)],
      target_matchers: [oneOf('alertname', [ALERTS.receiverRefusing, ALERTS.exporterFailing, ALERTS.exporterQueueNearFull])],
    });
  }
  return {
    route: {
      receiver: 'ticket',
      group_by: ['alertname', 'job', SLO_LABEL],
      ...TIMING.page,
      routes: severities.map((severity) => ({ matchers: [`${SEVERITY_LABEL}="${severity}"`], receiver: severity, ...TIMING[severity] })),
    },
    inhibit_rules: inhibitions,
    receivers: severities.map((severity) => receiver(severity, s.receivers[severity])),
  };
}
