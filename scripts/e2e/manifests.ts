/**
 * Reads a synthesized environment folder (dist/<env>/) back into objects: what the e2e run, the CI
 * helpers and the tests all start from.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as it appears in dist/. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** File name → objects of a synthesized environment folder. */
export type Output = Map<string, Manifest[]>;

/** Reads every `*.k8s.yaml` of a folder, in file-name order (the order kubectl applies them). */
export function readOutput(dir: string): Output {
  const output: Output = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Manifest);
    output.set(file, docs.filter((d) => d !== null));
  }
  return output;
}

/** All objects of an output, in apply order. */
export function objectsOf(output: Output): Manifest[] {
  return [...output.values()].flat();
}

/** The files (of an output, in apply order) that hold Namespaces: what to apply before anything else. */
export function namespaceFiles(output: Output): string[] {
  return [...output].filter(([, objects]) => objects.some((o) => o.kind === 'Namespace')).map(([file]) => file);
}
