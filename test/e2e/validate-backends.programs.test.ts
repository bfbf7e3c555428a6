import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBackends } from '../../scripts/e2e/validate-backends';
import { ProcessRegistry } from '../../scripts/e2e/registry';

/** A stand-in that refuses a config naming a 2.x-only block, the way Tempo 3 does, and a target it does not know. */
function program(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh
for a in "$@"; do case "$a" in -config.file=*) file="\${a#-config.file=}";; esac; done
if grep -q '^ingester:' "$file"; then echo "failed parsing config: line 14: field ingester not found in type app.Config" >&2; exit 1; fi
case "$*" in *-target=ingester*) echo "unknown target ingester" >&2; exit 1;; esac
case "$*" in *-config.verify=true*|*-verify-config*) ;; *) echo "not asked to verify: $*" >&2; exit 1;; esac
[ -n "$AWS_ACCESS_KEY_ID" ] || { echo "no credentials" >&2; exit 1; }
exit 0
`);
  chmodSync(path, 0o755);
  return path;
}

const configMap = (name: string, file: string, content: string) => ({ kind: 'ConfigMap', metadata: { name }, data: { [file]: content } });
/** A workload of `component` mounting the ConfigMap `config`, started with `args`. */
const workload = (name: string, component: string, config: string, args: string[]) => ({
  kind: 'StatefulSet', metadata: { name },
  spec: { template: { metadata: { labels: { 'app.kubernetes.io/component': component } }, spec: { containers: [{ args }], volumes: [{ name: 'config', configMap: { name: config } }] } } },
});

it('checks every environment\'s Tempo and Loki config, skips a backend that is off, and quotes a refusal in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-backends-'));
  const bins = { tempo: program(dir, 'tempo'), loki: program(dir, 'loki') };
  const environments = {
    dev: [
      configMap('tempo-config', 'tempo.yaml', 'live_store: {}\n'), workload('tempo', 'traces', 'tempo-config', ['-config.file=/etc/tempo/tempo.yaml']),
      configMap('loki-config', 'loki.yaml', 'common: {}\n'), workload('loki', 'logs', 'loki-config', ['-config.file=/etc/loki/loki.yaml']),
    ],
    old: [configMap('tempo-config', 'tempo.yaml', 'ingester:\n  trace_idle_period: 10s\n'), workload('tempo', 'traces', 'tempo-config', ['-config.file=/etc/tempo/tempo.yaml'])],
  } as never;
  const result = await validateBackends(bins, environments, dir, new ProcessRegistry());
  expect(result).toEqual({
    ok: false,
    lines: ['tempo dev: ok', 'loki dev: ok', 'tempo old: REJECTED: failed parsing config: line 14: field ingester not found in type app.Config'],
  });
});

it('checks each of Tempo\'s microservices with its own -target and flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-backends-'));
  const bins = { tempo: program(dir, 'tempo'), loki: program(dir, 'loki') };
  const config = configMap('tempo-x-config', 'tempo.yaml', 'live_store: {}\n');
  const environments = {
    ms: [config,
      workload('tempo-distributor', 'traces', 'tempo-x-config', ['-target=distributor', '-config.file=/etc/tempo/tempo.yaml']),
      workload('tempo-live-store', 'traces', 'tempo-x-config', ['-target=live-store', '-config.file=/etc/tempo/tempo.yaml', '-live-store.instance-availability-zone=zone-a']),
      workload('tempo-ingester', 'traces', 'tempo-x-config', ['-target=ingester', '-config.file=/etc/tempo/tempo.yaml'])],
  } as never;
  const result = await validateBackends(bins, environments, dir, new ProcessRegistry());
  expect(result).toEqual({
    ok: false,
    lines: [
      'tempo ms tempo-distributor (-target=distributor): ok',
      'tempo ms tempo-live-store (-target=live-store -live-store.instance-availability-zone=zone-a): ok',
      'tempo ms tempo-ingester (-target=ingester): REJECTED: unknown target ingester',
    ],
  });
});
