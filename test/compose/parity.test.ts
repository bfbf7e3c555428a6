import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { ALLOWED_DIFFERENCES, ProjectView, parityDifferences } from '../support/compose-parity';
import { composeOutput } from '../../infra/compose/output';
import { ENVIRONMENTS } from '../../overlays';
import { clone, inMemory, objectsOf, synthesize } from '../support/synth';

/** dist/compose/dev read back: compose.yaml parsed, every other file by path. */
function committedProject(): ProjectView {
  const dir = join(__dirname, '..', '..', 'dist', 'compose', 'dev');
  const files = new Map<string, string>();
  const walk = (d: string) => readdirSync(d).forEach((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : files.set(relative(dir, join(d, e)), readFileSync(join(d, e), 'utf8'))));
  walk(dir);
  return { compose: parse(files.get('compose.yaml')!), files };
}

const dev = objectsOf(synthesize('dev'));
const project = committedProject();

test('every dev component runs under Compose as in the cluster (image, config contents, environment, ports), but for the documented differences', () => {
  expect(parityDifferences(dev, project)).toEqual([]);
  expect(Object.keys(project.compose.services)).toEqual(['tempo', 'loki', 'alertmanager', 'prometheus', 'otel-collector', 'grafana', 'demo-app', 'loadgen']);
});

test('the documented list is short', () => {
  expect(Object.keys(ALLOWED_DIFFERENCES).length).toBeLessThanOrEqual(7);
});

/** A copy of the project with one change made by `edit`. */
function broken(edit: (p: { compose: any; files: Map<string, string> }) => void): ProjectView {
  const copy = { compose: clone(project.compose), files: new Map(project.files) };
  edit(copy);
  return copy;
}

describe('any other difference fails the parity check', () => {
  it.each<[string, (p: { compose: any; files: Map<string, string> }) => void, RegExp]>([
    ['another image tag', (p) => { p.compose.services.tempo.image = 'grafana/tempo:3.0.2'; }, /tempo: image/],
    ['a config file one byte off', (p) => { p.files.set('loki/config/loki.yaml', `${p.files.get('loki/config/loki.yaml')} `); }, /loki\/config\/loki.yaml differs/],
    ['a collector config change besides passthrough', (p) => {
      p.files.set('otel-collector/config/config.yaml', p.files.get('otel-collector/config/config.yaml')!.replace('timeout: 2s', 'timeout: 3s'));
    }, /otel-collector\/config\/config.yaml differs/],
    ['a scrape target missing', (p) => {
      const config = parse(p.files.get('prometheus/config/prometheus.yaml')!);
      config.scrape_configs[0].static_configs = config.scrape_configs[0].static_configs.filter((g: any) => g.targets[0] !== 'loki:3100');
      p.files.set('prometheus/config/prometheus.yaml', stringify(config));
    }, /prometheus: job stack-pods scrapes [^\n]*, the pods [^\n]*loki:3100/],
    ['a Prometheus config change besides its targets', (p) => {
      p.files.set('prometheus/config/prometheus.yaml', p.files.get('prometheus/config/prometheus.yaml')!.replace('scrape_interval: 30s', 'scrape_interval: 15s'));
    }, /prometheus\/config\/prometheus.yaml differs/],
    ['a dashboard missing', (p) => { p.files.delete('grafana/dashboards/service-red.json'); }, /service-red.json missing/],
    ['a changed variable', (p) => { p.compose.services['demo-app'].environment.OTEL_TRACES_SAMPLER = 'always_on'; }, /OTEL_TRACES_SAMPLER/],
    ['an extra variable', (p) => { p.compose.services.loki.environment.EXTRA = '1'; }, /EXTRA is not the pod's/],
    ['a secret in compose.yaml', (p) => { p.compose.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD = 'x'; }, /secret variable GF_SECURITY_ADMIN_PASSWORD/],
    ['another container port', (p) => { p.compose.services.prometheus.ports[0].target = 9091; }, /prometheus: port http/],
    ['a port on every interface', (p) => { p.compose.services.grafana.ports[0].host_ip = '0.0.0.0'; }, /grafana: port http published at 0.0.0.0/],
    ['a changed argument', (p) => { p.compose.services.prometheus.command.push('--web.enable-lifecycle'); }, /prometheus: command differs/],
    ['a Service name that does not resolve', (p) => { p.compose.services.loki.networks.default.aliases = []; }, /loki.observability.svc/],
    ['a missing component', (p) => { delete p.compose.services.alertmanager; }, /alertmanager: no Compose service/],
  ])('%s', (_, edit, message) => {
    const differences = parityDifferences(dev, broken(edit));
    expect(differences.join('\n')).toMatch(message);
  });

  it('an allowed difference, the collector passthrough, is the only change in its config file', () => {
    const configMap = dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-collector-config')!;
    const before = configMap.data['config.yaml'].split('\n');
    const after = project.files.get('otel-collector/config/config.yaml')!.split('\n');
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((l) => !before.includes(l))).toEqual(['    passthrough: true']);
  });
});

test('claims become named volumes, emptyDirs anonymous ones; a dev with persistence still has parity', () => {
  const env = Object.assign(ENVIRONMENTS.dev(), { persistence: { ...ENVIRONMENTS.dev().persistence, enabled: true } }).validate();
  const { files } = composeOutput(env);
  const compose = parse(files.get('compose.yaml')!);
  const claims = objectsOf(inMemory(env)).filter((o) => o.kind === 'StatefulSet').flatMap((o) => (o.spec.volumeClaimTemplates ?? []).map((c: any) => `${o.metadata.name}-${c.metadata.name}`));
  expect(claims.length).toBeGreaterThan(0);
  expect(Object.keys(compose.volumes).sort()).toEqual(claims.sort());
  expect(compose.services.tempo.volumes).toContainEqual({ type: 'volume', source: 'tempo-data', target: '/var/tempo' });
  expect(parityDifferences(objectsOf(inMemory(env)), { compose, files })).toEqual([]);
  // dev as committed keeps its data in anonymous volumes, as its pods keep it in emptyDirs.
  expect(project.compose.volumes).toBeUndefined();
  expect(project.compose.services.tempo.volumes).toContainEqual({ type: 'volume', target: '/var/tempo' });
});

test("compose.yaml's header names every changed file and every readiness probe without a health check", () => {
  const header = project.files.get('compose.yaml')!.split('\n').filter((l) => l.startsWith('#')).join('\n');
  // Changed files: those that differ from the ConfigMap data the pod mounts (found here from the manifests).
  const changed = [...project.files.keys()].filter((path) => {
    const [service, volume, file] = path.split('/');
    const workload = dev.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === service);
    const configMap = workload?.spec.template.spec.volumes?.find((v: any) => v.name === volume)?.configMap;
    const data = configMap && dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap.name)?.data;
    return data !== undefined && data[file] !== project.files.get(path);
  });
  expect(changed.sort()).toEqual(['otel-collector/config/config.yaml', 'prometheus/config/prometheus.yaml']);
  expect(header).toMatch(/Changed for Compose: prometheus\/config\/prometheus.yaml \(pod discovery replaced by [^)]+\), otel-collector\/config\/config.yaml \(k8s_attributes in passthrough[^)]+\)\./);
  // Unchecked: services whose pod has a readiness probe and whose Compose service has no health check.
  const unchecked = Object.entries<any>(project.compose.services).filter(([name, s]) => !s.healthcheck
    && dev.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === name)?.spec.template.spec.containers[0].readinessProbe).map(([name]) => name);
  expect(unchecked).toEqual(['tempo', 'loki', 'otel-collector']);
  expect(header).toContain(`No health check (the image has no shell or HTTP client to run the readiness probe): ${unchecked.join(', ')};`);
});
