#!/usr/bin/env node
/**
 * Finds the Debian archive this machine's apt is configured for, so installers can fetch a package
 * from another suite of the same mirror without naming any host in the repository.
 * Reads deb822 `*.sources` files and one-line `sources.list` entries; prints the archive's URI.
 */
'use strict';
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** `{ uri, suites }` of every enabled `deb` entry in one file's text (`format`: 'deb822' or 'list'). */
function aptEntries(text, format) {
  if (format === 'list') {
    return text.split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .map((line) => /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line))
      .filter(Boolean)
      .map(([, uri, suite]) => ({ uri, suites: [suite] }));
  }
  return text.split(/\n\s*\n/).flatMap((stanza) => {
    const field = (name) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza.replace(/^#.*$/gm, ''))?.[1].trim();
    if (!(field('Types') ?? '').split(/\s+/).includes('deb') || /^no$/i.test(field('Enabled') ?? '')) return [];
    const uris = (field('URIs') ?? '').split(/\s+/).filter(Boolean);
    const suites = (field('Suites') ?? '').split(/\s+/).filter(Boolean);
    return uris.map((uri) => ({ uri, suites }));
  });
}

/**
 * The URI of the main Debian archive among `files` ({ path, text }): the first entry with a release
 * suite (not `-security`, `-updates` or `-backports`) whose URI is not a security archive.
 */
function debianArchiveUri(files) {
  const entries = files.flatMap((f) => aptEntries(f.text, f.path.endsWith('.sources') ? 'deb822' : 'list'));
  const archive = entries.find((e) => !/security/.test(e.uri) && e.suites.some((s) => /^[a-z]+$/.test(s)) && /debian/.test(e.uri));
  return archive?.uri.replace(/\/+$/, '');
}

/** The apt source files of this machine, as { path, text }. */
function machineSources(etc = '/etc/apt') {
  const files = [];
  if (existsSync(join(etc, 'sources.list'))) files.push(join(etc, 'sources.list'));
  const dir = join(etc, 'sources.list.d');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) if (/\.(sources|list)$/.test(name)) files.push(join(dir, name));
  }
  return files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

module.exports = { aptEntries, debianArchiveUri, machineSources };

if (require.main === module) {
  const uri = debianArchiveUri(machineSources(process.argv[2]));
  if (!uri) {
    process.stderr.write('no Debian archive found in the apt configuration (/etc/apt/sources.list, /etc/apt/sources.list.d/*.sources)\n');
    process.exit(1);
  }
  process.stdout.write(`${uri}\n`);
}
