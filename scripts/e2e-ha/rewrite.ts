/**
 * The one rewrite between prod's manifests (dist/prod) and its HA topology as processes on one machine.
 * Replica counts, ports, names and configs are read from the manifests; only what a pod gets from
 * Kubernetes and a process here does not is changed (LOCAL_CHANGES says what, in words, for the run's
 * output and the README):
 *
 * - every pod gets its own loopback address (`addressOf(n)`, one per replica) and keeps its pod's ports;
 *   pod DNS names (`<sts>-<i>.<service>.<ns>.svc[.cluster.local]`) and `$(POD_IP)` become that address;
 * - a ClusterIP Service gets an address of its own, where the harness runs a TCP proxy spreading
 *   connections over its replicas (standing in for kube-proxy; see ./service-proxy.ts);
 * - a headless Service named as a collector `load_balancing` exporter's DNS resolver becomes a static
 *   resolver listing its pods' addresses; Loki's ring goes through ../loki-ha/local-ring.ts;
 * - listen addresses (`0.0.0.0:<port>`, `:<port>`) → the pod's address; paths under a pod's mounts →
 *   `<work>/<pod>/…`;
 * - object storage → one local folder shared by the replicas, standing in for the bucket;
 * - Alertmanager's receivers → one webhook each, to the harness's test webhook;
 * - the collector's `k8s_attributes` → passthrough, and components the local build lacks → removed.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../../config/yaml';
import { CollectorComponents, isCollectorConfig, isServerConfig, removeMissingComponents, typeOf } from '../e2e/localize';
import type { Manifest } from '../e2e/manifests';
import { LOOPBACK } from '../e2e/ports';
import { LOCALLY_REWRITTEN, localRing } from '../loki-ha/local-ring';

/** What the rewrite changes, one line each (printed by the run, quoted in the README). */
export const LOCAL_CHANGES = [
  'each pod on its own loopback address with its pod\'s ports; pod DNS names and $(POD_IP) → that address',
  'each ClusterIP Service → an address of its own with a TCP proxy over its live replicas (standing in for kube-proxy)',
  'the gateways\' load_balancing resolver: DNS of the headless otel-sampler Service → static, the samplers\' addresses',
  `Loki's ring: ${LOCALLY_REWRITTEN.join(', ')}`,
  'object storage (Loki, Tempo) → one local folder shared by the replicas, standing in for the bucket',
  'Tempo\'s gRPC server → 127.0.0.1 on a free port: monolithic Tempo dials itself there (in a pod, 127.0.0.1 reaches every interface)',
  'Alertmanager receivers → one webhook each, to the harness\'s test webhook on 127.0.0.1',
  'listen addresses → the pod\'s address; volume paths → a folder per pod; k8s_attributes → passthrough',
] as const;

/** One pod to run as a process. */
export interface LocalPod {
  readonly workload: string;
  readonly index: number;
  /** The pod's name: `<workload>-<index>`. */
  readonly name: string;
  readonly address: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  /** Absolute path → content. */
  readonly files: Record<string, string>;
  readonly dataDirs: string[];
  /** The container's ports (on `address`). */
  readonly ports: number[];
  /** Its readiness probe as a local URL. */
  readonly readyUrl: string;
}

/** A ClusterIP Service: its address and, per port, the pods' port behind it. */
export interface LocalService {
  readonly name: string;
  readonly address: string;
  /** Service port name → [Service port, the pods' port]. */
  readonly ports: Record<string, [number, number]>;
  /** Names of the pods behind it. */
  readonly pods: string[];
}

/** The rewritten topology. */
export interface HaStack {
  readonly pods: LocalPod[];
  readonly services: LocalService[];
  /** `kind/name` of each collector component removed because the local build lacks it (once per config). */
  readonly removed: string[];
}

/** What the rewrite needs besides the manifests. */
export interface HaOptions {
  /** Workloads to run, in start order. */
  readonly workloads: readonly string[];
  /** The n-th loopback address of the run (n from 0). */
  readonly addressOf: (n: number) => string;
  readonly work: string;
  readonly collector: CollectorComponents;
  /** Base URL of the test webhook; each receiver gets `<url>/<receiver>`. */
  readonly webhookUrl: string;
  /** A port free on 127.0.0.1 now, for a program that dials itself there (Tempo's gRPC server). */
  readonly loopbackPort: () => number;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
/** Programs whose listen address is a flag or a variable rather than in their file. */
const LISTEN: Readonly<Record<string, (address: string, port: (name: string) => number) => { args?: string[]; env?: Record<string, string> }>> = {
  prometheus: (address, port) => ({ args: [`--web.listen-address=${address}:${port('http')}`] }),
  'demo-app': (address) => ({ env: { HOST: address } }),
};
/** Downward-API fields a pod's environment may read. */
const FIELD_REFS: Readonly<Record<string, (pod: { name: string; address: string }) => string>> = {
  'metadata.name': (p) => p.name,
  'status.podIP': (p) => p.address,
  'status.hostIP': (p) => p.address,
  'spec.nodeName': () => 'local-node',
};

/** Replicas of a workload: the StatefulSet's or Deployment's, else its HorizontalPodAutoscaler's minimum, else 1. */
export function replicasOf(objects: readonly Manifest[], workload: Manifest): number {
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === workload.metadata.name);
  return workload.spec.replicas ?? hpa?.spec.minReplicas ?? 1;
}

function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Boolean(selector) && Object.entries(selector!).every(([k, v]) => labels?.[k] === v);
}

/** Rewrites the named workloads of `objects` into processes on their own loopback addresses. */
export function localizeHa(objects: readonly Manifest[], o: HaOptions): HaStack {
  let next = 0;
  const workloads = o.workloads.map((name) => {
    const w = objects.find((x) => WORKLOAD_KINDS.has(x.kind) && x.metadata.name === name);
    if (!w) throw new Error(`no Deployment or StatefulSet named '${name}' in the manifests`);
    const pods = Array.from({ length: replicasOf(objects, w) }, (_, index) => ({ name: `${name}-${index}`, index, address: o.addressOf(next++) }));
    return { w, pods };
  });
  const podsOf = (service: Manifest) => workloads.filter(({ w }) => w.metadata.namespace === service.metadata.namespace
    && labelsMatch(service.spec.selector, w.spec.template.metadata?.labels));
  const hosts = new Map<string, string>();
  const headless = new Map<string, Array<{ address: string }>>();
  const services: LocalService[] = [];
  for (const { w, pods } of workloads) {
    if (w.kind !== 'StatefulSet' || !w.spec.serviceName) continue;
    for (const p of pods) hosts.set(`${p.name}.${w.spec.serviceName}.${w.metadata.namespace}.svc`, p.address);
  }
  for (const svc of objects.filter((x) => x.kind === 'Service')) {
    const behind = podsOf(svc);
    if (behind.length === 0) continue;
    const host = `${svc.metadata.name}.${svc.metadata.namespace}.svc`;
    if (svc.spec.clusterIP === 'None') {
      headless.set(host, behind.flatMap((b) => b.pods));
      continue;
    }
    const container = behind[0].w.spec.template.spec.containers[0];
    const podPort = (target: string | number) => (typeof target === 'number' ? target : container.ports.find((p: { name: string }) => p.name === target).containerPort);
    const address = o.addressOf(next++);
    hosts.set(host, address);
    services.push({
      name: svc.metadata.name, address, pods: behind.flatMap((b) => b.pods.map((p) => p.name)),
      ports: Object.fromEntries(svc.spec.ports.map((p: { name: string; port: number; targetPort?: string | number }) => [p.name, [p.port, podPort(p.targetPort ?? p.port)]])),
    });
  }
  const replaceHosts = hostRewriter(hosts, new Set(headless.keys()));
  const removed = new Set<string>();
  const selfDialing = new Set<string>();
  const pods = workloads.flatMap(({ w, pods: replicas }) => replicas.map((pod) => {
    const spec = w.spec.template.spec;
    const container = spec.containers[0];
    const root = join(o.work, pod.name);
    const mounts: string[] = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
    const rewrite = (value: string) => rewritePaths(rewriteListen(replaceHosts(value.split('$(POD_IP)').join(pod.address)), pod.address), mounts, root);
    const containerPort = (name: string): number => {
      const port = (container.ports ?? []).find((p: { name?: string }) => p.name === name)?.containerPort;
      if (port === undefined) throw new Error(`workload '${w.metadata.name}' has no container port named '${name}'`);
      return port;
    };
    const files: Record<string, string> = {};
    const dataDirs: string[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const volume = spec.volumes?.find((v: { name: string }) => v.name === mount.name);
      const configMap = volume?.configMap && objects.find((x) => x.kind === 'ConfigMap' && x.metadata.name === volume.configMap.name);
      if (!configMap) {
        dataDirs.push(`${root}${mount.mountPath}`);
        continue;
      }
      for (const [file, content] of Object.entries<string>(configMap.data ?? {})) {
        const local = localConfig(file, content, { ...o, pod, headless, rewrite, replicas, removed, dataDirs, selfDialing });
        files[`${root}${mount.mountPath}/${file}`] = local;
      }
    }
    const listen = LISTEN[w.metadata.name]?.(pod.address, containerPort) ?? {};
    const env: Record<string, string> = {};
    for (const e of container.env ?? []) {
      const field = e.valueFrom?.fieldRef?.fieldPath as string | undefined;
      const value = e.value ?? (field ? FIELD_REFS[field]?.(pod) : undefined);
      // Kubernetes expands $(VAR) from variables defined earlier; a Secret's value is not available here.
      if (value !== undefined) env[e.name] = rewrite(value.replace(/\$\((\w+)\)/g, (m: string, v: string) => env[v] ?? m));
    }
    const probe = container.readinessProbe?.httpGet;
    return {
      workload: w.metadata.name, index: pod.index, name: pod.name, address: pod.address,
      args: [...(container.args ?? []).map(rewrite), ...(listen.args ?? [])],
      env: { ...env, ...listen.env },
      files, dataDirs,
      ports: (container.ports ?? []).map((p: { containerPort: number }) => p.containerPort),
      readyUrl: probe ? `http://${pod.address}:${typeof probe.port === 'number' ? probe.port : containerPort(probe.port)}${probe.path}` : '',
    };
  }));
  return { pods, services, removed: [...removed] };
}

interface FileContext extends HaOptions {
  readonly pod: { name: string; index: number; address: string };
  readonly replicas: ReadonlyArray<{ address: string }>;
  readonly headless: ReadonlyMap<string, ReadonlyArray<{ address: string }>>;
  readonly rewrite: (value: string) => string;
  readonly removed: Set<string>;
  readonly dataDirs: string[];
  /** Pods whose gRPC server listens on 127.0.0.1 (Tempo). */
  readonly selfDialing: Set<string>;
}

/** One config file, rewritten: YAML structurally (program-specific changes first, then every string), anything else untouched. */
function localConfig(file: string, content: string, c: FileContext): string {
  if (!/\.ya?ml$/.test(file)) return content;
  let config = parse(content);
  const store = join(c.work, 'object-store');
  if (config?.common?.ring?.kvstore?.store === 'memberlist') {
    // Loki's ring: the tested rewrite of ../loki-ha (its folders under <work>/loki-ring).
    const replica = localRing(config, c.replicas.map((r) => r.address), join(c.work, 'loki-ring'))[c.pod.index];
    c.dataDirs.push(replica.dir, join(c.work, 'loki-ring', 'object-store'));
    config = replica.config;
  }
  if (config?.storage?.trace?.backend) {
    // Tempo's bucket → a local folder.
    const { s3, gcs, azure, ...trace } = config.storage.trace;
    config.storage.trace = { ...trace, backend: 'local', local: { path: join(store, 'traces') } };
    c.dataDirs.push(join(store, 'traces'));
    // Monolithic Tempo dials its own gRPC server at 127.0.0.1 (frontend, backend scheduler, live store: it
    // sets those addresses itself), which in a pod reaches every interface: here its gRPC server listens on
    // 127.0.0.1, on a port free at run time.
    c.selfDialing.add(c.pod.name);
    config.server.grpc_listen_port = c.loopbackPort();
  }
  if (config?.route && Array.isArray(config.receivers)) {
    config.receivers = config.receivers.map((r: { name: string }) => ({ name: r.name, webhook_configs: [{ url: `${c.webhookUrl}/${r.name}`, send_resolved: true }] }));
  }
  if (isCollectorConfig(config)) {
    for (const [key, exporter] of Object.entries<any>(config.exporters ?? {})) {
      const dns = exporter?.resolver?.dns;
      const pods: ReadonlyArray<{ address: string }> | undefined = dns && c.headless.get(dns.hostname.replace(/\.cluster\.local$/, ''));
      if (typeOf(key) === 'load_balancing' && pods) exporter.resolver = { static: { hostnames: pods.map((p: { address: string }) => `${p.address}:${dns.port}`) } };
    }
  }
  config = mapStrings(config, c.rewrite);
  if (isCollectorConfig(config)) {
    for (const [key, processor] of Object.entries<Record<string, unknown>>(config.processors ?? {})) {
      if (typeOf(key) === 'k8s_attributes') processor.passthrough = true;
    }
    for (const r of removeMissingComponents(config, c.collector)) c.removed.add(r);
  }
  if (isServerConfig(config)) {
    config.server.http_listen_address = c.pod.address;
    config.server.grpc_listen_address = c.selfDialing.has(c.pod.name) ? LOOPBACK : c.pod.address;
  }
  return toYaml(config);
}

function mapStrings(node: any, rewrite: (v: string) => string): any {
  if (typeof node === 'string') return rewrite(node);
  if (Array.isArray(node)) return node.map((item) => mapStrings(item, rewrite));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapStrings(v, rewrite)]));
  return node;
}

/** Known host names (and their `.cluster.local` forms) → addresses; a headless Service's name left anywhere else is an error. */
export function hostRewriter(hosts: ReadonlyMap<string, string>, headless: ReadonlySet<string>): (value: string) => string {
  const names = [...hosts.keys(), ...headless].sort((a, b) => b.length - a.length).map((h) => h.replace(/[.+]/g, '\\$&'));
  if (names.length === 0) return (v) => v;
  const pattern = new RegExp(`(?<![\\w.-])(${names.join('|')})(?:\\.cluster\\.local)?(?![\\w-])`, 'g');
  return (value) => value.replace(pattern, (_, host: string) => {
    const address = hosts.get(host);
    if (address === undefined) throw new Error(`the headless Service '${host}' is named in '${value}', which the local rewrite does not know how to resolve`);
    return address;
  });
}

/** `0.0.0.0[:port]` and `:port` (alone or as a flag's value) → the pod's address. */
export function rewriteListen(value: string, address: string): string {
  return value.replace(/^(-{1,2}[\w.-]+=)?(?:0\.0\.0\.0)?(:\d+)$/, (_, flag = '', port: string) => `${flag}${address}${port}`)
    .replace(/^0\.0\.0\.0$/, address);
}

/** An absolute path under one of the pod's mounts (alone or as a flag's value) moves under `root`. */
function rewritePaths(value: string, mounts: readonly string[], root: string): string {
  const match = /^(-{1,2}[\w.-]+=)?(\/.*)$/.exec(value);
  if (!match) return value;
  const [, flag = '', path] = match;
  return mounts.some((m) => path === m || path.startsWith(`${m}/`)) ? `${flag}${root}${path}` : value;
}
