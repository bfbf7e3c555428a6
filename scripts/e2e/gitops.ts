/**
 * The GitOps output against a real API server: the pinned Flux and Argo CD CRDs installed for real,
 * then every environment's delivery objects (and Argo CD's sync-waved copy of dev) dry-run server-side.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { ARGOCD_NAMESPACE, argoApplication, withSyncWaves } from '../../infra/gitops/argocd';
import { FLUX_NAMESPACE, fluxDelivery } from '../../infra/gitops/flux';
import { environmentFiles, writeEnvironment } from '../../infra/synth';
import { ENVIRONMENTS } from '../../overlays';
import { acceptedObjects, installCrds } from './apiserver';
import type { ProcessRegistry } from './registry';

const CRDS = ['flux-source-controller-v1.9.1-gitrepositories', 'flux-kustomize-controller-v1.9.4-kustomizations', 'argo-cd-v3.5.1-application-crd'];
/** A sample target: the dry-run checks shapes, not the repository. */
const TARGET = { repo: 'https://git.example.com/platform/observability.git', branch: 'main', path: 'dist' };

/** One line per step; ok when every step passed. */
export async function gitopsDryRun(root: string, kubectl: string, kubeconfig: string, work: string, processes: ProcessRegistry): Promise<{ ok: boolean; lines: string[] }> {
  const run = (args: string[]) => processes.run(`kubectl ${args[0]}`, kubectl, ['--kubeconfig', kubeconfig, ...args]);
  const lines: string[] = [];
  let ok = true;
  const step = async (what: string, args: string[]) => {
    const result = await run(args);
    const passed = result.status === 0;
    ok &&= passed;
    lines.push(passed ? `${what}: ${acceptedObjects(result.stdout)} accepted` : `${what} REJECTED: ${`${result.stdout}${result.stderr}`.trim()}`);
  };
  const crds = await installCrds(kubectl, kubeconfig, CRDS.map((c) => join(root, 'test', 'fixtures', 'crds', `${c}.yaml`)), processes);
  ok &&= crds.ok;
  lines.push(crds.ok ? `CRDs installed and established: ${acceptedObjects(crds.output)} accepted` : `CRDs REJECTED: ${crds.output}`);
  await step(`namespace ${FLUX_NAMESPACE}`, ['create', 'namespace', FLUX_NAMESPACE]);
  await step(`namespace ${ARGOCD_NAMESPACE}`, ['create', 'namespace', ARGOCD_NAMESPACE]);
  const dir = join(work, 'gitops');
  mkdirSync(dir, { recursive: true });
  for (const name of Object.keys(ENVIRONMENTS)) {
    const files = environmentFiles(ENVIRONMENTS[name]().validate());
    const app = new App();
    fluxDelivery(app, name, files, TARGET);
    argoApplication(app, name, { ...TARGET, path: 'deploy/argocd' });
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, Yaml.stringify(...app.charts.flatMap((c) => c.toJson())));
    await step(`dry-run Flux and Argo CD objects of ${name}`, ['apply', '--server-side', '--dry-run=server', '-f', file]);
    if (name === 'dev') {
      await step('dry-run dev with Argo CD sync waves', ['apply', '--server-side', '--dry-run=server', '--force-conflicts', '-f', writeEnvironment(name, withSyncWaves(files), join(dir, 'argocd'))]);
    }
  }
  return { ok, lines };
}
