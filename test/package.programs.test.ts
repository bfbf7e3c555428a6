/**
 * The package as users get it: `npm pack`'s tarball, unpacked into an empty folder's node_modules
 * next to its peers (cdk8s, cdk8s-plus-28, constructs) and its dependencies, runs the example
 * consumer in examples/two-stacks (own app, own chart, two stacks in two namespaces), and no two
 * objects of the output collide in kind + namespace + name, cluster-scoped ones included.
 * Needs `npm run build` (the pretest step of `npm test`).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string; main: string; types: string; files: string[]; peerDependencies: Record<string, string>; dependencies: Record<string, string>;
};
type Obj = { kind: string; metadata: { name: string; namespace?: string } };

/** Unpacks the packed tarball as node_modules/<name> of a fresh folder; links its peers and dependencies from this checkout. */
function installPacked(): string {
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-package-'));
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  const target = join(work, 'node_modules', manifest.name);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', target, '--strip-components=1']);
  for (const dep of [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies)]) {
    const link = join(work, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
  }
  return work;
}

describe('the packed package', () => {
  let work: string;
  beforeAll(() => { work = installPacked(); });

  it('ships compiled JS, declarations and the CLI, not sources or tests', () => {
    const pkg = join(work, 'node_modules', manifest.name);
    expect(existsSync(join(pkg, manifest.main))).toBe(true);
    expect(existsSync(join(pkg, manifest.types))).toBe(true);
    expect(existsSync(join(pkg, 'build', 'otel-lgtm.js'))).toBe(true);
    const listing = execFileSync('find', [pkg, '-type', 'f'], { encoding: 'utf8' });
    expect(listing).not.toMatch(/\.test\.|\/test\/|\/app\/src\/|\.ts$(?<!\.d\.ts$)/m);
  });

  it('synthesizes the example consumer: two stacks in two namespaces, and nothing collides', () => {
    copyFileSync(join(ROOT, 'examples', 'two-stacks', 'main.js'), join(work, 'main.js'));
    execFileSync(process.execPath, ['main.js'], { cwd: work, env: { ...process.env, CDK8S_OUTDIR: join(work, 'dist') }, stdio: 'pipe' });
    const files = readdirSync(join(work, 'dist'));
    const objects = files.flatMap((f) => parseAllDocuments(readFileSync(join(work, 'dist', f), 'utf8')).map((d) => d.toJS() as Obj)).filter(Boolean);
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    // Team A's stack also runs the cluster's node agents, in their own namespace.
    expect(namespaces).toEqual(['observability-a', 'observability-a-agent', 'observability-b']);
    for (const ns of ['observability-a', 'observability-b']) {
      expect(objects.some((o) => o.kind === 'StatefulSet' && o.metadata.namespace === ns && o.metadata.name === 'tempo')).toBe(true);
    }
    const keys = objects.map((o) => `${o.kind} ${o.metadata.namespace ?? '(cluster)'}/${o.metadata.name}`);
    const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(duplicates).toEqual([]);
    expect(keys.filter((k) => k.startsWith('ClusterRole ') && k.includes('k8s-attributes')).sort()).toEqual([
      'ClusterRole (cluster)/observability-a-otel-collector-k8s-attributes', 'ClusterRole (cluster)/observability-b-otel-collector-k8s-attributes',
    ]);
    const checkout = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'shop') as unknown as { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } } };
    expect(checkout.spec.template.spec.containers[0].env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability-a.svc:4318' });
  });
});
