import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { answer } from '../scripts/ci/facts';
import { Output, readOutput } from '../scripts/e2e/manifests';
import { factsCalls, missingNames, npmScripts, numberedDistFiles, repositoryPaths } from './support/workflow-paths';

/**
 * The CI workflow names only what exists: every repository path (files, folders, the scripts it
 * calls), every npm script it runs, every question it asks the manifests; and no numbered dist
 * file, which changes whenever a chart is added (the kind job once read a demo image from
 * dist/dev/0006-demo-app.k8s.yaml after that file had become 0007-…).
 */
const ROOT = join(__dirname, '..');
const WORKFLOW = readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
const SCRIPTS: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

describe('.github/workflows/ci.yml', () => {
  it('names only repository paths that exist (files, folders, the scripts it calls)', () => {
    const paths = new Set(repositoryPaths(WORKFLOW, ROOT).map((m) => m.value));
    // The extraction sees what the jobs use, with the matrix and env filled in.
    expect([...paths]).toEqual(expect.arrayContaining(['app/Dockerfile', 'scripts/ci/facts.ts', 'dist/dev', 'dist/staging', 'dist/prod']));
    expect(missingNames(WORKFLOW, ROOT, SCRIPTS)).toEqual([]);
  });

  it('runs only npm scripts the package has', () => {
    expect(new Set(npmScripts(WORKFLOW).map((m) => m.value))).toEqual(new Set(['test', 'test:programs', 'synth', 'verify']));
  });

  it('names no numbered dist file', () => {
    expect(numberedDistFiles(WORKFLOW)).toEqual([]);
  });

  it('runs the kind job for dev and staging, and every question it asks the manifests has an answer in each', () => {
    const kind = parse(WORKFLOW).jobs.kind;
    expect(kind.strategy.matrix.env).toEqual(['dev', 'staging']);
    const calls = factsCalls(WORKFLOW);
    expect(new Set(calls.map((c) => c.argv[1]))).toEqual(new Set(['image', 'namespace-files', 'placeholder-secrets', 'workloads', 'job', 'service-port', 'env-secret']));
    const outputs = new Map<string, Output>();
    const read = (dir: string) => outputs.get(dir) ?? outputs.set(dir, readOutput(dir)).get(dir)!;
    for (const call of calls) expect(() => answer(call.argv.map((a) => (a.startsWith('dist/') ? join(ROOT, a) : a)), read)).not.toThrow();
  });

  it('applies the files holding the namespaces before the whole folder', () => {
    const apply = parse(WORKFLOW).jobs.kind.steps.find((s: { run?: string }) => s.run?.includes('kubectl apply -f "$DIST"')).run as string;
    expect(apply.indexOf('namespace-files')).toBeGreaterThan(-1);
    expect(apply.indexOf('namespace-files')).toBeLessThan(apply.indexOf('kubectl apply -f "$DIST"'));
  });
});

describe('the workflow check', () => {
  const job = (run: string, extra = '') => `jobs:\n  kind:\n    strategy:\n      matrix:\n        env: [dev, staging]\n    env:\n      DIST: dist/\${{ matrix.env }}\n${extra}    steps:\n      - name: step\n        run: |\n${run.split('\n').map((l) => `          ${l}`).join('\n')}\n`;

  it('catches the path the kind job used to read: a numbered dist file that no longer exists', () => {
    const old = job("image=\"$(awk '/image: otel-lgtm-cdk8s\\/demo-app:/ { print $2; exit }' dist/dev/0006-demo-app.k8s.yaml)\"");
    expect(missingNames(old, ROOT, SCRIPTS)).toEqual(['jobs.kind.steps[0] (step): no dist/dev/0006-demo-app.k8s.yaml in the repository']);
    expect(numberedDistFiles(old).map((m) => m.value)).toEqual(['0006-demo-app.k8s.yaml', '0006-demo-app.k8s.yaml']);
  });

  it('catches a missing script, a missing folder for one matrix value, and a missing npm script, with env and matrix filled in', () => {
    const broken = job('bash scripts/ci/gone.sh "$DIST"\nnpx tsx $FACTS workloads\nnpm run -s nope', '      FACTS: scripts/ci/facts.ts dist/${{ matrix.env }}\n');
    const text = broken.replace('env: [dev, staging]', 'env: [dev, qa]');
    expect(missingNames(text, ROOT, SCRIPTS)).toEqual([
      'jobs.kind.steps[0] (step): no scripts/ci/gone.sh in the repository',
      'jobs.kind.steps[0] (step): no dist/qa in the repository',
      "jobs.kind.steps[0] (step): no npm script 'nope'",
    ]);
  });
});
