/**
 * `npm run e2e -- --compose`: the run takes dev's programs from dist/compose/dev instead of dist/dev.
 * The Compose project is laid over dev's objects: each workload's image, command, arguments and
 * literal environment become its Compose service's, and every file of a ConfigMap it mounts becomes
 * the file Compose binds at that path. localize.ts then rewrites addresses as for dist/dev, so what
 * the real programs read is the Compose project's, not the manifests'.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Manifest } from './manifests';

/** Compose's `$$` is a literal `$`. */
const literal = (v: string) => v.replace(/\$\$/g, '$');

/** `objects` (dev's manifests) with each Compose service's settings and files; also what was replaced. */
export function overlayCompose(objects: readonly Manifest[], composeDir: string): { objects: Manifest[]; replaced: string[] } {
  const compose = parse(readFileSync(join(composeDir, 'compose.yaml'), 'utf8')) as { services: Record<string, any> };
  const copy = JSON.parse(JSON.stringify(objects)) as Manifest[];
  const replaced: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const workload = copy.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === name);
    if (!workload) throw new Error(`compose: service '${name}' has no workload in dist/dev`);
    const pod = workload.spec.template.spec;
    const container = pod.containers[0];
    container.image = service.image;
    container.command = service.entrypoint?.map(literal);
    container.args = service.command?.map(literal);
    const environment: Record<string, string> = service.environment ?? {};
    container.env = (container.env ?? []).map((e: any) => (e.name in environment ? { name: e.name, value: literal(String(environment[e.name])) } : e));
    for (const mount of container.volumeMounts ?? []) {
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      if (!volume?.configMap) continue;
      const bind = (service.volumes ?? []).find((v: any) => v.type === 'bind' && v.target === mount.mountPath);
      const folder = bind && join(composeDir, bind.source);
      if (!folder || !existsSync(folder)) throw new Error(`compose: ${name} binds nothing at ${mount.mountPath}`);
      const configMap = copy.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name && o.metadata.namespace === workload.metadata.namespace)!;
      // The workload reads these files only from Compose's folder: the ConfigMap becomes that folder.
      configMap.data = Object.fromEntries(readdirSync(folder).map((file) => [file, readFileSync(join(folder, file), 'utf8')]));
      replaced.push(...Object.keys(configMap.data).map((file) => `${bind.source}/${file}`));
    }
  }
  return { objects: copy, replaced };
}
