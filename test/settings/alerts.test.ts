/**
 * `alerts`: switching alerts off and tuning them by name, and the one-line problems of a wrong name
 * or value; what reaches the environment's rule file.
 */
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { LgtmStack, mergeProps, presets } from '../../infra';
import { assembleStack } from '../../infra/assemble';
import type { AlertingRule } from '../../config/rules';
import { LgtmStackProps, SettingsError, settingsFrom } from '../../settings';
import { ALERT_NAMES, ALERT_THRESHOLDS } from '../../settings/alerts';
import { closeNames } from '../../settings/validation';

const problems = (props: LgtmStackProps) => settingsFrom(mergeProps(presets.staging, props), 'custom').problems();
/** The alerting rules of staging (which has cluster telemetry) under `props`. */
function alerts(props: LgtmStackProps = {}, base: LgtmStackProps = presets.staging): AlertingRule[] {
  const { rules } = assembleStack(new App(), settingsFrom(mergeProps(base, props), 'custom').validate());
  return rules.groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);
}
const named = (rules: AlertingRule[], name: string) => rules.filter((r) => r.alert === name);

describe('alerts.disable and alerts.override', () => {
  test('by default every alert the environment can feed is on: prod has every one, dev (no cluster telemetry, one Alertmanager) no cluster alert', () => {
    const prod = new Set(alerts({}, presets.prod).map((a) => a.alert));
    expect([...prod].sort()).toEqual([...ALERT_NAMES].sort());
    expect(new Set(alerts().map((a) => a.alert)).has('AlertmanagerClusterMembersMissing')).toBe(false);
    const dev = new Set(alerts({}, presets.dev).map((a) => a.alert));
    expect([...dev].filter((n) => n.startsWith('Kube'))).toEqual([]);
    expect(dev.has('LokiWriteErrors')).toBe(true);
  });

  test('a disabled alert is left out, the others stay', () => {
    const rules = alerts({ alerts: { disable: ['KubePodCrashLooping', 'CollectorReceiverRefusing'] } });
    expect(named(rules, 'KubePodCrashLooping')).toEqual([]);
    expect(named(rules, 'CollectorReceiverRefusing')).toEqual([]);
    expect(named(rules, 'KubePodNotReady')).toHaveLength(1);
  });

  test('an override sets for, severity, threshold and extra labels of every rule of that name', () => {
    const rules = alerts({ alerts: { override: {
      LokiWriteErrors: { for: '15m', severity: 'ticket', threshold: 0.2, labels: { team: 'platform' } },
      CollectorExporterSendFailing: { severity: 'page' },
    } } });
    const [loki] = named(rules, 'LokiWriteErrors');
    expect(loki.for).toBe('15m');
    expect(loki.labels).toEqual({ severity: 'ticket', team: 'platform' });
    expect(loki.expr).toMatch(/\n> 0\.2$/);
    // One rule per signal, each keeps its own signal label.
    expect(named(rules, 'CollectorExporterSendFailing').map((r) => r.labels)).toEqual(['spans', 'metric_points', 'log_records'].map((signal) => ({ severity: 'page', signal })));
  });

  test('without an override each threshold is its documented default', () => {
    expect(named(alerts(), 'LokiWriteErrors')[0].expr).toMatch(new RegExp(`\\n> ${ALERT_THRESHOLDS.LokiWriteErrors.value}$`));
    expect(named(alerts(), 'KubePodCrashLooping')[0].expr).toMatch(new RegExp(`>= ${ALERT_THRESHOLDS.KubePodCrashLooping.value}$`));
  });

  test('the rule file Prometheus loads is the tuned one', () => {
    const app = new App();
    new LgtmStack(app, 'custom', mergeProps(presets.staging, { alerts: { disable: ['KubeJobFailed'], override: { KubeNodeNotReady: { severity: 'page' } } } }));
    const configMap = app.charts.flatMap((c) => c.toJson() as any[]).find((o) => o.kind === 'ConfigMap' && o.data?.['stack.rules.yaml']);
    const rules = parse(configMap.data['stack.rules.yaml']).groups.flatMap((g: any) => g.rules);
    expect(rules.filter((r: any) => r.alert === 'KubeJobFailed')).toEqual([]);
    expect(rules.find((r: any) => r.alert === 'KubeNodeNotReady').labels.severity).toBe('page');
  });

  test('a group whose every alert is disabled is left out', () => {
    const { rules } = assembleStack(new App(), settingsFrom(mergeProps(presets.dev, { alerts: { disable: ['AlertmanagerNotificationsFailing'] } }), 'x').validate());
    expect(rules.groups.map((g) => g.name)).not.toContain('alertmanager');
  });
});

describe('alerts validation', () => {
  test('an unknown name stops synthesis with one line listing the close names', () => {
    expect(problems({ alerts: { disable: ['KubePodCrashLoop'] } })).toEqual([
      "alerts.disable[0]: 'KubePodCrashLoop' is not an alert (did you mean KubePodCrashLooping?)",
    ]);
    expect(problems({ alerts: { override: { LokiWriteError: { for: '5m' } } } })).toEqual([
      "alerts.override.LokiWriteError: 'LokiWriteError' is not an alert (did you mean LokiWriteErrors?)",
    ]);
    expect(problems({ alerts: { disable: ['Nonsense'] } })).toEqual([
      "alerts.disable[0]: 'Nonsense' is not an alert (no alert has a similar name; `otel-lgtm rules --env <name>` lists them)",
    ]);
    expect(() => new LgtmStack(new App(), 'x', { alerts: { disable: ['kubepodcrashlooping'] } })).toThrow(SettingsError);
  });

  test('bad values name the field and what is allowed', () => {
    expect(problems({ alerts: { override: {
      LokiWriteErrors: { for: '15 minutes', severity: 'urgent' as never, threshold: 5, labels: { severity: 'x', 'bad-label': 'y' } },
      KubeNodeNotReady: { threshold: 0.5 },
    } } })).toEqual([
      "alerts.override.LokiWriteErrors.for: '15 minutes' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)",
      "alerts.override.LokiWriteErrors.severity: 'urgent' is not allowed (one of page, ticket)",
      'alerts.override.LokiWriteErrors.threshold: 5 is not allowed (the share of push requests answered 5xx, above 0 and at most 1; default 0.05)',
      'alerts.override.LokiWriteErrors.labels.severity: not a label name the stack lets you set (letters, digits and _, not starting with a digit; not alertname or severity: use severity)',
      'alerts.override.LokiWriteErrors.labels.bad-label: not a label name the stack lets you set (letters, digits and _, not starting with a digit; not alertname or severity: use severity)',
      `alerts.override.KubeNodeNotReady.threshold: KubeNodeNotReady has no threshold (alerts with one: ${Object.keys(ALERT_THRESHOLDS).join(', ')})`,
    ]);
  });

  test('closeNames finds typos, other case and parts, closest first', () => {
    const names = ['LokiWriteErrors', 'LokiWalDiskFull', 'TempoIngestionRefused'];
    expect(closeNames('lokiwriteerrors', names)).toEqual(['LokiWriteErrors']);
    expect(closeNames('LokiWalDiskFul', names)).toEqual(['LokiWalDiskFull']);
    expect(closeNames('Tempo', names)).toEqual(['TempoIngestionRefused']);
    expect(closeNames('Grafana', names)).toEqual([]);
  });
});
