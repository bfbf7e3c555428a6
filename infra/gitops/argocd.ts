/**
 * Argo CD delivery of one environment: an Application following the user's branch, and the
 * environment's manifests with sync waves, so namespaces, then RBAC, then config and Services apply
 * (and are healthy) before the workloads. The verify Job becomes a PostSync hook: it runs after each
 * sync, replacing the previous run (a Job's template cannot be changed in place).
 * Types: infra/imports/, from the pinned CRD.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Application } from '../imports/argoproj.io';
import type { K8sObject } from '../compose/manifest';
import type { GitTarget } from './target';

/** Where Argo CD runs (its install manifests' namespace): Applications go there. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The in-cluster API server, as Argo CD names the cluster it runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Sync wave per kind (lower first; Argo CD applies a wave and waits for it to be healthy). Others: 0. */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  Namespace: -3,
  ServiceAccount: -2, Role: -2, RoleBinding: -2, ClusterRole: -2, ClusterRoleBinding: -2,
  ConfigMap: -1, Secret: -1, Service: -1, NetworkPolicy: -1, PersistentVolumeClaim: -1,
};

const WAVE = 'argocd.argoproj.io/sync-wave';

/** An object with its sync wave (or, for a Job, the PostSync hook annotations). */
function annotated(o: K8sObject): K8sObject {
  const annotations: Record<string, string> = o.kind === 'Job'
    ? { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' }
    : { [WAVE]: String(SYNC_WAVES[o.kind] ?? 0) };
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...annotations } } };
}

/** The environment's charts with every object annotated for Argo CD (the input is not changed). */
export function withSyncWaves<T extends { file: string; objects: readonly object[] }>(files: readonly T[]): Array<{ file: string; objects: object[] }> {
  return files.map((f) => ({ file: f.file, objects: (f.objects as K8sObject[]).map(annotated) }));
}

/** The Application delivering `<target.path>/<env>` from `target`, into `scope`. */
export function argoApplication(scope: Construct, env: string, target: GitTarget): Chart {
  const chart = new Chart(scope, `argocd-${env}`, { namespace: ARGOCD_NAMESPACE });
  new Application(chart, 'application', {
    metadata: {
      name: `otel-lgtm-${env}`, namespace: ARGOCD_NAMESPACE,
      // Deleting the Application deletes what it applied (Argo CD's cascading-delete finalizer).
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: { repoUrl: target.repo, targetRevision: target.branch, path: `${target.path}/${env}` },
      destination: { server: IN_CLUSTER },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PruneLast=true'] },
    },
  });
  return chart;
}
