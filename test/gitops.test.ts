import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../cli/main';
import { onlyPath } from '../infra/gitops/flux';
import { crdSchema, schemaErrors } from './support/crd-schema';
import { objectsOf, synthesize } from './support/synth';

/** The pinned CRDs the generated types (infra/imports/) come from. */
const SCHEMAS = {
  GitRepository: crdSchema('flux-source-controller-v1.9.1-gitrepositories.yaml', 'v1'),
  Kustomization: crdSchema('flux-kustomize-controller-v1.9.4-kustomizations.yaml', 'v1'),
  Application: crdSchema('argo-cd-v3.5.1-application-crd.yaml', 'v1alpha1'),
};

async function cli(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

const read = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
const TARGET = ['--repo', 'https://git.example.com/platform/observability.git', '--branch', 'main'];

describe('gitops --flux', () => {
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-gitops-'));
  let objects: any[];
  beforeAll(async () => {
    expect((await cli(['gitops', '--flux', ...TARGET, '--path', 'dist'], work)).code).toBe(0);
    objects = read(join(work, 'gitops', 'flux', 'prod.yaml'));
  });

  it('writes one file per environment, valid against the pinned CRDs', () => {
    expect(readdirSync(join(work, 'gitops', 'flux')).sort()).toEqual(['dev.yaml', 'prod.yaml', 'staging.yaml']);
    for (const env of ['dev', 'staging', 'prod']) {
      for (const o of read(join(work, 'gitops', 'flux', `${env}.yaml`))) {
        const crd = SCHEMAS[o.kind as 'GitRepository' | 'Kustomization'];
        expect(o.apiVersion).toBe(`${crd.group}/v1`);
        expect(schemaErrors(crd.schema, o)).toEqual([]);
      }
    }
  });

  it('namespaces first; the stack depends on them, prunes and checks every workload', () => {
    const stack = objects.find((o) => o.kind === 'Kustomization' && o.metadata.name === 'otel-lgtm-prod');
    expect(stack.spec).toMatchObject({ path: './dist/prod', prune: true, dependsOn: [{ name: 'otel-lgtm-prod-namespaces' }] });
    const workloads = objectsOf(synthesize('prod')).filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
    expect(stack.spec.healthChecks).toEqual(workloads.map((o) => ({ apiVersion: 'apps/v1', kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })));
    const sources = objects.filter((o) => o.kind === 'GitRepository');
    expect(sources.map((s) => s.spec.url)).toEqual([TARGET[1], TARGET[1]]);
    expect(sources.map((s) => s.spec.ref)).toEqual([{ branch: 'main' }, { branch: 'main' }]);
  });

  it('each source holds its own files only, so no object has two owners', () => {
    expect(onlyPath('dist/prod/0000-namespaces.k8s.yaml')).toBe('/*\n!/dist/\n/dist/*\n!/dist/prod/\n/dist/prod/*\n!/dist/prod/0000-namespaces.k8s.yaml\n');
    expect(onlyPath('dist/prod/', ['dist/prod/0000-namespaces.k8s.yaml'])).toBe('/*\n!/dist/\n/dist/*\n!/dist/prod/\n/dist/prod/0000-namespaces.k8s.yaml\n');
  });

  it('a schema violation is caught (the check is not vacuous)', () => {
    const stack = objects.find((o) => o.kind === 'Kustomization');
    expect(schemaErrors(SCHEMAS.Kustomization.schema, { ...stack, spec: { ...stack.spec, prune: 'yes', helthChecks: [] } }))
      .toEqual(['spec.prune: string, the schema wants boolean', 'spec.helthChecks: not in the schema']);
    expect(schemaErrors(SCHEMAS.Kustomization.schema, { ...stack, spec: { ...stack.spec, sourceRef: { kind: 'Git', name: 'x' } } }).join()).toMatch(/sourceRef.kind/);
  });
});

describe('gitops --argocd', () => {
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-gitops-'));
  beforeAll(async () => {
    expect((await cli(['gitops', '--argocd', ...TARGET, '--path', 'deploy/argocd', '--env', 'dev'], work)).code).toBe(0);
  });

  it('an Application per environment, valid against the pinned CRD, following the branch', () => {
    const [app] = read(join(work, 'gitops', 'argocd', 'dev.yaml'));
    expect(schemaErrors(SCHEMAS.Application.schema, app)).toEqual([]);
    expect(app.spec.source).toEqual({ repoURL: TARGET[1], targetRevision: 'main', path: 'deploy/argocd/dev' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  it('its folder is the environment with sync waves: namespaces, RBAC, config before workloads; verify after', () => {
    const annotated = readdirSync(join(work, 'deploy', 'argocd', 'dev')).sort().flatMap((f) => read(join(work, 'deploy', 'argocd', 'dev', f)));
    const plain = objectsOf(synthesize('dev'));
    // The same objects as dist/dev, in the same order, but for the annotations.
    expect(annotated.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(plain.map((o) => `${o.kind}/${o.metadata.name}`));
    const wave = (o: any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
    const max = (kinds: string[]) => Math.max(...annotated.filter((o) => kinds.includes(o.kind)).map(wave));
    const min = (kinds: string[]) => Math.min(...annotated.filter((o) => kinds.includes(o.kind)).map(wave));
    expect(max(['Namespace'])).toBeLessThan(min(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']));
    expect(max(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'])).toBeLessThan(min(['ConfigMap', 'Secret', 'Service']));
    expect(max(['ConfigMap', 'Secret', 'Service', 'NetworkPolicy'])).toBeLessThan(min(['Deployment', 'StatefulSet']));
    const verify = annotated.find((o) => o.kind === 'Job');
    expect(verify.metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
  });
});

test('repository, branch and path are required and checked: one line each', async () => {
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-gitops-'));
  const err = async (...argv: string[]) => {
    const r = await cli(['gitops', ...argv], work);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    return r.err[0];
  };
  expect(await err('--flux', '--branch', 'main', '--path', 'dist')).toBe('gitops: --repo is required (the Git URL the cluster clones, e.g. https://example.com/org/repo.git)');
  expect(await err('--flux', '--repo', 'observability', '--branch', 'main', '--path', 'dist')).toMatch(/--repo 'observability' is not a Git URL/);
  expect(await err('--flux', '--repo', TARGET[1], '--path', 'dist')).toMatch(/--branch is required/);
  expect(await err('--flux', '--repo', TARGET[1], '--branch', 'a..b', '--path', 'dist')).toMatch(/--branch 'a..b' is not a valid Git branch name/);
  expect(await err('--flux', ...TARGET)).toMatch(/--path is required/);
  expect(await err('--flux', ...TARGET, '--path', '../elsewhere')).toMatch(/--path '..\/elsewhere' must be a folder inside the repository/);
  expect(await err(...TARGET, '--path', 'dist')).toMatch(/name one of --flux or --argocd/);
  expect(await err('--flux', '--argocd', ...TARGET, '--path', 'dist')).toMatch(/name one of --flux or --argocd/);
  expect(await err('--argocd', ...TARGET, '--path', 'dist')).toMatch(/--path dist is the folder of otel-lgtm synth/);
  expect(readdirSync(work)).toEqual([]);
});
