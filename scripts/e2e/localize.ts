/**
 * The one rewrite between the manifests synthesized for an environment and processes on 127.0.0.1:
 * it changes only what a process outside a cluster must change, and reports what it removed.
 *
 * - service DNS names (`<service>.<namespace>.svc:<port>`) → `127.0.0.1:<local port>`: with a port source
 *   (the run passes free ports) every port comes from it, else a port is kept unless an earlier Service
 *   took it; the program's own listen settings follow, and with a port source so do its listen ports
 *   that no Service names (e.g. Tempo's gRPC port, the collector's pprof and zpages);
 * - listen addresses → 127.0.0.1;
 * - paths under a pod's volume mounts → the same path under `<tmpDir>/<workload>`;
 * - the collector's `k8s_attributes` processors → `passthrough: true` (no Kubernetes API here);
 * - collector components the local build lacks → removed, with their pipeline entries;
 * - Prometheus's pod discovery → static targets for the local programs whose pods ask to be scraped (infra/pod-discovery.ts).
 */
import { parse } from 'yaml';
import { toYaml } from '../../config/yaml';
import { DiscoverablePod, discoverablePod, staticPodTargets } from '../../infra/pod-discovery';
import { LOOPBACK, PlannedPort } from './ports';

/** A Kubernetes object as read from dist/. */
export interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: any;
  readonly data?: Record<string, string>;
}

/** Component types a collector build has, by kind (`otelcol components`). */
export type CollectorComponents = Readonly<Record<'receivers' | 'processors' | 'exporters' | 'connectors' | 'extensions', readonly string[]>>;

/** One program to start: its arguments, the files it reads, the folders it writes. */
export interface LocalProgram {
  /** Workload name (`tempo`, `loki`, `prometheus`, `otel-collector`). */
  readonly name: string;
  /** Command-line arguments, paths rewritten. */
  readonly args: string[];
  /** Literal environment variables of the container (e.g. GOMEMLIMIT), addresses rewritten. */
  readonly env: Record<string, string>;
  /** Absolute path → content of every ConfigMap file the pod mounts. */
  readonly files: Record<string, string>;
  /** Writable folders (data volumes) to create before starting. */
  readonly dataDirs: string[];
  /** The pod's memory request, e.g. `256Mi`. */
  readonly memoryRequest: string;
  /** Every local port the program will listen on (those of its Service and, with a port source, the others it binds). */
  readonly listens: PlannedPort[];
}

/** The rewritten stack. */
export interface LocalStack {
  readonly programs: LocalProgram[];
  /** `<service>.<namespace>.svc:<port>` → `127.0.0.1:<local port>`, for every Service port. */
  readonly addresses: Record<string, string>;
  /** `kind/name` of every collector component removed because the local build lacks it. */
  readonly removed: string[];
  /** Prometheus's pod-discovery jobs, each with the local targets that stand for its pods (infra/pod-discovery.ts). */
  readonly scrapes: string[];
}

/** Which parts of a config file listen, per program; only these get a 127.0.0.1 bind. */
const LISTEN_ARGS: Readonly<Record<string, (listen: (portName: string) => string) => string[]>> = {
  // Prometheus takes its listen address as a flag (unset in the pod: its default is the container port); the others read it from their file.
  prometheus: (listen) => [`--web.listen-address=${listen('http')}`],
};

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** Gives a local port for a port of the pod (the run passes free ports). */
export type PortSource = (podPort: number) => number;

/**
 * Rewrites the named workloads of `objects` (one environment's dist/) to run as local processes under
 * `tmpDir`. Without `ports`, each keeps its pod's ports where it can (enough to validate configs).
 */
export function localizeStack(objects: readonly Manifest[], workloads: readonly string[], tmpDir: string, collector: CollectorComponents, ports?: PortSource): LocalStack {
  const addresses = localAddresses(objects, ports);
  const removed: string[] = [];
  const pods: DiscoverablePod[] = [];
  const programs = workloads.map((name) => {
    const workload = objects.find((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.name === name);
    if (!workload) throw new Error(`no Deployment or StatefulSet named '${name}' in the manifests`);
    const pod = workload.spec.template.spec;
    const container = pod.containers[0];
    const ownPorts = new Map<number, number>();
    for (const [from, to] of Object.entries(addresses)) {
      if (from.startsWith(`${name}.${workload.metadata.namespace}.svc:`)) ownPorts.set(portOf(from), portOf(to));
    }
    const mounts: string[] = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
    // A listen port no Service names: kept, or moved to a port from the source (the same one on every mention).
    const ownPort = (port: number): number => {
      if (!ownPorts.has(port) && ports) ownPorts.set(port, ports(port));
      return ownPorts.get(port) ?? port;
    };
    const rewrite = (value: string) => rewritePaths(rewriteAddresses(value, addresses, ownPort), mounts, `${tmpDir}/${name}`);
    const files: Record<string, string> = {};
    for (const mount of container.volumeMounts ?? []) {
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
      const configMap = volume?.configMap && objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name);
      for (const [file, content] of Object.entries<string>(configMap?.data ?? {})) {
        files[`${tmpDir}/${name}${mount.mountPath}/${file}`] = localFile(file, content, rewrite, ownPort, collector, removed);
      }
    }
    const dataDirs = (container.volumeMounts ?? [])
      .filter((m: { name: string }) => !pod.volumes.find((v: { name: string }) => v.name === m.name)?.configMap)
      .map((m: { mountPath: string }) => `${tmpDir}/${name}${m.mountPath}`);
    const containerPort = (portName: string): number => {
      const port = (container.ports ?? []).find((p: { name?: string }) => p.name === portName)?.containerPort;
      if (port === undefined) throw new Error(`workload '${name}' has no container port named '${portName}'`);
      return port;
    };
    const listen = LISTEN_ARGS[name]?.((portName) => `${LOOPBACK}:${ownPort(containerPort(portName))}`) ?? [];
    const env = Object.fromEntries((container.env ?? []).filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, rewrite(e.value)]));
    const args = [...(container.args ?? []).map(rewrite), ...listen];
    const listens = [...ownPorts].map(([podPort, port]) => ({ port, owner: `${name}'s port ${podPort} in the pod` }));
    pods.push(discoverablePod(workload, LOOPBACK, ownPort));
    return { name, args, env, files, dataDirs, memoryRequest: container.resources.requests.memory, listens };
  });
  const scrapes: string[] = [];
  for (const program of programs) {
    for (const [file, content] of Object.entries(program.files)) {
      const config = /\.ya?ml$/.test(file) ? parse(content) : undefined;
      if (!Array.isArray(config?.scrape_configs)) continue;
      scrapes.push(...staticPodTargets(config, pods));
      program.files[file] = toYaml(config);
    }
  }
  return { programs, addresses, removed, scrapes };
}

/** Every Service port gets a 127.0.0.1 port: from the source, else its own unless an earlier Service took it. */
function localAddresses(objects: readonly Manifest[], ports?: PortSource): Record<string, string> {
  const taken = new Set<number>();
  const addresses: Record<string, string> = {};
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    for (const { port } of service.spec.ports as Array<{ port: number }>) {
      let local = ports ? ports(port) : port;
      while (taken.has(local)) local += 10000;
      taken.add(local);
      addresses[`${service.metadata.name}.${service.metadata.namespace}.svc:${port}`] = `${LOOPBACK}:${local}`;
    }
  }
  return addresses;
}

function portOf(hostPort: string): number {
  return Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
}

/**
 * Service addresses → local ones; the program's own wildcard listen addresses → 127.0.0.1 on its local
 * port; its `localhost:<port>` listen addresses keep the host and take the local port.
 */
function rewriteAddresses(value: string, addresses: Record<string, string>, ownPort: (port: number) => number): string {
  let out = value;
  for (const [from, to] of Object.entries(addresses)) out = out.split(from).join(to);
  return out
    .replace(/^0\.0\.0\.0(?::(\d+))?$/, (_, port?: string) => (port ? `${LOOPBACK}:${ownPort(Number(port))}` : LOOPBACK))
    .replace(/^localhost:(\d+)$/, (_, port: string) => `localhost:${ownPort(Number(port))}`);
}

/** An absolute path under one of the pod's mounts (alone or as a flag's value) moves under `root`. */
function rewritePaths(value: string, mounts: readonly string[], root: string): string {
  const match = /^(-{1,2}[\w.-]+=)?(\/.*)$/.exec(value);
  if (!match) return value;
  const [, flag = '', path] = match;
  const under = mounts.some((m) => path === m || path.startsWith(`${m}/`));
  return under ? `${flag}${root}${path}` : value;
}

/** One config file, rewritten: YAML files structurally, anything else untouched. */
function localFile(
  file: string, content: string, rewrite: (v: string) => string, ownPort: (port: number) => number,
  collector: CollectorComponents, removed: string[],
): string {
  if (!/\.ya?ml$/.test(file)) return content;
  const config = mapLeaves(parse(content), rewrite, ownPort);
  if (isCollectorConfig(config)) {
    for (const [key, processor] of Object.entries<Record<string, unknown>>(config.processors ?? {})) {
      if (typeOf(key) === 'k8s_attributes') processor.passthrough = true;
    }
    removed.push(...removeMissingComponents(config, collector));
  }
  if (isServerConfig(config)) {
    config.server.http_listen_address = LOOPBACK;
    config.server.grpc_listen_address = LOOPBACK;
  }
  return toYaml(config);
}

/** Strings rewritten; `*_port` numbers (the program's own ports in these configs) follow its local port. */
function mapLeaves(node: any, rewrite: (v: string) => string, ownPort: (port: number) => number, key = ''): any {
  if (typeof node === 'string') return rewrite(node);
  if (typeof node === 'number' && /(^|_)port$/.test(key)) return ownPort(node);
  if (Array.isArray(node)) return node.map((item) => mapLeaves(item, rewrite, ownPort));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapLeaves(v, rewrite, ownPort, k)]));
  }
  return node;
}

export function isCollectorConfig(config: any): boolean {
  return Boolean(config?.service?.pipelines);
}

/** Tempo's and Loki's `server:` block (a port of their own to listen on). */
export function isServerConfig(config: any): boolean {
  return typeof config?.server?.http_listen_port === 'number';
}

/** `type/name` → `type`. */
export function typeOf(key: string): string {
  return key.split('/')[0];
}

/** Old names are accepted aliases that differ only in underscores (`resourcedetection` = `resource_detection`). */
function sameType(a: string, b: string): boolean {
  return a.replace(/_/g, '') === b.replace(/_/g, '');
}

/** Drops every component whose type the build lacks, and its mentions in pipelines and service.extensions. */
export function removeMissingComponents(config: any, has: CollectorComponents): string[] {
  const removed: string[] = [];
  for (const kind of Object.keys(has) as Array<keyof CollectorComponents>) {
    for (const key of Object.keys(config[kind] ?? {})) {
      if (has[kind].some((t) => sameType(t, typeOf(key)))) continue;
      delete config[kind][key];
      removed.push(`${kind.slice(0, -1)}/${key}`);
    }
  }
  const gone = new Set(removed.map((r) => r.slice(r.indexOf('/') + 1)));
  for (const [name, pipeline] of Object.entries<Record<string, string[]>>(config.service.pipelines)) {
    for (const role of ['receivers', 'processors', 'exporters']) pipeline[role] = (pipeline[role] ?? []).filter((c) => !gone.has(c));
    // A pipeline fed (or drained) only by a removed component has nothing left to do: it goes too.
    if (pipeline.receivers.length === 0 || pipeline.exporters.length === 0) {
      delete config.service.pipelines[name];
      removed.push(`pipeline/${name}`);
    }
  }
  config.service.extensions = (config.service.extensions ?? []).filter((e: string) => !gone.has(e));
  return removed;
}
