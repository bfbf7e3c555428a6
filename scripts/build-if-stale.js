#!/usr/bin/env node
/**
 * `npm test`'s build step: the full `npm run build` (tsc over every source and test: the type
 * check; then the CLI bundle) only when a file tsc reads is newer than the last build, so a test
 * run right after set-up (or with nothing edited) does not type-check an unchanged tree again.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { rmSync, utimesSync } = require('node:fs');
const { join } = require('node:path');
const { isStale } = require('./stale');

const root = join(__dirname, '..');
const TYPE_CHECKED = ['main.ts', 'cli', 'app', 'infra', 'overlays', 'settings', 'config', 'test', 'bench', 'scripts', 'tsconfig.json', 'package-lock.json'];

const stamp = join(root, 'build', '.tsbuildinfo');
if (isStale(root, stamp, TYPE_CHECKED)) {
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    const now = new Date();
    utimesSync(stamp, now, now); // tsc leaves it untouched when nothing changed
  } catch {
    rmSync(stamp, { force: true }); // a failed check must run again next time, not count as built
    process.exit(1);
  }
}
