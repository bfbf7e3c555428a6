import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { argoApplication, withSyncWaves } from '../infra/gitops/argocd';
import { fluxDelivery } from '../infra/gitops/flux';
import { GitTargetError, gitTarget } from '../infra/gitops/target';
import { environmentFiles, writeEnvironment } from '../infra/synth';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import { CliError, type Command } from './io';
import { synthesisChecked } from './synth';

export const USAGE = `usage: otel-lgtm gitops (--flux | --argocd) --repo <url> --branch <branch> --path <dir> [--env <name>]... [--outdir <dir>]

Writes, per environment, the objects that deliver it from your Git repository (apply them once;
from then on the cluster follows the branch):
  --flux     <outdir>/flux/<env>.yaml: GitRepository + Kustomization pairs in flux-system; the
             namespaces first (dependsOn), then the stack (prune, health checks on every workload).
             They deliver <path>/<env>/ as 'otel-lgtm synth --outdir <path>' writes it (e.g. --path dist).
  --argocd   <outdir>/argocd/<env>.yaml: an Application in argocd (automated sync, prune, self-heal),
             and <path>/<env>/: the environment's manifests with sync waves (namespaces, RBAC, config
             before workloads; the verify Job as a PostSync hook). <path> is Argo CD's own folder, not dist.
  --repo <url>       Git URL the cluster clones (required)
  --branch <branch>  branch it follows (required)
  --path <dir>       repository folder holding the environment folders (required)
  --env <name>       an environment (repeatable; default: every one)
  --outdir <dir>     where the delivery objects go (default: gitops)`;

const OPTIONS = {
  flux: { type: 'boolean' },
  argocd: { type: 'boolean' },
  repo: { type: 'string' },
  branch: { type: 'string' },
  path: { type: 'string' },
  env: { type: 'string', multiple: true },
  outdir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The folder `otel-lgtm synth` writes by default: drift-checked, so Argo CD's annotated copy never goes there. */
const SYNTH_FOLDER = 'dist';

/** `otel-lgtm gitops`: one line per file or folder written. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('gitops', argv, { options: OPTIONS });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.flux === values.argocd) throw new CliError("name one of --flux or --argocd (see 'otel-lgtm gitops --help')", 2);
  let target;
  try {
    target = gitTarget(values.repo, values.branch, values.path);
  } catch (error) {
    if (error instanceof GitTargetError) throw new CliError(error.message, 2);
    throw error;
  }
  if (values.argocd && resolve(target.path) === resolve(SYNTH_FOLDER)) {
    throw new CliError(`--path ${target.path} is the folder of otel-lgtm synth, kept without Argo CD annotations: give Argo CD a folder of its own (e.g. deploy/argocd)`, 2);
  }
  const tool = values.flux ? 'flux' : 'argocd';
  const envs = environmentsNamed(values.env);
  const built = envs.map((env) => ({ env, files: synthesisChecked(() => environmentFiles(env)) }));
  const outdir = join(values.outdir ?? 'gitops', tool);
  mkdirSync(outdir, { recursive: true });
  for (const { env, files } of built) {
    const app = new App();
    const chart = values.flux ? fluxDelivery(app, env.name, files, target) : argoApplication(app, env.name, target);
    const file = join(outdir, `${env.name}.yaml`);
    writeFileSync(file, Yaml.stringify(...chart.toJson()));
    io.out(`wrote ${file}`);
    if (values.argocd) io.out(`wrote ${writeEnvironment(env.name, withSyncWaves(files), target.path)} (with sync waves)`);
  }
  return 0;
};
