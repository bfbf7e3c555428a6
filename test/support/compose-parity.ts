/**
 * Compares a Compose project with the Kubernetes manifests of the same environment, written apart
 * from the translation (infra/compose/) so that a translation bug shows up here as a difference.
 * Every difference not in ALLOWED_DIFFERENCES is reported; the README's parity list is this list.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { Manifest } from './synth';

/** The differences Compose is allowed to have from the cluster, each with its reason. */
export const ALLOWED_DIFFERENCES = {
  kubernetesOnly: 'DaemonSets (node agent) and the cluster receiver are left out: they read the node or the Kubernetes API',
  serviceNames: 'Service DNS names (<svc>.<ns>, <svc>.<ns>.svc, <svc>.<ns>.svc.cluster.local) are network aliases of the Compose service, so configs keep them byte for byte',
  downwardApi: 'downward-API variables take fixed values (pod name → service name, node name → "compose"); $(VAR) references to them are expanded',
  secrets: 'secretKeyRef variables come from secrets/<service>.env (generated, 0600), not from the environment in compose.yaml',
  k8sAttributes: "the collector's k8s_attributes processors run with passthrough: true (no Kubernetes API)",
  podDiscovery: "Prometheus's pod discovery becomes static targets: each Compose service whose pod asks to be scraped, at <service>:<prometheus.io/port>, labelled as discovery labels the pod, so the job's relabeling gives the cluster's job and pod labels",
  hostPorts: 'container ports are the pods\'; each is published on 127.0.0.1 at the Service port, or that +10000 where another service publishes the number',
} as const;

/** A Compose project as read back: compose.yaml parsed, and its files by relative path. */
export interface ProjectView {
  readonly compose: any;
  readonly files: ReadonlyMap<string, string>;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const KUBERNETES_ONLY = new Set(['cluster-receiver', 'node-agent']);

/** Compose's `$$` is a literal `$`. */
const literal = (v: string) => v.replace(/\$\$/g, '$');

function kubernetesOnly(o: Manifest): boolean {
  return o.kind === 'DaemonSet' || KUBERNETES_ONLY.has(o.metadata.labels?.['app.kubernetes.io/component']);
}

/** A collector config with its k8s_attributes processors' `passthrough` removed (the allowed change). */
function withoutPassthrough(config: any): any {
  for (const [key, p] of Object.entries<any>(config?.processors ?? {})) if (key.split('/')[0] === 'k8s_attributes') delete p.passthrough;
  return config;
}

/**
 * Problems with the static targets standing for a Prometheus job's pod discovery (the allowed change):
 * every workload of the watched namespaces whose pod asks to be scraped, at `<name>:<port>`, labelled
 * with its name and annotations as discovery labels them. Both sides lose their targets once checked.
 */
function podDiscoveryDifferences(name: string, pod: any, compose: any, objects: readonly Manifest[]): string[] {
  const out: string[] = [];
  (pod?.scrape_configs ?? []).forEach((job: any, i: number) => {
    const sd = job.kubernetes_sd_configs;
    if (!sd?.every((s: any) => s.role === 'pod')) return;
    const theirs = compose?.scrape_configs?.[i];
    const namespaces = new Set(sd.flatMap((s: any) => s.namespaces?.names ?? []));
    const scraped = objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && !kubernetesOnly(o) && namespaces.has(o.metadata.namespace)
      && o.spec.template.metadata?.annotations?.['prometheus.io/scrape'] === 'true');
    const want = scraped.map((o) => `${o.metadata.name}:${o.spec.template.metadata.annotations['prometheus.io/port']}`).sort();
    const groups: any[] = theirs?.static_configs ?? [];
    const have = groups.flatMap((g) => g.targets).sort();
    if (!isDeepStrictEqual(have, want)) out.push(`${name}: job ${job.job_name} scrapes ${have.join(', ') || 'nothing'}, the pods ${want.join(', ')}`);
    for (const g of groups) {
      const workload = scraped.find((o) => g.targets[0] === `${o.metadata.name}:${o.spec.template.metadata.annotations['prometheus.io/port']}`);
      if (workload && g.labels?.__meta_kubernetes_pod_label_app_kubernetes_io_name !== workload.spec.template.metadata.labels['app.kubernetes.io/name']) {
        out.push(`${name}: job ${job.job_name}'s target ${g.targets[0]} is not labelled as its pod`);
      }
    }
    delete job.kubernetes_sd_configs;
    if (theirs) delete theirs.static_configs;
  });
  return out;
}

/** A Compose config file against the ConfigMap's: identical, or different only as allowed. */
function fileDifferences(name: string, path: string, file: string, content: string, objects: readonly Manifest[]): string[] {
  if (file === content) return [];
  const differs = [`${name}: ${path} differs from its ConfigMap`];
  // Only the two config kinds with an allowed change may differ at all.
  if (!/\.ya?ml$/.test(path) || !/k8s_attributes|kubernetes_sd_configs/.test(content)) return differs;
  const [pod, compose] = [parse(content), parse(file)];
  const discovery = podDiscoveryDifferences(name, pod, compose, objects);
  return discovery.length > 0 ? discovery : isDeepStrictEqual(withoutPassthrough(compose), withoutPassthrough(pod)) ? [] : differs;
}

function envDifferences(name: string, container: any, service: any): string[] {
  const out: string[] = [];
  const composeEnv: Record<string, string> = Object.fromEntries(Object.entries<string>(service.environment ?? {}).map(([k, v]) => [k, literal(String(v))]));
  const expected = new Set<string>();
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) {
      if (e.name in composeEnv) out.push(`${name}: secret variable ${e.name} is in compose.yaml's environment`);
      if (!(service.env_file ?? []).some((f: { path: string }) => f.path === `secrets/${name}.env`)) out.push(`${name}: reads secret ${e.name} but has no secrets/${name}.env`);
      continue;
    }
    expected.add(e.name);
    if (!(e.name in composeEnv)) {
      out.push(`${name}: environment ${e.name} missing`);
    } else if (e.valueFrom?.fieldRef) {
      // allowed: downwardApi
    } else {
      const expanded = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v: string) => composeEnv[v] ?? m);
      if (composeEnv[e.name] !== e.value && composeEnv[e.name] !== expanded) out.push(`${name}: environment ${e.name} is '${composeEnv[e.name]}', the pod's '${e.value}'`);
    }
  }
  for (const extra of Object.keys(composeEnv).filter((k) => !expected.has(k))) out.push(`${name}: environment ${extra} is not the pod's`);
  return out;
}

function configDifferences(name: string, container: any, pod: any, service: any, objects: readonly Manifest[], files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v: any) => v.name === mount.name);
    if (!volume?.configMap) continue;
    const bind = (service.volumes ?? []).find((v: any) => v.type === 'bind' && v.target === mount.mountPath);
    if (!bind) {
      out.push(`${name}: no bind mount at ${mount.mountPath}`);
      continue;
    }
    const data = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name)?.data ?? {};
    for (const [key, content] of Object.entries<string>(data)) {
      const path = `${String(bind.source).replace(/^\.\//, '')}/${key}`;
      const file = files.get(path);
      if (file === undefined) out.push(`${name}: ${path} missing`);
      else out.push(...fileDifferences(name, path, file, content, objects));
    }
  }
  return out;
}

function portDifferences(name: string, container: any, workload: Manifest, service: any, objects: readonly Manifest[]): string[] {
  const out: string[] = [];
  const labels = workload.spec.template.metadata?.labels ?? {};
  const services = objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === workload.metadata.namespace
    && Object.keys(o.spec.selector ?? {}).length > 0 && Object.entries<string>(o.spec.selector).every(([k, v]) => labels[k] === v));
  const containerPort = (p: string | number) => (typeof p === 'number' ? p : container.ports.find((c: any) => c.name === p)?.containerPort);
  const want = services.flatMap((s) => s.spec.ports.map((p: any) => ({ name: p.name, target: containerPort(p.targetPort ?? p.port), port: p.port })));
  const have: any[] = service.ports ?? [];
  for (const w of want) {
    const h = have.find((p) => p.name === w.name && p.target === w.target);
    if (!h) out.push(`${name}: port ${w.name} (container ${w.target}) not published`);
    else if (h.host_ip !== '127.0.0.1' || (Number(h.published) - w.port) % 10000 !== 0 || Number(h.published) < w.port) out.push(`${name}: port ${w.name} published at ${h.host_ip}:${h.published}`);
  }
  if (have.length !== want.length) out.push(`${name}: ${have.length} published ports, the Services have ${want.length}`);
  const aliases: string[] = service.networks?.default?.aliases ?? [];
  for (const s of services) if (!aliases.includes(`${s.metadata.name}.${s.metadata.namespace}.svc`)) out.push(`${name}: not reachable as ${s.metadata.name}.${s.metadata.namespace}.svc`);
  return out;
}

/** Every difference between the project and the manifests that ALLOWED_DIFFERENCES does not allow. */
export function parityDifferences(objects: readonly Manifest[], project: ProjectView): string[] {
  const out: string[] = [];
  const workloads = objects.filter((o) => WORKLOADS.has(o.kind) && !kubernetesOnly(o));
  for (const workload of workloads) {
    const name = workload.metadata.name;
    const service = project.compose.services[name];
    if (!service) {
      out.push(`${name}: no Compose service`);
      continue;
    }
    const pod = workload.spec.template.spec;
    const container = pod.containers[0];
    if (service.image !== container.image) out.push(`${name}: image ${service.image}, the pod's ${container.image}`);
    if (!isDeepStrictEqual((service.entrypoint ?? []).map(literal), container.command ?? [])) out.push(`${name}: entrypoint differs from the container's command`);
    if (!isDeepStrictEqual((service.command ?? []).map(literal), container.args ?? [])) out.push(`${name}: command differs from the container's args`);
    out.push(...envDifferences(name, container, service), ...configDifferences(name, container, pod, service, objects, project.files),
      ...portDifferences(name, container, workload, service, objects));
  }
  const known = new Set(workloads.map((w) => w.metadata.name));
  for (const extra of Object.keys(project.compose.services).filter((s) => !known.has(s))) out.push(`${extra}: a Compose service no workload has`);
  return out;
}
