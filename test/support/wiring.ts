import { Manifest, podSpecOf } from './synth';

/** A `service.namespace.svc[.cluster.local]:port` reference found in a ConfigMap or container env. */
export interface ServiceReference {
  /** Where it was found. */
  readonly source: string;
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
}

const SERVICE_ADDRESS = /\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?:(\d+)/g;

/** Every in-cluster service address written in ConfigMap data or container environment. */
export function serviceReferences(objects: readonly Manifest[]): ServiceReference[] {
  const refs: ServiceReference[] = [];
  const scan = (source: string, text: string) => {
    for (const m of text.matchAll(SERVICE_ADDRESS)) refs.push({ source, service: m[1], namespace: m[2], port: Number(m[3]) });
  };
  for (const obj of objects) {
    if (obj.kind === 'ConfigMap') for (const [key, value] of Object.entries(obj.data ?? {})) scan(`ConfigMap/${obj.metadata.name}[${key}]`, String(value));
    for (const container of podSpecOf(obj)?.containers ?? []) {
      for (const env of container.env ?? []) if (env.value) scan(`${obj.kind}/${obj.metadata.name} env ${env.name}`, env.value);
      for (const arg of [...(container.args ?? []), ...(container.command ?? [])]) scan(`${obj.kind}/${obj.metadata.name} args`, arg);
    }
  }
  return refs;
}

/** References that do not resolve to a Service with that port, in that namespace, in the same output. */
export function unresolvedReferences(objects: readonly Manifest[]): string[] {
  const ports = new Map<string, Set<number>>();
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    ports.set(`${svc.metadata.name}.${svc.metadata.namespace}`, new Set((svc.spec?.ports ?? []).map((p: any) => p.port)));
  }
  return serviceReferences(objects)
    .filter((r) => !ports.get(`${r.service}.${r.namespace}`)?.has(r.port))
    .map((r) => `${r.source}: ${r.service}.${r.namespace}.svc:${r.port} is not a Service port in this output`);
}
