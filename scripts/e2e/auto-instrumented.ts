/**
 * The e2e case of `instrument(workload, { autoInstrument: 'nodejs' })`: a plain Node.js service with
 * no OpenTelemetry code or dependency (./plain-service.js), started as the injected pod starts it —
 * the SDK the pinned image carries (its package.json's dependencies, installed with npm into a
 * git-ignored folder and laid out as its Dockerfile does), the container's command, and every env
 * variable of the synthesized manifest (NODE_OPTIONS included), with only what a kubelet would
 * supply filled in: the downward-API values, `$(VAR)` expansion, the emptyDir's path, and the
 * collector's Service address mapped to the local collector. Its spans, logs and metrics are then
 * queried back from Tempo, Loki and Prometheus by its service.name and k8s.* attributes.
 */
import { cpSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { IMAGES } from '../../infra/images';
import { LgtmStack } from '../../infra/lgtm-stack';
import { SDK_INJECTION } from '../../infra/sdk-languages';
import { presets } from '../../overlays';
import type { ProcessRegistry } from './registry';
import type { Started } from './processes';

const ROOT = join(__dirname, '..', '..');
export const SERVICE = 'plain-service';
export const NAMESPACE = 'shop';
/** The image's package.json (autoinstrumentation/nodejs, operator at be89444): @opentelemetry/api beside auto-instrumentations-node. */
const IMAGE_API_VERSION = '1.9.1';
/** The auto-instrumentations-node version the pinned image carries: its tag without the revision. */
export const NODE_SDK_VERSION = IMAGES.autoInstrumentationNodejs.split(':')[1].replace(/-\d+$/, '');

type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } };
export interface InjectedContainer { readonly command: string[]; readonly env: EnvVar[]; readonly initCommand: string[] }

/** The instrumented example workload, as synthesized: dev's stack, a plain Deployment, `autoInstrument: 'nodejs'`. */
export function injectedExample(): InjectedContainer {
  const app = new App();
  const stack = new LgtmStack(new Chart(app, 'observability', { namespace: 'observability' }), 'dev', presets.dev);
  const deployment = new Deployment(new Chart(app, NAMESPACE, { namespace: NAMESPACE }), SERVICE, {
    containers: [{ image: 'shop/plain-service:1.0.0', command: ['node', 'scripts/e2e/plain-service.js'], portNumber: 8080 }],
  });
  stack.instrument(deployment, { serviceName: SERVICE, autoInstrument: 'nodejs' });
  const spec = Chart.of(deployment).toJson().find((o: { kind: string }) => o.kind === 'Deployment').spec.template.spec;
  return { command: spec.containers[0].command, env: spec.containers[0].env, initCommand: spec.initContainers[0].command };
}

/**
 * What the init container leaves in the emptyDir: the image's /autoinstrumentation (its npm
 * dependencies, auto-instrumentations-node's build/src copied to the top, autoinstrumentation.js a
 * hard link of register.js — the image's Dockerfile). Installed once per version into `dir`.
 */
export async function prepareNodeSdk(dir: string, processes: ProcessRegistry): Promise<string> {
  const stamp = join(dir, '.installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === NODE_SDK_VERSION) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'autoinstrumentation', private: true,
    dependencies: { '@opentelemetry/api': IMAGE_API_VERSION, '@opentelemetry/auto-instrumentations-node': NODE_SDK_VERSION },
  }, null, 2));
  const npm = await processes.run('npm install', 'npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: dir });
  if (npm.status !== 0) throw new Error(`npm install of the image's SDK failed (exit ${npm.status ?? npm.signal}): ${npm.stderr.split('\n')[0]}`);
  cpSync(join(dir, 'node_modules/@opentelemetry/auto-instrumentations-node/build/src'), dir, { recursive: true });
  linkSync(join(dir, 'register.js'), join(dir, 'autoinstrumentation.js'));
  writeFileSync(stamp, NODE_SDK_VERSION);
  return dir;
}

/** The pod's facts a kubelet fills in from the downward API. */
const FIELD_VALUES: Record<string, string> = { 'metadata.name': `${SERVICE}-7d9c-e2e`, 'metadata.uid': '0b6e1a52-e2e0-4c1e-9d0a-1f2a3b4c5d6e', 'spec.nodeName': 'e2e-node' };

/**
 * The container's environment as the kubelet makes it (field refs resolved, `$(VAR)` expanded from
 * the variables before), with the emptyDir at `sdkDir` and the collector's Service at its local address.
 */
export function podEnvironment(container: InjectedContainer, sdkDir: string, addresses: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  const mount = SDK_INJECTION.nodejs.mountPath;
  for (const v of container.env) {
    let value = v.value ?? FIELD_VALUES[v.valueFrom?.fieldRef?.fieldPath ?? ''];
    if (value === undefined) throw new Error(`e2e: no local value for env ${v.name}`);
    value = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) => env[name] ?? whole).replaceAll(mount, sdkDir);
    for (const [service, local] of Object.entries(addresses)) value = value.replaceAll(`//${service}`, `//${local}`);
    env[v.name] = value;
  }
  return env;
}

/** Starts the service as the pod would (`node …` from the manifest's command, its env), listening on `port`. */
export function startInjected(container: InjectedContainer, env: Record<string, string>, port: string, processes: ProcessRegistry, logDir: string): Started {
  const [program, ...args] = container.command;
  if (program !== 'node') throw new Error(`e2e: the example's command is '${program}', not node`);
  return processes.start(SERVICE, process.execPath, args, { ...env, PORT: port, HOST: '127.0.0.1' }, logDir, ROOT);
}

const K8S = ['k8s.pod.name', 'k8s.pod.uid', 'k8s.node.name', 'k8s.namespace.name'];
const promName = (a: string) => a.replaceAll('.', '_');

async function json(url: string): Promise<any> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url} answered ${r.status}`);
  return r.json();
}

/** One line per signal: found with service.name and every k8s.* attribute, or what is missing. */
export async function queryBack(targets: { tempo: string; loki: string; prometheus: string }): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  const expectAttrs = (signal: string, attrs: Record<string, string>) => {
    const missing = K8S.filter((k) => attrs[k] === undefined && attrs[promName(k)] === undefined);
    const pod = attrs['k8s.pod.name'] ?? attrs.k8s_pod_name;
    if (missing.length > 0 || pod !== FIELD_VALUES['metadata.name']) ok = false;
    lines.push(`${signal}: service.name=${SERVICE}, k8s.pod.name=${pod}, k8s.namespace.name=${attrs['k8s.namespace.name'] ?? attrs.k8s_namespace_name}${missing.length ? `; MISSING ${missing.join(', ')}` : ''}`);
  };
  const now = Math.floor(Date.now() / 1000);
  const search = await json(`${targets.tempo}/api/search?q=${encodeURIComponent(`{resource.service.name="${SERVICE}"}`)}&start=${now - 3600}&end=${now + 60}`);
  const traceId = search.traces?.[0]?.traceID;
  if (!traceId) ok = false, lines.push('traces: none found in Tempo');
  else {
    const trace = await json(`${targets.tempo}/api/traces/${traceId}`);
    const batch = (trace.batches ?? trace.resourceSpans ?? trace.trace?.resourceSpans)[0];
    const attrs = Object.fromEntries(batch.resource.attributes.map((a: any) => [a.key, Object.values(a.value)[0]]));
    expectAttrs(`traces (${search.traces.length} traces, e.g. ${traceId})`, attrs);
  }
  const logs = await json(`${targets.loki}/loki/api/v1/query_range?query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&start=${(now - 3600)}000000000&limit=20`);
  const stream = logs.data.result[0];
  if (!stream) ok = false, lines.push('logs: none found in Loki');
  else expectAttrs(`logs (${logs.data.result.reduce((n: number, s: any) => n + s.values.length, 0)} records, e.g. "${stream.values[0][1].slice(0, 60)}")`, stream.stream);
  const job = `${NAMESPACE}/${SERVICE}`;
  const info = await json(`${targets.prometheus}/api/v1/query?query=${encodeURIComponent(`target_info{job="${job}"}`)}`);
  const names = await json(`${targets.prometheus}/api/v1/query?query=${encodeURIComponent(`count by (__name__) ({job="${job}",__name__!="target_info"})`)}`);
  const metricNames = names.data.result.map((r: any) => r.metric.__name__);
  if (!info.data.result[0] || metricNames.length === 0) ok = false, lines.push(`metrics: none found in Prometheus for job="${job}"`);
  else expectAttrs(`metrics (${metricNames.length} series names, e.g. ${metricNames.slice(0, 3).join(', ')})`, info.data.result[0].metric);
  return { ok, lines };
}
