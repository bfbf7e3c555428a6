/**
 * Per-object, per-field differences between two sets of Kubernetes manifests, for people to read:
 * `StatefulSet observability/tempo: pod.containers[tempo].resources.limits.memory: 512Mi → 4Gi`.
 * Lists keyed by `name` (containers, ports, env, volumes) are matched by name, not position, and
 * config files inside ConfigMaps are compared as parsed YAML/JSON, field by field.
 */
import { parse } from 'yaml';

/** A Kubernetes object, as synthesized or read from dist/. */
export interface ManifestObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** `Kind namespace/name`: what identifies an object in a cluster. */
export function objectKey(obj: ManifestObject): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

/** One line per difference; empty when the two sets are the same. */
export function diffManifests(before: readonly ManifestObject[], after: readonly ManifestObject[]): string[] {
  const old = new Map(before.map((o) => [objectKey(o), o]));
  const now = new Map(after.map((o) => [objectKey(o), o]));
  const lines: string[] = [];
  for (const [key, obj] of old) {
    if (!now.has(key)) lines.push(`- ${key}`);
    else lines.push(...diffValues(asData(obj), asData(now.get(key)!), '').map((change) => `${key}: ${change}`));
  }
  for (const key of now.keys()) if (!old.has(key)) lines.push(`+ ${key}`);
  return lines;
}

/** A ConfigMap's files parsed, so a one-line change in a config is one difference, not a changed blob. */
function asData(obj: ManifestObject): unknown {
  if (obj.kind !== 'ConfigMap' || typeof obj.data !== 'object' || obj.data === null) return obj;
  const files = Object.fromEntries(Object.entries(obj.data as Record<string, string>).map(([file, text]) => [file, parsedFile(text)]));
  return { ...obj, data: files };
}

function parsedFile(text: string): unknown {
  try {
    const value: unknown = parse(text);
    return typeof value === 'object' && value !== null ? value : text;
  } catch {
    return text;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNamedList = (v: unknown): v is Array<{ name: string }> =>
  Array.isArray(v) && v.length > 0 && v.every((e) => isRecord(e) && typeof e.name === 'string');

function diffValues(a: unknown, b: unknown, path: string): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diffValues(a[k], b[k], join(path, /^[\w-]+$/.test(k) ? k : `["${k}"]`)));
  }
  if (isNamedList(a) && isNamedList(b)) {
    const byName = (list: Array<{ name: string }>) => new Map(list.map((e) => [e.name, e]));
    const [left, right] = [byName(a), byName(b)];
    const names = [...new Set([...left.keys(), ...right.keys()])];
    return names.flatMap((n) => diffValues(left.get(n), right.get(n), `${path}[${n}]`));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((e) => typeof e === 'object')) {
    return a.flatMap((e, i) => diffValues(e, b[i], `${path}[${i}]`));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isScalarList(a) && isScalarList(b)) return [`${display(path)}: ${setChange(a.map(String), b.map(String))}`];
  if (typeof a === 'string' && typeof b === 'string' && (a.includes('\n') || b.includes('\n'))) {
    return [`${display(path)}: ${setChange(a.split('\n'), b.split('\n'))}`];
  }
  return [`${display(path)}: ${show(a)} → ${show(b)}`];
}

const isScalarList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((e) => typeof e !== 'object' || e === null);

/** What was removed from and added to a list or a multi-line text, in order. */
function setChange(a: string[], b: string[]): string {
  const removed = a.filter((e) => !b.includes(e)).map((e) => e.trim());
  const added = b.filter((e) => !a.includes(e)).map((e) => e.trim());
  const parts = [...(removed.length ? [`removed ${removed.map(show).join(', ')}`] : []), ...(added.length ? [`added ${added.map(show).join(', ')}`] : [])];
  return parts.length > 0 ? parts.join('; ') : 'reordered';
}

const join = (path: string, key: string) => (key.startsWith('[') || path === '' ? `${path}${key}` : `${path}.${key}`);

/** The pod template is where most differences are: say `pod.` instead of `spec.template.spec.`. */
const display = (path: string) => path.replace(/^spec\.template\.spec\./, 'pod.');

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = text.includes('\n') ? `${text.split('\n').length} lines` : text;
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
