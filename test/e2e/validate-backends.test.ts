import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBackends } from '../../scripts/e2e/validate-backends';
import { ProcessRegistry } from '../../scripts/e2e/registry';

/** A stand-in that refuses a config naming a 2.x-only block, the way Tempo 3 does, and reports the flags it got. */
function program(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh
file=$(echo "$1" | sed 's/^-config.file=//')
if grep -q '^ingester:' "$file"; then echo "failed parsing config: line 14: field ingester not found in type app.Config" >&2; exit 1; fi
[ -n "$AWS_ACCESS_KEY_ID" ] || { echo "no credentials" >&2; exit 1; }
exit 0
`);
  chmodSync(path, 0o755);
  return path;
}

const configMap = (name: string, file: string, content: string) => ({ kind: 'ConfigMap', metadata: { name }, data: { [file]: content } });

it('checks every environment\'s Tempo and Loki config, skips a backend that is off, and quotes a refusal in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-backends-'));
  const bins = { tempo: program(dir, 'tempo'), loki: program(dir, 'loki') };
  const environments = {
    dev: [configMap('tempo-config', 'tempo.yaml', 'live_store: {}\n'), configMap('loki-config', 'loki.yaml', 'common: {}\n')],
    old: [configMap('tempo-config', 'tempo.yaml', 'ingester:\n  trace_idle_period: 10s\n')],
  } as never;
  const result = await validateBackends(bins, environments, dir, new ProcessRegistry());
  expect(result).toEqual({
    ok: false,
    lines: ['tempo dev: ok', 'loki dev: ok', 'tempo old: REJECTED: failed parsing config: line 14: field ingester not found in type app.Config'],
  });
});
