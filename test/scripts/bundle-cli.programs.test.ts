/**
 * The bundled CLI is what the app image carries for the verify Job: it must run with no
 * node_modules beside it (the image's node_modules are the app's production dependencies only).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleCli } = require('../../scripts/bundle-cli.js') as { bundleCli: (outfile?: string) => string };

it('runs from a folder with nothing else in it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
  const built = bundleCli(join(dir, 'built', 'otel-lgtm.js'));
  const alone = join(dir, 'otel-lgtm.js');
  copyFileSync(built, alone);
  const run = spawnSync(process.execPath, [alone, 'synth', '--env', 'dev', '--stdout'], { cwd: dir, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('kind: Namespace');
});
