#!/usr/bin/env node
/**
 * Bundles the `otel-lgtm` CLI (cli/main.ts and everything it loads, cdk8s included) into one
 * JavaScript file with esbuild: it starts fast and runs with no node_modules beside it, which is
 * how the app image carries `verify`. Types are checked by `npm test`, not here.
 * `npm run build:cli` writes build/otel-lgtm.js; scripts/otel-lgtm.js calls bundleCli() when stale.
 */
'use strict';
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
/** Where the bundle goes. */
const BUNDLE = join(ROOT, 'build', 'otel-lgtm.js');

/** Writes the bundle; throws (esbuild has printed why) when the sources do not build. */
function bundleCli(outfile = BUNDLE) {
  require('esbuild').buildSync({
    entryPoints: [join(ROOT, 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}

module.exports = { BUNDLE, bundleCli };

if (require.main === module) {
  try {
    console.log(`bundled ${bundleCli(process.argv[2])}`);
  } catch {
    process.exitCode = 1;
  }
}
