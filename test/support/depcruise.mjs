/**
 * Cruises several trees with dependency-cruiser's own API in one process (one start-up of it, not
 * one per tree) and prints each tree's rule violations, as JSON, in the order given:
 *   node depcruise.mjs '[rulesFile, { dir, folders, cache? }, …]'
 * `cache` is dependency-cruiser's content-checked cache folder; the rules and each tree's tsconfig
 * are read exactly as its CLI reads them.
 */
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const [rulesFile, ...trees] = JSON.parse(process.argv[2]);
const options = await extractDepcruiseOptions(rulesFile);
const violations = [];
for (const { dir, folders, cache } of trees) {
  process.chdir(dir); // the rules' paths are relative to the tree, as for the CLI run there
  const cacheOption = cache ? { cache: { folder: cache, strategy: 'content' } } : {};
  const result = await cruise(folders, { ...options, ...cacheOption }, undefined, { tsConfig: extractTSConfig(join(dir, 'tsconfig.json')) });
  violations.push(result.output.summary.violations);
}
process.stdout.write(JSON.stringify(violations));
