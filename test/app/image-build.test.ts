import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * The demo image (app/Dockerfile, built by the kind job) bundles the otel-lgtm CLI in its build
 * stage from the folders it copies: every folder the bundle reads must be among them, and every
 * path it copies must exist (a folder moved or added in the repository breaks the image otherwise).
 */
const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'app', 'Dockerfile'), 'utf8');

/** The repository paths a stage copies from the build context (`COPY <src>… <dest>`, no `--from`). */
function contextCopies(dockerfile: string, stage: string): string[] {
  const lines = dockerfile.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${stage}\\b`, 'i').test(l));
  const end = lines.findIndex((l, i) => i > start && /^FROM\s/i.test(l));
  return lines.slice(start, end === -1 ? undefined : end)
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
    .flatMap((l) => l.trim().split(/\s+/).slice(1, -1).filter((w) => !w.startsWith('--')));
}

/** Top-level repository folders the CLI bundle reads (node_modules aside). */
function bundleFolders(): string[] {
  const { metafile } = buildSync({ entryPoints: [join(ROOT, 'cli', 'main.ts')], absWorkingDir: ROOT, bundle: true, platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'error' });
  return [...new Set(Object.keys(metafile!.inputs).filter((f) => !f.startsWith('node_modules/')).map((f) => f.split('/')[0]))].sort();
}

describe('the demo image build stage', () => {
  const copies = contextCopies(DOCKERFILE, 'build');
  let read: string[];
  beforeAll(() => { read = bundleFolders(); });

  it('copies only paths that exist', () => {
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('copies every folder the bundled CLI reads', () => {
    expect(read.filter((folder) => !copies.includes(folder))).toEqual([]);
  });

  it('would notice a folder it does not copy', () => {
    const without = contextCopies(DOCKERFILE.replace(/^COPY cli \.\/cli$/m, ''), 'build');
    expect(read.filter((folder) => !without.includes(folder))).toEqual(['cli']);
  });
});
