/**
 * What a deployment job needs to know about an environment's manifests (dist/<env>/), read from the
 * objects themselves rather than from file numbers or names typed into the job: an image, the files
 * holding the Namespaces, the workloads to wait for, a Job, a Service port, the Secret behind an env var.
 */
import type { Manifest } from '../e2e/manifests';

/** A workload `kubectl rollout status` can wait for. */
export interface Workload {
  readonly namespace: string;
  /** `deployment/grafana`, `statefulset/tempo`, `daemonset/otel-node-agent` */
  readonly ref: string;
}

const ROLLOUT_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

function find(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named '${name}' in the manifests`);
  return found;
}

/** The namespace an object lives in (`default` when it names none, as kubectl would apply it). */
function namespaceOf(o: Manifest): string {
  return o.metadata.namespace ?? 'default';
}

/** The image of a Deployment's first container. */
export function deploymentImage(objects: readonly Manifest[], name: string): string {
  const image = find(objects, 'Deployment', name).spec?.template?.spec?.containers?.[0]?.image;
  if (!image) throw new Error(`Deployment '${name}' has no container image`);
  return image;
}

/** Every Deployment, StatefulSet and DaemonSet, in manifest order. */
export function workloads(objects: readonly Manifest[]): Workload[] {
  return objects.filter((o) => ROLLOUT_KINDS.includes(o.kind)).map((o) => ({ namespace: namespaceOf(o), ref: `${o.kind.toLowerCase()}/${o.metadata.name}` }));
}

/** The namespace of the Job named `name`, or undefined when the manifests have none. */
export function jobNamespace(objects: readonly Manifest[], name: string): string | undefined {
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === name);
  return job && namespaceOf(job);
}

/** The namespace and port number of a Service's named port. */
export function servicePort(objects: readonly Manifest[], service: string, portName: string): { namespace: string; port: number } {
  const svc = find(objects, 'Service', service);
  const port = (svc.spec?.ports ?? []).find((p: { name?: string }) => p.name === portName)?.port;
  if (port === undefined) throw new Error(`Service '${service}' has no port named '${portName}'`);
  return { namespace: namespaceOf(svc), port };
}

/** The Secret (and key) the first container of a workload (Deployment, StatefulSet, DaemonSet) reads an environment variable from. */
export function envSecret(objects: readonly Manifest[], name: string, variable: string): { namespace: string; secret: string; key: string } {
  const workload = objects.find((o) => ROLLOUT_KINDS.includes(o.kind) && o.metadata.name === name);
  if (!workload) throw new Error(`no Deployment, StatefulSet or DaemonSet named '${name}' in the manifests`);
  const ref = (workload.spec?.template?.spec?.containers?.[0]?.env ?? []).find((e: { name: string }) => e.name === variable)?.valueFrom?.secretKeyRef;
  if (!ref) throw new Error(`${workload.kind} '${name}' reads no Secret into ${variable}`);
  return { namespace: namespaceOf(workload), secret: ref.name, key: ref.key };
}
