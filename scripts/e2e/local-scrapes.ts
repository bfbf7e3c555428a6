/**
 * Pod discovery → the local processes. A Prometheus scrape job that discovers pods through the
 * Kubernetes API finds nothing outside a cluster; here it gets, instead, one static target per local
 * program whose pod template asks to be scraped, labelled with the `__meta_kubernetes_*` metadata pod
 * discovery would attach to that pod. The job's own relabeling then runs as it does in a cluster
 * (keep on the annotation and phase, address from IP and port, `job` from the name label).
 */
import { SCRAPE_ANNOTATIONS } from '../../infra/workload';
import { LOOPBACK } from './ports';

/** A local program as the scrape rewrite needs it. */
export interface ScrapablePod {
  /** Workload name. */
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  /** The pod template's labels and annotations. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The local port standing for a port of the pod. */
  readonly localPort: (podPort: number) => number;
}

/** `prometheus.io/scrape` → `__meta_kubernetes_pod_annotation_prometheus_io_scrape`, as pod discovery names it. */
const metaName = (prefix: string, key: string) => `__meta_kubernetes_pod_${prefix}_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/** The target group pod discovery would produce for one pod, its annotated port made local. */
function targetGroup(pod: ScrapablePod): { targets: string[]; labels: Record<string, string> } | undefined {
  if (pod.annotations[SCRAPE_ANNOTATIONS.scrape] !== 'true') return undefined;
  const annotations = { ...pod.annotations, [SCRAPE_ANNOTATIONS.port]: String(pod.localPort(Number(pod.annotations[SCRAPE_ANNOTATIONS.port]))) };
  return {
    targets: [`${LOOPBACK}:${annotations[SCRAPE_ANNOTATIONS.port]}`],
    labels: {
      ...Object.fromEntries(Object.entries(annotations).map(([k, v]) => [metaName('annotation', k), v])),
      ...Object.fromEntries(Object.entries(pod.labels).map(([k, v]) => [metaName('label', k), v])),
      __meta_kubernetes_namespace: pod.namespace,
      __meta_kubernetes_pod_name: pod.kind === 'StatefulSet' ? `${pod.name}-0` : `${pod.name}-local`,
      __meta_kubernetes_pod_ip: LOOPBACK,
      __meta_kubernetes_pod_phase: 'Running',
    },
  };
}

/**
 * Replaces, in a Prometheus config, each pod-role `kubernetes_sd_configs` with `static_configs` for the
 * `pods` in the namespaces it watches. Returns the jobs rewritten and the targets each got.
 */
export function localScrapeTargets(config: { scrape_configs?: any[] }, pods: readonly ScrapablePod[]): string[] {
  const report: string[] = [];
  for (const job of config.scrape_configs ?? []) {
    const sd: any[] | undefined = job.kubernetes_sd_configs;
    if (!sd?.every((s) => s.role === 'pod')) continue;
    const namespaces = new Set(sd.flatMap((s) => s.namespaces?.names ?? []));
    const groups = pods.filter((p) => namespaces.size === 0 || namespaces.has(p.namespace)).flatMap((p) => {
      const group = targetGroup(p);
      return group ? [{ pod: p.name, group }] : [];
    });
    delete job.kubernetes_sd_configs;
    job.static_configs = groups.map((g) => g.group);
    report.push(`${job.job_name}: ${groups.map((g) => `${g.pod} at ${g.group.targets[0]}`).join(', ') || 'no local pod asks to be scraped'}`);
  }
  return report;
}
