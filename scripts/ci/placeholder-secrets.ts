/**
 * Secrets an environment's pods read but its manifests do not contain (staging and prod expect an
 * operator to create them: Grafana's admin credentials, alert receivers' URLs and keys), as Secret
 * objects with throwaway values, so a test cluster can run the manifests unchanged.
 *
 * Keys come from the manifests too: a `secretKeyRef`'s key, a Secret volume's `items`, or, for a
 * volume mounted whole, the file names under its mount path that a ConfigMap of the namespace or the
 * container's arguments name (Alertmanager's `api_url_file: <mount>/api-url`).
 */
import { randomBytes } from 'node:crypto';
import type { Manifest } from '../e2e/manifests';

/** A Secret to create: where, its name, and the keys the pods read. */
export interface NeededSecret {
  readonly namespace: string;
  readonly name: string;
  readonly keys: string[];
}

const POD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet', 'Pod'];

function podSpec(o: Manifest): any {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return POD_KINDS.includes(o.kind) ? o.spec?.template?.spec : undefined;
}

/** Every file name directly under `dir` that any of `texts` names (`<dir>/<file>`). */
function filesNamedUnder(dir: string, texts: readonly string[]): string[] {
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}/([A-Za-z0-9._-]+)`, 'g');
  return texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => m[1]));
}

/** The Secrets the pods of `objects` read (not optional) that `objects` do not define, with the keys read. */
export function neededSecrets(objects: readonly Manifest[]): NeededSecret[] {
  const defined = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
  const needed = new Map<string, NeededSecret>();
  const need = (namespace: string, name: string, keys: readonly string[]) => {
    if (defined.has(`${namespace}/${name}`)) return;
    const entry = needed.get(`${namespace}/${name}`) ?? { namespace, name, keys: [] };
    for (const key of keys) if (!entry.keys.includes(key)) entry.keys.push(key);
    needed.set(`${namespace}/${name}`, entry);
  };
  for (const o of objects) {
    const pod = podSpec(o);
    if (!pod) continue;
    const namespace = o.metadata.namespace ?? 'default';
    const configTexts = objects
      .filter((c) => c.kind === 'ConfigMap' && (c.metadata.namespace ?? 'default') === namespace)
      .flatMap((c) => Object.values<string>(c.data ?? {}));
    const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
    for (const container of containers) {
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && !ref.optional) need(namespace, ref.name, [ref.key]);
      }
      for (const from of container.envFrom ?? []) {
        if (from.secretRef && !from.secretRef.optional) need(namespace, from.secretRef.name, []);
      }
    }
    for (const volume of pod.volumes ?? []) {
      const secret = volume.secret;
      if (!secret || secret.optional) continue;
      if (secret.items) {
        need(namespace, secret.secretName, secret.items.map((i: { key: string }) => i.key));
        continue;
      }
      const mounts = containers.flatMap((c) => (c.volumeMounts ?? []).filter((m: { name: string }) => m.name === volume.name).map((m: { mountPath: string }) => ({ c, path: m.mountPath })));
      const keys = mounts.flatMap(({ c, path }) => filesNamedUnder(path, [...configTexts, ...(c.args ?? []), ...(c.command ?? [])]));
      need(namespace, secret.secretName, keys);
    }
  }
  return [...needed.values()];
}

/** A throwaway value: a URL that goes nowhere for keys that hold URLs, random text otherwise. */
function placeholder(key: string): string {
  return /url/i.test(key) ? 'http://127.0.0.1:9/placeholder' : randomBytes(18).toString('base64url');
}

/** The needed Secrets as a `kind: List` of Secret objects with placeholder values (`kubectl apply -f -`). */
export function placeholderSecrets(objects: readonly Manifest[]): { apiVersion: 'v1'; kind: 'List'; items: object[] } {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: neededSecrets(objects).map((s) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: s.name, namespace: s.namespace, labels: { 'otel-lgtm/placeholder': 'true' } },
      type: 'Opaque',
      stringData: Object.fromEntries(s.keys.map((k) => [k, placeholder(k)])),
    })),
  };
}
