#!/usr/bin/env node
/**
 * Runs the `otel-lgtm` CLI of this checkout from one bundled JavaScript file (build/otel-lgtm.js),
 * which starts in a fraction of tsx's time and loads faster than many small modules. Bundles again
 * (scripts/bundle-cli.js, well under a second) only when a source file is newer than the bundle, so
 * an edited overlay is never synthesized from stale code.
 */
'use strict';
const { join } = require('node:path');
const { BUNDLE, bundleCli } = require('./bundle-cli');
const { isStale } = require('./stale');

const root = join(__dirname, '..');
const SOURCES = ['cli', 'infra', 'overlays', 'settings', 'config', 'package-lock.json'];

if (isStale(root, BUNDLE, SOURCES)) {
  try {
    bundleCli();
  } catch {
    process.stderr.write('otel-lgtm: bundling the CLI failed (see above)\n');
    process.exit(1);
  }
}
require(BUNDLE).main();
