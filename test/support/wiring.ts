import { parse } from 'yaml';
import { Manifest, podSpecOf } from './synth';

/** A `[pod.]service.namespace.svc[.cluster.local]:port` reference found in a ConfigMap or container env. */
export interface ServiceReference {
  /** Where it was found. */
  readonly source: string;
  /** A StatefulSet pod (`<name>-<ordinal>`) under its governing headless Service, when the address names one. */
  readonly pod?: string;
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
}

const SERVICE_HOST = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?$/;
const SERVICE_ADDRESS = /\b(?:([a-z0-9](?:[-a-z0-9]*[a-z0-9])?-\d+)\.)?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?:(\d+)/g;

/** Every in-cluster service address written in ConfigMap data or container environment. */
export function serviceReferences(objects: readonly Manifest[]): ServiceReference[] {
  const refs: ServiceReference[] = [];
  const scan = (source: string, text: string) => {
    for (const m of text.matchAll(SERVICE_ADDRESS)) refs.push({ source, pod: m[1], service: m[2], namespace: m[3], port: Number(m[4]) });
  };
  for (const obj of objects) {
    if (obj.kind === 'ConfigMap') {
      for (const [key, value] of Object.entries(obj.data ?? {})) {
        const source = `ConfigMap/${obj.metadata.name}[${key}]`;
        scan(source, String(value));
        refs.push(...hostAndPortFields(source, parsed(String(value))));
      }
    }
    for (const container of podSpecOf(obj)?.containers ?? []) {
      for (const env of container.env ?? []) if (env.value) scan(`${obj.kind}/${obj.metadata.name} env ${env.name}`, env.value);
      for (const arg of [...(container.args ?? []), ...(container.command ?? [])]) scan(`${obj.kind}/${obj.metadata.name} args`, arg);
    }
  }
  return refs;
}

/** Config files already parsed: the same ConfigMaps are checked by many tests of one file. */
const parsedTexts = new Map<string, unknown>();

/** A config file's content, or undefined when it is not YAML/JSON. */
function parsed(text: string): unknown {
  if (!parsedTexts.has(text)) parsedTexts.set(text, parseText(text));
  return parsedTexts.get(text);
}

function parseText(text: string): unknown {
  // JSON (dashboards) is YAML too; JSON.parse reads it alike, many times faster.
  try {
    return JSON.parse(text);
  } catch {
    try {
      return parse(text);
    } catch {
      return undefined;
    }
  }
}

/**
 * The other endpoint form: a service host name and its port in sibling fields, as the collector's
 * load-balancing DNS resolver takes them (`hostname: otel-sampler.observability.svc`, `port: "4317"`).
 * A missing port is reported as port 0, which no Service has.
 */
function hostAndPortFields(source: string, value: unknown): ServiceReference[] {
  if (Array.isArray(value)) return value.flatMap((v) => hostAndPortFields(source, v));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const found = Object.values(record).flatMap((v) => hostAndPortFields(source, v));
  const host = typeof record.hostname === 'string' ? SERVICE_HOST.exec(record.hostname) : null;
  if (host) found.push({ source, service: host[1], namespace: host[2], port: Number(record.port ?? 0) });
  return found;
}

/**
 * References that do not resolve in the same output: to a Service port in that namespace, or, for a
 * pod's own name, to a container port of that ordinal of a StatefulSet governed by that headless Service.
 */
export function unresolvedReferences(objects: readonly Manifest[]): string[] {
  const ports = new Map<string, Set<number>>();
  const headless = new Set<string>();
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    ports.set(`${svc.metadata.name}.${svc.metadata.namespace}`, new Set((svc.spec?.ports ?? []).map((p: any) => p.port)));
    if (svc.spec?.clusterIP === 'None') headless.add(`${svc.metadata.name}.${svc.metadata.namespace}`);
  }
  const podPorts = new Map<string, Set<number>>();
  for (const set of objects.filter((o) => o.kind === 'StatefulSet')) {
    const governing = `${set.spec.serviceName}.${set.metadata.namespace}`;
    if (!headless.has(governing)) continue;
    const containerPorts = new Set<number>(podSpecOf(set)!.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)));
    for (let i = 0; i < (set.spec.replicas ?? 1); i++) podPorts.set(`${set.metadata.name}-${i}.${governing}`, containerPorts);
  }
  const resolves = (r: ServiceReference) => (r.pod
    ? podPorts.get(`${r.pod}.${r.service}.${r.namespace}`)?.has(r.port)
    : ports.get(`${r.service}.${r.namespace}`)?.has(r.port));
  return serviceReferences(objects)
    .filter((r) => !resolves(r))
    .map((r) => `${r.source}: ${r.pod ? `${r.pod}.` : ''}${r.service}.${r.namespace}.svc:${r.port} is not a ${r.pod ? 'port of that pod' : 'Service port'} in this output`);
}
