import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { environmentObjects } from '../infra/synth';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import { CliError, type Command } from './io';
import { diffManifests, type ManifestObject } from './manifest-diff';

const USAGE = `usage: otel-lgtm diff <env> [<other-env>] [--dist <dir>]

  diff dev prod   what prod changes relative to dev, per object and field
  diff prod       what a fresh synthesis of prod changes relative to the committed <dist>/prod,
                  i.e. what applying the change would alter in the cluster
Exit status: 0 when equal, 1 when different, 2 on bad input.
  --dist <dir>    the committed output (default: dist)`;

/** The objects of a synthesized environment folder, in file-name (apply) order. */
function readFolder(dir: string): ManifestObject[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as ManifestObject))
    .filter((o) => o !== null);
}

/** `otel-lgtm diff`: one line per difference, then a summary line. */
export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    options: { dist: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true,
  } as const);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length < 1 || positionals.length > 2) throw new CliError('name one environment (against dist/) or two (e.g. diff dev prod)', 2);
  const envs = environmentsNamed(positionals);
  let before: ManifestObject[];
  let from: string;
  if (envs.length === 2) {
    before = environmentObjects(envs[0]) as ManifestObject[];
    from = envs[0].name;
  } else {
    const folder = join(values.dist ?? 'dist', envs[0].name);
    if (!existsSync(folder)) throw new CliError(`${folder} does not exist (write it with 'otel-lgtm synth --env ${envs[0].name}')`, 2);
    before = readFolder(folder);
    from = folder;
  }
  const after = envs.at(-1)!;
  const lines = diffManifests(before, environmentObjects(after) as ManifestObject[]);
  for (const line of lines) io.out(line);
  io.err(`diff: ${from} → ${after.name}: ${lines.length === 0 ? 'no differences' : `${lines.length} difference${lines.length === 1 ? '' : 's'}`}`);
  return lines.length === 0 ? 0 : 1;
};
