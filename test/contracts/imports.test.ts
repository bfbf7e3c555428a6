import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Imports run one way (settings → overlays → config → infra → cli), with no circle: dependency-cruiser
 * with the repository's own rules (.dependency-cruiser.cjs), on the real tree and on a small tree
 * that breaks each kind of rule.
 */
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const LAYERS = ['settings', 'overlays', 'config', 'infra', 'cli', 'app', 'scripts'];

interface Violation { readonly rule: { readonly name: string }; readonly from: string; readonly to: string }

async function violations(cwd: string, folders: readonly string[]): Promise<Violation[]> {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...folders], { cwd, maxBuffer: 64 << 20 })
    .catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

test('the tree has no import against the layer order and no circle', async () => {
  expect(await violations(ROOT, LAYERS)).toEqual([]);
}, 60000);

test('an upward import and a circle are both reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imports-'));
  try {
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
    const found = await violations(dir, ['settings', 'infra', 'config']);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
      'no-circular: config/a.ts → config/b.ts',
      'settings-imports-nothing-above: settings/schema.ts → infra/stack.ts',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);
