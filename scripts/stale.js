'use strict';
/** Whether a build output is older than any of the files it is built from. */
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** Newest modification time (ms) under a file or folder (folders count too: a deleted file changes its folder). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => (name === 'node_modules' || name === 'build' ? max : Math.max(max, newest(join(path, name)))), stat.mtimeMs);
}

/** True when `output` is missing or older than any of `sources` (paths under `root`). */
function isStale(root, output, sources) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return sources.some((s) => existsSync(join(root, s)) && newest(join(root, s)) > built);
}

module.exports = { isStale, newest };
