import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Imports run one way (settings → overlays → config → infra → cli), with no circle: dependency-cruiser
 * with the repository's own rules (.dependency-cruiser.cjs), on the real tree and on a small tree
 * that breaks each kind of rule. Both are cruised by one process (test/support/depcruise.mjs), from beforeAll.
 */
const ROOT = resolve(__dirname, '../..');
const CRUISE = join(__dirname, '../support/depcruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const LAYERS = ['settings', 'overlays', 'config', 'infra', 'cli', 'app', 'scripts'];

interface Violation { readonly rule: { readonly name: string }; readonly from: string; readonly to: string }

/**
 * dependency-cruiser's own cache for the real tree: it checks every source file's content against
 * the cached run and cruises again when any file was added, removed or changed. It does not notice
 * a changed rule file or tsconfig, so the folder is named after their content (and the version).
 */
function cacheFolder(): string {
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/dependency-cruiser/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(version).update(readFileSync(CONFIG)).update(readFileSync(join(ROOT, 'tsconfig.json'))).digest('hex').slice(0, 16);
  return join(ROOT, 'node_modules/.cache/otel-lgtm-imports', key);
}

/** A small tree that breaks each kind of rule: an upward import and a circle. */
function brokenTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'imports-'));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16' } }),
    'settings/schema.ts': "import { stack } from '../infra/stack';\nexport const schema = stack;\n",
    'infra/stack.ts': "export const stack = 1;\n",
    'config/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'config/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

let brokenDir: string;
let cruised: Promise<[Violation[], Violation[]]>;
beforeAll(() => {
  brokenDir = brokenTree();
  const trees = [{ dir: ROOT, folders: LAYERS, cache: cacheFolder() }, { dir: brokenDir, folders: ['settings', 'infra', 'config'] }];
  cruised = promisify(execFile)(process.execPath, [CRUISE, JSON.stringify([CONFIG, ...trees])], { maxBuffer: 64 << 20 })
    .then(({ stdout }) => JSON.parse(stdout) as [Violation[], Violation[]]);
  cruised.catch(() => undefined); // reported by the tests that await it
});
afterAll(() => rmSync(brokenDir, { recursive: true, force: true }));

test('the tree has no import against the layer order and no circle', async () => {
  expect((await cruised)[0]).toEqual([]);
}, 60000);

test('an upward import and a circle are both reported', async () => {
  const found = (await cruised)[1];
  expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
    'no-circular: config/a.ts → config/b.ts',
    'settings-imports-nothing-above: settings/schema.ts → infra/stack.ts',
  ]);
}, 60000);
