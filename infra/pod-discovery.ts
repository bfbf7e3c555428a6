/**
 * Pod discovery where there is no Kubernetes API (a Compose project, the e2e run's local processes).
 * A Prometheus scrape job that discovers pods through the API finds nothing there; instead it gets one
 * static target per workload whose pod template asks to be scraped, labelled with the
 * `__meta_kubernetes_*` metadata pod discovery would attach to that pod (what the job's relabeling
 * reads of it). The job's own relabeling then
 * runs as it does in a cluster (keep on the annotation and phase, address from IP and port, `job` from
 * the name label), so the series carry the same labels.
 */
import { SCRAPE_ANNOTATIONS } from './workload';

/** A workload's pod as discovery would see it, and where it is reached. */
export interface DiscoverablePod {
  /** Workload name. */
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  /** The pod template's labels and annotations. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** What stands for the pod's IP (a Compose service name, 127.0.0.1). */
  readonly host: string;
  /** The port standing for a port of the pod. */
  readonly port: (podPort: number) => number;
}

/** `prometheus.io/scrape` → `__meta_kubernetes_pod_annotation_prometheus_io_scrape`, as pod discovery names it. */
const metaName = (prefix: string, key: string) => `__meta_kubernetes_pod_${prefix}_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** The target group pod discovery would produce for one pod, its annotated port made reachable. */
function targetGroup(pod: DiscoverablePod): { targets: string[]; labels: Record<string, string> } | undefined {
  if (pod.annotations[SCRAPE_ANNOTATIONS.scrape] !== 'true') return undefined;
  const port = String(pod.port(Number(pod.annotations[SCRAPE_ANNOTATIONS.port])));
  const annotations = { ...pod.annotations, [SCRAPE_ANNOTATIONS.port]: port };
  return {
    targets: [`${pod.host}:${port}`],
    labels: {
      ...Object.fromEntries(Object.entries(annotations).map(([k, v]) => [metaName('annotation', k), v])),
      ...Object.fromEntries(Object.entries(pod.labels).map(([k, v]) => [metaName('label', k), v])),
      __meta_kubernetes_namespace: pod.namespace,
      __meta_kubernetes_pod_name: pod.kind === 'StatefulSet' ? `${pod.name}-0` : pod.name,
      __meta_kubernetes_pod_ip: pod.host,
      __meta_kubernetes_pod_phase: 'Running',
    },
  };
}

/** True for a Prometheus config with a pod-role `kubernetes_sd_configs` job. */
export function discoversPods(config: any): boolean {
  return Array.isArray(config?.scrape_configs) && config.scrape_configs.some((job: any) => isPodDiscovery(job));
}

const isPodDiscovery = (job: any): boolean => Array.isArray(job.kubernetes_sd_configs) && job.kubernetes_sd_configs.every((s: any) => s.role === 'pod');

/**
 * The namespaces a job discovers pods in: from its pod-role `kubernetes_sd_configs`, or, for static
 * targets this module made before (a Compose project's config run again elsewhere), from their labels.
 */
function podNamespaces(job: any): Set<string> | undefined {
  if (isPodDiscovery(job)) return new Set<string>(job.kubernetes_sd_configs.flatMap((s: any) => s.namespaces?.names ?? []));
  const groups: any[] | undefined = job.static_configs;
  if (groups?.length && groups.every((g) => g.labels?.__meta_kubernetes_pod_ip !== undefined)) {
    return new Set(groups.map((g) => g.labels.__meta_kubernetes_namespace as string));
  }
  return undefined;
}

/**
 * Replaces, in a Prometheus config, each pod-role `kubernetes_sd_configs` (or static targets made from
 * one) with `static_configs` for the `pods` in the namespaces it watches. Returns, per job rewritten,
 * the targets it got.
 */
export function staticPodTargets(config: { scrape_configs?: any[] }, pods: readonly DiscoverablePod[]): string[] {
  const report: string[] = [];
  for (const job of config.scrape_configs ?? []) {
    const namespaces = podNamespaces(job);
    if (!namespaces) continue;
    // Only the metadata the job's relabeling reads (a config checksum annotation would only add churn).
    const read = new Set<string>((job.relabel_configs ?? []).flatMap((r: { source_labels?: string[] }) => r.source_labels ?? []));
    const groups = pods.filter((p) => namespaces.size === 0 || namespaces.has(p.namespace)).flatMap((p) => {
      const group = targetGroup(p);
      return group ? [{ pod: p.name, group: { ...group, labels: Object.fromEntries(Object.entries(group.labels).filter(([k]) => read.has(k))) } }] : [];
    });
    delete job.kubernetes_sd_configs;
    job.static_configs = groups.map((g) => g.group);
    report.push(`${job.job_name}: ${groups.map((g) => `${g.pod} at ${g.group.targets[0]}`).join(', ') || 'no pod asks to be scraped'}`);
  }
  return report;
}

/** A Deployment's or StatefulSet's pod, for {@link staticPodTargets}. */
export function discoverablePod(workload: { kind: string; metadata: { name: string; namespace?: string }; spec?: any }, host: string, port: (podPort: number) => number): DiscoverablePod {
  const { labels = {}, annotations = {} } = workload.spec?.template?.metadata ?? {};
  return { name: workload.metadata.name, kind: workload.kind, namespace: workload.metadata.namespace ?? '', labels, annotations, host, port };
}
