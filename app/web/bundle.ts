/**
 * Builds the browser page: bundles app/web/page.ts with esbuild (the web SDK
 * included, so the page loads nothing from elsewhere) and copies index.html.
 * `tsx app/web/bundle.ts [OUT_DIR]` (default app/build/public, where the
 * compiled service looks for it); part of `npm run build:app`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The compiled service's default web root. */
export const DEFAULT_OUT_DIR = path.join(__dirname, '..', 'build', 'public');

/** Writes index.html and page.js (with a source map) into `outDir`. */
export async function bundleWebPage(outDir: string = DEFAULT_OUT_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, 'page.ts')],
    outfile: path.join(outDir, 'page.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(path.join(__dirname, 'index.html'), path.join(outDir, 'index.html'));
}

if (require.main === module) {
  bundleWebPage(process.argv[2]).catch((err: unknown) => {
    process.stderr.write(`bundle: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
