/**
 * What a GitHub Actions workflow names in this repository: paths (files, folders, the scripts it
 * calls), npm scripts it runs, and questions it asks scripts/ci/facts.ts, each with the
 * `${{ matrix.* }}` values and the job's and step's `env` filled in. Parsed with the `yaml` package.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One workflow step, with where it is. */
interface Step {
  readonly where: string;
  /** Its `run` script and `with` values, one text each. */
  readonly texts: string[];
  /** Job and step `env`, for `$NAME` and `${NAME}`. */
  readonly env: Record<string, string>;
  /** Every combination of the job's matrix (one empty combination without a matrix). */
  readonly matrices: Array<Record<string, string>>;
}

/** A name the workflow uses, with where. */
export interface Mention {
  readonly where: string;
  readonly value: string;
}

function combinations(matrix: Record<string, unknown> | undefined): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const [key, values] of Object.entries(matrix ?? {})) {
    if (!Array.isArray(values)) continue; // include/exclude
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
  }
  return out;
}

function steps(workflow: any): Step[] {
  return Object.entries<any>(workflow.jobs ?? {}).flatMap(([job, spec]) => (spec.steps ?? []).map((step: any, i: number) => ({
    where: `jobs.${job}.steps[${i}]${step.name ? ` (${step.name})` : ''}`,
    texts: [step.run, ...Object.values(step.with ?? {})].filter((t): t is string => typeof t === 'string'),
    env: { ...workflow.env, ...spec.env, ...step.env },
    matrices: combinations(spec.strategy?.matrix),
  })));
}

/** Fills in `${{ matrix.x }}` and (repeatedly, for env values that refer to others) `$NAME`/`${NAME}` from env. */
function expand(text: string, env: Record<string, string>, matrix: Record<string, string>): string {
  const withMatrix = (t: string) => t.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (whole, key: string) => matrix[key] ?? whole);
  let out = withMatrix(text);
  for (let i = 0; i < 3; i++) {
    out = out.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => (name in env ? withMatrix(String(env[name])) : whole));
  }
  return out;
}

/** Each step's texts, once per matrix combination, expanded. */
function expandedTexts(workflow: any): Mention[] {
  return steps(workflow).flatMap((s) => s.matrices.flatMap((m) => s.texts.map((t) => ({ where: s.where, value: expand(t, s.env, m) }))));
}

/**
 * Repository paths the workflow names: words whose first part is a top-level entry of the repository
 * (`scripts/…`, `dist/…`, `app/Dockerfile`) or that end in a file extension; absolute paths, URLs and
 * words still holding an unknown `$` are not repository paths.
 */
export function repositoryPaths(workflowText: string, root: string): Mention[] {
  const mentions = expandedTexts(parse(workflowText));
  const out: Mention[] = [];
  for (const { where, value } of mentions) {
    for (const word of value.split(/[\s"'`;|&()<>=]+/)) {
      const path = word.replace(/^\.\//, '').replace(/[,:]$/, '');
      if (!path.includes('/') || path.startsWith('/') || /^[a-z]+:\/\//.test(path) || /\$|\{\{|\*/.test(path)) continue;
      const first = path.split('/')[0];
      if (existsSync(join(root, first)) || /\.(ts|js|cjs|mjs|sh|ya?ml|json)$|Dockerfile$/.test(path)) out.push({ where, value: path });
    }
  }
  return out;
}

/** npm scripts the workflow runs (`npm run [-s] <name>`, `npm test`). */
export function npmScripts(workflowText: string): Mention[] {
  return expandedTexts(parse(workflowText)).flatMap(({ where, value }) => [
    ...[...value.matchAll(/\bnpm\s+run(?:-script)?(?:\s+(?:-s|--silent))?\s+([\w:.-]+)/g)].map((m) => ({ where, value: m[1] })),
    ...[...value.matchAll(/\bnpm\s+(test|start)\b/g)].map((m) => ({ where, value: m[1] })),
  ]);
}

/** The numbered dist files (`dist/dev/0006-demo-app.k8s.yaml`, `0007-….k8s.yaml`) the workflow names. */
export function numberedDistFiles(workflowText: string): Mention[] {
  return expandedTexts(parse(workflowText)).flatMap(({ where, value }) => [...value.matchAll(/\b\d{4}-[\w.-]*\.k8s\.yaml\b/g)].map((m) => ({ where, value: m[0] })));
}

/** What the workflow names that does not exist: one line per missing path or npm script. */
export function missingNames(workflowText: string, root: string, packageScripts: Readonly<Record<string, string>>): string[] {
  return [
    ...repositoryPaths(workflowText, root).filter((m) => !existsSync(join(root, m.value))).map((m) => `${m.where}: no ${m.value} in the repository`),
    ...npmScripts(workflowText).filter((m) => !['test', 'start'].includes(m.value) && !(m.value in packageScripts)).map((m) => `${m.where}: no npm script '${m.value}'`),
    ...npmScripts(workflowText).filter((m) => m.value === 'test' && !('test' in packageScripts)).map((m) => `${m.where}: no npm script 'test'`),
  ].filter((line, i, all) => all.indexOf(line) === i);
}

/** Each `facts.ts <dist dir> <question> [args]` call the workflow makes (after expansion), as its argument list. */
export function factsCalls(workflowText: string): Array<Mention & { argv: string[] }> {
  return expandedTexts(parse(workflowText)).flatMap(({ where, value }) => [...value.matchAll(/scripts\/ci\/facts\.ts((?:[ \t]+[\w./-]+)+)/g)]
    .map((m) => ({ where, value: m[0], argv: m[1].trim().split(/\s+/) })));
}
