import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { ALERTS } from '../../config/rules';
import { toYaml } from '../../config/yaml';
import { ENVIRONMENTS } from '../../overlays';
import { checkAlertmanagerConfig, routeAlert } from '../support/amtool';
import { CHECKED_LIVE, GOSSIP_ONLY } from '../support/metric-catalog';
import { metricNamesIn } from '../support/queries';
import { RunningServer, debianPackageRoot, debianTool, eventually, startServer } from '../support/servers';
import { ENVIRONMENT_NAMES, Manifest, objectsOf, synthesize } from '../support/synth';

const configMap = (objects: Manifest[], name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data;
const alertmanagerYaml = (env: string) => configMap(objectsOf(synthesize(env)), 'alertmanager-config')['alertmanager.yaml'] as string;

/** Each alert of the env's synthesized Prometheus rules, with the labels it carries. */
function ruleAlerts(env: string): Array<{ alert: string; expr: string; labels: Record<string, string> }> {
  const rules = parse(configMap(objectsOf(synthesize(env)), 'prometheus-rules')['stack.rules.yaml']);
  return rules.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert));
}

describe.each(ENVIRONMENT_NAMES)('Alertmanager of %s', (name) => {
  const config = alertmanagerYaml(name);

  it('passes amtool check-config', async () => {
    const result = await checkAlertmanagerConfig(config);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it('routes a page alert to the page receiver and a ticket alert to the ticket receiver (amtool config routes test)', async () => {
    const alerts = ruleAlerts(name);
    const page = alerts.find((a) => a.alert === ALERTS.availabilityFastBurn)!;
    const ticket = alerts.find((a) => a.alert === ALERTS.availabilitySlowBurn)!;
    expect([page.labels.severity, ticket.labels.severity]).toEqual(['page', 'ticket']);
    const routed = await Promise.all([
      routeAlert(config, { alertname: page.alert, ...page.labels, service_name: 'demo' }, 'page'),
      routeAlert(config, { alertname: ticket.alert, ...ticket.labels, service_name: 'demo' }, 'ticket'),
      routeAlert(config, { alertname: 'Unlabelled' }, 'ticket'),
      // The check can fail: a page alert is not a ticket.
      routeAlert(config, { alertname: page.alert, ...page.labels }, 'ticket'),
    ]);
    expect(routed.map((r) => [r.status, r.output.split('\n')[0]])).toEqual([[0, 'page'], [0, 'ticket'], [0, 'ticket'], [1, 'page']]);
  });

  it('reads every receiver credential from a file in a mounted Secret that the environment declares external', () => {
    const objects = objectsOf(synthesize(name));
    const pod = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alertmanager')!.spec.template.spec;
    const files = [...config.matchAll(/_file: (\S+)/g)].map((m) => m[1]);
    const secretMounts = pod.containers[0].volumeMounts.filter((m: any) => pod.volumes.find((v: any) => v.name === m.name)?.secret);
    const secretNames = pod.volumes.filter((v: any) => v.secret).map((v: any) => v.secret.secretName);
    for (const file of files) expect(secretMounts.some((m: any) => file.startsWith(`${m.mountPath}/`))).toBe(true);
    expect(secretNames).toEqual(expect.arrayContaining(ENVIRONMENTS[name]().externalSecrets().filter((s) => s.startsWith('alertmanager-'))));
    for (const secret of secretNames) expect(ENVIRONMENTS[name]().externalSecrets()).toContain(secret);
    expect(files.length).toBe(name === 'dev' ? 0 : name === 'staging' ? 2 : 3);
  });

  it('is sent every alert by Prometheus: at its Service when alone, at every replica of a cluster (which notifies once)', () => {
    const prometheus = parse(configMap(objectsOf(synthesize(name)), 'prometheus-config')['prometheus.yaml']);
    const { stackNamespace: ns, alerting } = ENVIRONMENTS[name]();
    expect(alerting.replicas).toBe(name === 'prod' ? 3 : 1);
    const targets = alerting.replicas > 1
      ? Array.from({ length: alerting.replicas }, (_, i) => `alertmanager-${i}.alertmanager-peers.${ns}.svc:9093`)
      : [`alertmanager.${ns}.svc:9093`];
    expect(prometheus.alerting.alertmanagers).toEqual([{ api_version: 'v2', static_configs: [{ targets }] }]);
  });
});

describe('routing of every alert', () => {
  // Prod carries every alert (cluster telemetry, every backend); routing is by severity alone in each environment.
  it('sends each alert of prod\'s rule file to the receiver its severity names (amtool config routes test, one run per alert)', async () => {
    const config = alertmanagerYaml('prod');
    const alerts = [...new Map(ruleAlerts('prod').map((a) => [`${a.alert}/${a.labels.severity}`, a])).values()];
    expect(alerts.length).toBeGreaterThan(35);
    const routed = await Promise.all(alerts.map((a) => routeAlert(config, { alertname: a.alert, ...a.labels }, a.labels.severity)));
    expect(routed.map((r, i) => `${alerts[i].alert}: ${r.status} ${r.output.split('\n')[0]}`))
      .toEqual(alerts.map((a) => `${a.alert}: 0 ${a.labels.severity}`));
  });
});

describe('inhibition, on a running Alertmanager', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    // Prod's config (the most inhibitions: its sampler tier is a backend too), with its receivers
    // emptied so nothing tries to notify from the test machine; routes and inhibit rules as synthesized.
    const config = parse(alertmanagerYaml('prod'));
    config.receivers = config.receivers.map((r: { name: string }) => ({ name: r.name }));
    dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
    writeFileSync(join(dir, 'alertmanager.yaml'), toYaml(config));
    // alertmanager-local finds Debian's default templates relative to the package folder (see the installer).
    server = await startServer(debianTool('prometheus-alertmanager', 'alertmanager-local'), (listen) => [
      `--config.file=${join(dir, 'alertmanager.yaml')}`, `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${listen}`, '--cluster.listen-address=',
    ], '/-/ready', debianPackageRoot('prometheus-alertmanager'));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exposes every metric the Alertmanager alerts read', async () => {
    // Without gossip (as here, and as a single replica runs), the cluster gauges do not exist: so neither does that alert.
    const read = ruleAlerts('dev').filter((a) => a.alert.startsWith('Alertmanager')).flatMap((a) => [...metricNamesIn(a.expr)]);
    expect(new Set(read)).toEqual(new Set(CHECKED_LIVE.alertmanager));
    const exposed = await (await fetch(`${server.url}/metrics`)).text();
    const names = new Set(exposed.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]));
    expect(CHECKED_LIVE.alertmanager.filter((n) => !names.has(n))).toEqual([]);
    expect(names.has(GOSSIP_ONLY.alertmanager[0])).toBe(false);
  });

  /** Posts firing alerts (labels as the rules set them) to Alertmanager's v2 API. */
  async function post(...alerts: Array<Record<string, string>>): Promise<void> {
    const startsAt = new Date().toISOString();
    const response = await fetch(`${server.url}/api/v2/alerts`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts.map((labels) => ({ labels, startsAt }))),
    });
    expect(response.status).toBe(200);
  }

  /** alertname/distinguishing label → 'inhibited' or 'active', as Alertmanager reports it now. */
  async function states(): Promise<Record<string, string>> {
    const alerts = await (await fetch(`${server.url}/api/v2/alerts`)).json() as any[];
    return Object.fromEntries(alerts.map((a) => [
      `${a.labels.alertname}/${a.labels.service_name ?? a.labels.job}`, a.status.inhibitedBy.length > 0 ? 'inhibited' : 'active',
    ]));
  }

  const severityOf = (alert: string) => ruleAlerts('prod').find((a) => a.alert === alert)!.labels.severity;
  const alert = (name: string, labels: Record<string, string>) => ({ alertname: name, severity: severityOf(name), ...labels });

  it('silences a service\'s slow burn while its fast burn pages, and not another service\'s', async () => {
    await post(
      alert(ALERTS.availabilityFastBurn, { service_name: 'checkout' }),
      alert(ALERTS.availabilitySlowBurn, { service_name: 'checkout' }),
      alert(ALERTS.availabilitySlowBurn, { service_name: 'search' }),
    );
    const expected = {
      [`${ALERTS.availabilityFastBurn}/checkout`]: 'active',
      [`${ALERTS.availabilitySlowBurn}/checkout`]: 'inhibited',
      [`${ALERTS.availabilitySlowBurn}/search`]: 'active',
    };
    expect(await eventually(async () => isDeepStrictEqual(await states(), expected))).toBe(true);
    expect(await states()).toEqual(expected);
  });

  it('silences the collector\'s export alerts while a backend is down, but not while Grafana is', async () => {
    const exporter = alert(ALERTS.exporterFailing, { job: 'otel-collector', exporter: 'otlp_grpc/tempo', signal: 'spans' });
    await post(exporter, alert(ALERTS.componentDown, { job: 'grafana', instance: '10.0.0.3:3000' }));
    // The inhibitor takes alerts in the order they arrive: once it acts on a later pair, it has seen Grafana's.
    await post(alert(ALERTS.latencyFastBurn, { service_name: 'control' }), alert(ALERTS.latencySlowBurn, { service_name: 'control' }));
    expect(await eventually(async () => (await states())[`${ALERTS.latencySlowBurn}/control`] === 'inhibited')).toBe(true);
    expect((await states())[`${ALERTS.exporterFailing}/otel-collector`]).toBe('active');

    await post(alert(ALERTS.componentDown, { job: 'tempo', instance: '10.0.0.2:3200' }));
    expect(await eventually(async () => (await states())[`${ALERTS.exporterFailing}/otel-collector`] === 'inhibited')).toBe(true);
    expect(await states()).toMatchObject({ [`${ALERTS.componentDown}/tempo`]: 'active', [`${ALERTS.componentDown}/grafana`]: 'active' });
  });
});
