/**
 * Flux delivery of one environment: two GitRepository + Kustomization pairs, so the namespaces are
 * applied (and ready) before anything that lives in them. Each GitRepository's `ignore` narrows the
 * artifact to its files, so no object is owned by both Kustomizations (prune would fight otherwise).
 * The stack's Kustomization depends on the namespaces' one, prunes what leaves the folder and waits
 * for every Deployment and StatefulSet to be ready. Types: infra/imports/, from the pinned CRDs.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { GitRepository } from '../imports/source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpec, KustomizationSpecSourceRefKind } from '../imports/kustomize.toolkit.fluxcd.io';
import type { K8sObject } from '../compose/manifest';
import type { GitTarget } from './target';

/** Where Flux's controllers run (`flux install`'s default): the objects go there. */
export const FLUX_NAMESPACE = 'flux-system';

/** How often Flux polls the branch and re-applies. */
const INTERVAL = { source: '1m', apply: '10m' } as const;

/** How long the stack's Kustomization waits for its workloads to be ready. */
const HEALTH_TIMEOUT = '10m';

/**
 * A `.gitignore`-style filter (what GitRepository `ignore` takes) that keeps only `keep` (a path
 * below the repository root) and, under its folder, drops `drop`. Each parent is re-included level
 * by level, the way gitignore requires.
 */
export function onlyPath(keep: string, drop: readonly string[] = []): string {
  const segments = keep.replace(/\/$/, '').split('/');
  const lines = ['/*'];
  segments.forEach((_, i) => {
    const prefix = `/${segments.slice(0, i + 1).join('/')}`;
    lines.push(`!${prefix}${i < segments.length - 1 || keep.endsWith('/') ? '/' : ''}`);
    if (i < segments.length - 1) lines.push(`${prefix}/*`);
  });
  return `${[...lines, ...drop.map((d) => `/${d}`)].join('\n')}\n`;
}

/** The objects delivering `env` (its synthesized charts `files`) from `target`, into `scope`. */
export function fluxDelivery(scope: Construct, env: string, files: ReadonlyArray<{ file: string; objects: readonly object[] }>, target: GitTarget): Chart {
  const chart = new Chart(scope, `flux-${env}`, { namespace: FLUX_NAMESPACE });
  const folder = `${target.path}/${env}`;
  const namespaceFiles = files.filter((f) => (f.objects as K8sObject[]).some((o) => o.kind === 'Namespace')).map((f) => f.file);
  // Synthesis puts the namespaces in the first file (infra/synth.ts); the split relies on it.
  if (namespaceFiles.length !== 1) throw new Error(`${env}: expected one file of Namespaces, found ${namespaceFiles.length}`);
  const name = `otel-lgtm-${env}`;
  const pair = (id: string, ignore: string, extra: Partial<KustomizationSpec>) => {
    new GitRepository(chart, `${id}-source`, {
      metadata: { name: id, namespace: FLUX_NAMESPACE },
      spec: { url: target.repo, ref: { branch: target.branch }, interval: INTERVAL.source, ignore },
    });
    new Kustomization(chart, `${id}-apply`, {
      metadata: { name: id, namespace: FLUX_NAMESPACE },
      spec: {
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: id },
        path: `./${folder}`, prune: true, interval: INTERVAL.apply, ...extra,
      },
    });
  };
  pair(`${name}-namespaces`, onlyPath(`${folder}/${namespaceFiles[0]}`), { wait: true });
  const workloads = files.flatMap((f) => f.objects as K8sObject[]).filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet');
  pair(name, onlyPath(`${folder}/`, namespaceFiles.map((f) => `${folder}/${f}`)), {
    dependsOn: [{ name: `${name}-namespaces` }],
    timeout: HEALTH_TIMEOUT,
    healthChecks: workloads.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })),
  });
  return chart;
}
