/**
 * Local URLs of the manifests' Services and readiness probes, so the e2e run types no port or
 * readiness path of its own: both are read from the manifests, where the constructs wrote them once.
 */
import { Manifest } from './localize';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/** URL lookups over one environment's manifests and the local addresses `localizeStack` gave its Service ports. */
export interface LocalEndpoints {
  /** `http://127.0.0.1:<port>` of a Service's named port (e.g. `('otel-collector', 'otlp-http')`). */
  url(service: string, portName: string): string;
  /** The readiness URL of a workload: its container's readiness probe (path and named port), through the Service of the same name. */
  readyUrl(workload: string): string;
}

export function localEndpoints(objects: readonly Manifest[], addresses: Readonly<Record<string, string>>): LocalEndpoints {
  const url = (service: string, portName: string): string => {
    const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === service);
    const port = svc?.spec.ports.find((p: { name: string }) => p.name === portName)?.port;
    const local = port !== undefined ? addresses[`${service}.${svc!.metadata.namespace}.svc:${port}`] : undefined;
    if (!local) throw new Error(`no local address for Service port '${service}/${portName}'`);
    return `http://${local}`;
  };
  const readyUrl = (workload: string): string => {
    const w = objects.find((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.name === workload);
    const probe = w?.spec.template.spec.containers[0].readinessProbe?.httpGet;
    if (!probe) throw new Error(`no HTTP readiness probe on workload '${workload}'`);
    // The stack's Services name each port after the container port it targets.
    return `${url(workload, probe.port)}${probe.path}`;
  };
  return { url, readyUrl };
}
