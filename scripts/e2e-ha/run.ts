/**
 * `npm run e2e -- --ha`: prod's HA topology from dist/prod, changed only by ./rewrite.ts, under load;
 * one replica of each tier `kill -9`ed in turn (Loki, Prometheus, Alertmanager, sampler) and started
 * again; per tier, probes acknowledged by the collector and queryable afterwards, queries answered
 * during the outage, the notifications of one firing alert, and the share of sampled traces whole in Tempo.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunGuard } from '../e2e/guard';
import type { ProcessRegistry } from '../e2e/registry';
import { LOCAL_CHANGES } from './rewrite';
import { startTopology } from './topology';
import { startWebhook } from './webhook';

export async function runHa(processes: ProcessRegistry, guard: RunGuard, log: (line: string) => void): Promise<number> {
  const wallStart = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-e2e-ha-'));
  log(`e2e --ha: work folder ${work}`);
  log('e2e --ha: prod\'s manifests (dist/prod) with these local changes only:');
  for (const line of LOCAL_CHANGES) log(`  - ${line}`);
  const webhook = await startWebhook();
  let topology;
  try {
    topology = await startTopology(work, webhook.url, processes, guard.during, (line) => log(`e2e --ha: ${line}`));
    log(`e2e --ha: removed from the collector configs (this build lacks them; not run here): ${topology.stack.removed.join(', ') || 'nothing'}`);
    log(`e2e --ha: Services (proxies): ${topology.stack.services.map((s) => `${s.name} ${s.address} → ${s.pods.join(', ')}`).join('; ')}`);
    return 0;
  } catch (error) {
    log(`e2e --ha: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    for (const s of await guard.during('the HA stack to stop', processes.stopAll())) log(`e2e --ha: stopped ${s.name} (pid ${s.pid}, ${s.outcome})`);
    await topology?.closeProxies();
    await webhook.close();
    log(`e2e --ha: wall time ${((Date.now() - wallStart) / 1000).toFixed(1)} s; logs in ${work}`);
  }
}
