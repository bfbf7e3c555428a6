/**
 * `npm run e2e -- --ha`: prod's HA topology from dist/prod, changed only by ./rewrite.ts, under load
 * (the demo service with its load generator, verify's probes, four-span traces in two parts); one
 * replica of each tier `kill -9`ed in turn (Loki, Prometheus, Alertmanager, sampler) and started again.
 * Per tier: probes acknowledged by the collector and queryable afterwards, queries answered during the
 * outage, the notifications of one firing alert, and the share of sampled traces whole in Tempo.
 * Exits 1 when a target is missed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ENVIRONMENTS } from '../../overlays';
import { checksFor } from '../../cli/verify/checks';
import type { ProbeOrigin } from '../../cli/verify/probe';
import type { RunGuard } from '../e2e/guard';
import type { ProcessRegistry } from '../e2e/registry';
import { LOCAL_CHANGES } from './rewrite';
import { samplerLossWindow } from './loss-window';
import { Topology, haObjects, startTopology } from './topology';
import { SPANS_PER_TRACE, SentProbe, SplitTrace, answered, httpRequest, sendProbe, sendSplitTrace, tempoSpans } from './traffic';
import { Webhook, startWebhook } from './webhook';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Seconds each replica stays down (Alertmanager's: until the alert's notification and a margin). */
const OUTAGE_S = 20;
const WARM_UP_S = 10;
/** Between the two parts of a SplitTrace: within the sampler's decision_wait, so a whole trace is one decision. */
const TRACE_GAP_MS = 3000;
/** The alert the harness makes fire (see fireTestAlert). */
export const TEST_ALERT = 'E2eHaTestAlert';
const QUERYABLE_WAIT_S = 60;
/** A probe sent this long before a kill counts against that kill when lost: the gateway's batch timeout (5 s), the sampler's decision_wait (10 s: the limit for a trace whose root never arrives) and batch timeout (1 s), with margin. */
const BEFORE_KILL_MS = 20000;

/** One tier's outage. */
interface Outage {
  readonly tier: string;
  readonly victim: string;
  readonly signal: 'logs' | 'metrics' | 'alerts' | 'traces';
  killedMs: number;
  readyMs: number;
  queries: boolean[];
}

export async function runHa(processes: ProcessRegistry, guard: RunGuard, log: (line: string) => void): Promise<number> {
  const wallStart = Date.now();
  const say = (line: string) => log(`e2e --ha: ${line}`);
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-e2e-ha-'));
  say(`work folder ${work}`);
  log('e2e --ha: prod\'s manifests (dist/prod) with these local changes only (scripts/e2e-ha/rewrite.ts):');
  for (const line of LOCAL_CHANGES) log(`  - ${line}`);
  const webhook = await startWebhook();
  let topology: Topology | undefined;
  try {
    topology = await startTopology(work, webhook.url, processes, guard.during, say);
    say(`removed from the collector configs (this build lacks them; not run here): ${topology.stack.removed.join(', ') || 'nothing'}`);
    say(`Services (proxies): ${topology.stack.services.map((s) => `${s.name} ${s.address} → ${s.pods.join(', ')}`).join('; ')}`);
    return await underLoad(topology, webhook, work, processes, guard, say, log);
  } catch (error) {
    say((error as Error).message.split('\n')[0]);
    return 1;
  } finally {
    for (const s of await guard.during('the HA stack to stop', processes.stopAll())) say(`stopped ${s.name} (pid ${s.pid}, ${s.outcome})`);
    await topology?.closeProxies();
    await webhook.close();
    say(`wall time ${((Date.now() - wallStart) / 1000).toFixed(1)} s; logs in ${work}`);
  }
}

async function underLoad(t: Topology, webhook: Webhook, work: string, processes: ProcessRegistry, guard: RunGuard, say: (l: string) => void, log: (l: string) => void): Promise<number> {
  const prod = ENVIRONMENTS.prod();
  const keep = Object.fromEntries(prod.sampling.keepAttributes.map((k) => [k.key, k.values[0]]));
  const origin: ProbeOrigin = { environment: prod.name, namespace: prod.stackNamespace, keep };
  const collector = t.url('otel-collector', 'otlp-http');
  const tempo = t.url('tempo', 'http');
  const loki = t.url('loki', 'http');
  const prometheus = t.url('prometheus', 'http');
  const alertmanager = t.url('alertmanager', 'http');
  let phase = 'steady';
  const probes: SentProbe[] = [];
  const traces: SplitTrace[] = [];
  const inflight = new Set<Promise<unknown>>();
  let sending = true;
  const every = async (ms: number, send: () => Promise<unknown>) => {
    while (sending) {
      const p = send();
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      await sleep(ms);
    }
  };
  const senders = [
    every(1000, async () => probes.push(await sendProbe(collector, origin, phase))),
    every(1000, async () => traces.push(await sendSplitTrace(collector, keep, () => phase, TRACE_GAP_MS))),
  ];
  say(`load: the demo service (${t.podsOf('demo-app').length} replicas) with its load generator, a verify probe and a ${SPANS_PER_TRACE}-span trace in two requests ${TRACE_GAP_MS / 1000} s apart every second, all through the gateways' Service`);
  await guard.during('the warm-up', sleep(WARM_UP_S * 1000));

  const queryUrl: Record<Outage['signal'], () => string> = {
    logs: () => `${loki}/loki/api/v1/query_range?${new URLSearchParams({ query: '{service_name="otel-lgtm-verify"}', limit: '1', start: `${Date.now() - 600000}000000` })}`,
    metrics: () => `${prometheus}/api/v1/query?${new URLSearchParams({ query: 'count(otel_lgtm_verify_probes_total)' })}`,
    alerts: () => `${alertmanager}/api/v2/alerts`,
    traces: () => `${tempo}/api/traces/${traces.find((x) => x.acked.every(Boolean))?.traceId ?? '0'}`,
  };
  const outages: Outage[] = [];
  let alertFiredMs = 0;
  for (const [tier, signal] of [['loki', 'logs'], ['prometheus', 'metrics'], ['alertmanager', 'alerts'], ['otel-sampler', 'traces']] as const) {
    const victim = tier === 'alertmanager' ? await firstToNotify(t) : t.podsOf(tier)[0].name;
    const outage: Outage = { tier, victim, signal, killedMs: Date.now(), readyMs: 0, queries: [] };
    outages.push(outage);
    await t.kill(victim);
    phase = `${victim} down`;
    say(`kill -9 ${victim} (${t.podsOf(tier).length} replicas)${tier === 'alertmanager' ? ': the cluster peer at position 0, which would notify first' : ''}`);
    let down = true;
    const asking = (async () => {
      while (down) {
        outage.queries.push(await answered(queryUrl[signal]()));
        await sleep(1000);
      }
    })();
    if (tier === 'alertmanager') {
      alertFiredMs = fireTestAlert(t, processes);
      say(`test alert ${TEST_ALERT} (vector(1), severity=page) added to every Prometheus's rules and reloaded (SIGHUP); waiting for its notification`);
      const until = Date.now() + 120000;
      while (Date.now() < until && notificationsOf(webhook).length === 0) await guard.during(`the notification of ${TEST_ALERT}`, sleep(1000));
      // The next peer would send 15 s (Alertmanager's peer timeout) after the first: wait past it.
      await guard.during('a second notification, if any', sleep(20000));
    } else {
      await guard.during(`${victim}'s outage`, sleep(OUTAGE_S * 1000));
    }
    down = false;
    await asking;
    const seconds = await t.restart(victim);
    outage.readyMs = Date.now();
    phase = 'steady';
    say(`${victim} started again, ready after ${seconds.toFixed(1)} s; ${outage.queries.filter(Boolean).length} of ${outage.queries.length} queries answered while it was down`);
    await guard.during('the recovery', sleep(5000));
  }
  sending = false;
  await guard.during('the last requests', Promise.all([...senders, ...inflight]));
  say(`sent ${probes.length} probes and ${traces.length} split traces; checking what is queryable (up to ${QUERYABLE_WAIT_S} s)`);
  const [queryable, spans] = await guard.during('the final queries', Promise.all([
    queryableProbes(probes, { collector, tempo, loki, prometheus, grafana: '' }),
    traceSpans(traces, tempo),
  ]));
  return report({ outages, probes, queryable, traces, spans, notifications: notificationsOf(webhook), alertFiredMs, log, work, lossWindow: samplerLossWindow(haObjects()) });
}

/** The Alertmanager peer at position 0 (the cluster's peers sorted by name), which notifies without waiting. */
async function firstToNotify(t: Topology): Promise<string> {
  for (const pod of t.podsOf('alertmanager')) {
    const { status, text } = await httpRequest(`http://${pod.address}:${new URL(pod.readyUrl).port}/api/v2/status`);
    if (status !== 200) continue;
    const cluster = JSON.parse(text).cluster as { name: string; peers: Array<{ name: string; address: string }> };
    const first = [...cluster.peers].sort((a, b) => a.name.localeCompare(b.name))[0];
    const owner = t.podsOf('alertmanager').find((p) => first.address.startsWith(`${p.address}:`));
    if (owner) return owner.name;
  }
  throw new Error('no Alertmanager answered /api/v2/status with its cluster peers');
}

/**
 * Makes one alert fire deterministically: a rule file beside the generated rules of every Prometheus
 * (`vector(1)`, so it fires at the group's next evaluation, severity=page to take prod's paging route)
 * and a SIGHUP to reload. Returns when it was added.
 */
function fireTestAlert(t: Topology, processes: ProcessRegistry): number {
  for (const pod of t.podsOf('prometheus')) {
    const rules = Object.keys(pod.files).find((f) => f.endsWith('.rules.yaml'));
    if (!rules) throw new Error(`${pod.name} has no rule file to put the test alert beside`);
    writeFileSync(join(dirname(rules), 'e2e-ha-test.rules.yaml'), stringify({
      groups: [{ name: 'e2e-ha-test', rules: [{ alert: TEST_ALERT, expr: 'vector(1)', labels: { severity: 'page' }, annotations: { summary: 'npm run e2e -- --ha: one alert, every Prometheus firing it' } }] }],
    }));
    t.process(pod.name).child.kill('SIGHUP');
  }
  void processes;
  return Date.now();
}

function notificationsOf(webhook: Webhook) {
  return webhook.received.filter((n) => n.status === 'firing' && n.alertnames.includes(TEST_ALERT));
}

/** Per probe id, the signals found afterwards (each asked until found or the wait is over). */
async function queryableProbes(probes: readonly SentProbe[], targets: Parameters<typeof checksFor>[0]): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>(probes.map((p) => [p.probe.id, new Set<string>()]));
  const wanted = new Set(['trace by id', 'log by probe attribute', 'probe metric']);
  let pending = probes.flatMap((p) => checksFor(targets, p.probe, new Set(['grafana'])).filter((c) => wanted.has(c.name)).map((check) => ({ p, check })));
  const until = Date.now() + QUERYABLE_WAIT_S * 1000;
  while (pending.length > 0 && Date.now() < until) {
    const next: typeof pending = [];
    for (let i = 0; i < pending.length; i += 16) {
      await Promise.all(pending.slice(i, i + 16).map(async (x) => {
        const hit = await x.check.attempt().catch(() => false);
        if (hit) found.get(x.p.probe.id)!.add(x.check.signal!);
        else next.push(x);
      }));
    }
    pending = next;
    if (pending.length > 0) await sleep(3000);
  }
  return found;
}

/** Per trace id, how many of its spans Tempo has (asked until whole or the wait is over). */
async function traceSpans(traces: readonly SplitTrace[], tempo: string): Promise<Map<string, number>> {
  const spans = new Map<string, number>();
  let pending = traces.filter((x) => x.acked.every(Boolean));
  const until = Date.now() + QUERYABLE_WAIT_S * 1000;
  while (pending.length > 0 && Date.now() < until) {
    const next: SplitTrace[] = [];
    for (let i = 0; i < pending.length; i += 16) {
      await Promise.all(pending.slice(i, i + 16).map(async (x) => {
        const found = await tempoSpans(tempo, x.traceId);
        const n = Array.isArray(found) ? new Set(found).size : 0;
        spans.set(x.traceId, n);
        if (n < SPANS_PER_TRACE) next.push(x);
      }));
    }
    pending = next;
    if (pending.length > 0) await sleep(3000);
  }
  return spans;
}

interface Results {
  readonly outages: Outage[];
  readonly probes: SentProbe[];
  readonly queryable: Map<string, Set<string>>;
  readonly traces: SplitTrace[];
  readonly spans: Map<string, number>;
  readonly notifications: ReturnType<typeof notificationsOf>;
  readonly alertFiredMs: number;
  readonly log: (line: string) => void;
  readonly work: string;
  /** How long before a sampler's kill a span may still have been only in its memory (./loss-window). */
  readonly lossWindow: { readonly ms: number; readonly parts: string };
}

/**
 * Prints the table and the causes of any miss; 1 when a target is missed. A sampler's `kill -9`
 * loses what it held only in memory: spans that reached it within its loss window before the kill.
 * Those are counted and shown apart; anything else lost or split is a miss.
 */
function report(r: Results): number {
  const { log } = r;
  let failed = false;
  const row = (cells: string[]) => log(`| ${cells.join(' | ')} |`);
  const samplerKills = r.outages.filter((o) => o.signal === 'traces').map((o) => o.killedMs);
  const inLossWindow = (sentMs: number) => samplerKills.some((k) => sentMs >= k - r.lossWindow.ms && sentMs < k);
  const lostIn = (s: 'traces' | 'logs' | 'metrics') => r.probes.filter((p) => p.acked[s] && !r.queryable.get(p.probe.id)?.has(s));
  log(`\nper tier, one replica kill -9ed under load, then started again (targets: 0 lost; every query answered; 1 notification; every sampled trace whole, except what reached a killed sampler in its ${r.lossWindow.ms / 1000} s loss window: ${r.lossWindow.parts}):`);
  row(['replica killed', 'down (s)', 'signal', 'probes acked by the collector while down', 'queryable afterwards', 'lost', 'queries answered while down', 'other']);
  row(['---', '---:', '---', '---:', '---:', '---:', '---:', '---']);
  const probeSignal = { logs: 'logs', metrics: 'metrics', traces: 'traces', alerts: 'metrics' } as const;
  for (const o of r.outages) {
    const during = r.probes.filter((p) => p.phase === `${o.victim} down`);
    const signal = probeSignal[o.signal];
    const acked = during.filter((p) => p.acked[signal]);
    const found = acked.filter((p) => r.queryable.get(p.probe.id)?.has(signal));
    // Probes sent shortly before the kill that the killed replica may have held.
    const justBefore = lostIn(signal).filter((p) => p.probe.startedMs >= o.killedMs - BEFORE_KILL_MS && p.probe.startedMs < o.killedMs);
    const window = o.signal === 'traces' ? justBefore.filter((p) => inLossWindow(p.probe.startedMs)) : [];
    const answered = o.queries.filter(Boolean).length;
    let other = '';
    if (o.signal === 'alerts') {
      other = `${r.notifications.length} notification(s) of ${TEST_ALERT}${r.notifications[0] ? `, first ${((r.notifications[0].atMs - r.alertFiredMs) / 1000).toFixed(0)} s after the rule was loaded` : ''}`;
      failed ||= r.notifications.length !== 1;
    }
    if (o.signal === 'traces') other = wholeness(r, o, inLossWindow);
    failed ||= acked.length !== found.length || justBefore.length > window.length || answered !== o.queries.length || acked.length === 0;
    const earlier = justBefore.length - window.length;
    const lost = `${acked.length - found.length}${earlier ? ` (+${earlier} sent in the ${BEFORE_KILL_MS / 1000} s before the kill)` : ''}${window.length ? ` (+${window.length} in the sampler's loss window)` : ''}`;
    row([o.victim, ((o.readyMs - o.killedMs) / 1000).toFixed(0), `${o.signal}${o.signal === 'alerts' ? ' (probe metrics shown)' : ''}`, `${acked.length} of ${during.length}`, String(found.length), lost, `${answered} of ${o.queries.length}`, other]);
  }
  const all = (s: 'traces' | 'logs' | 'metrics') => `${s} ${r.probes.filter((p) => p.acked[s]).length - lostIn(s).length}/${r.probes.filter((p) => p.acked[s]).length}`;
  log(`\nwhole run: ${r.probes.length} probes sent; queryable afterwards of those acknowledged: ${all('traces')}, ${all('logs')}, ${all('metrics')}`);
  const acked = r.traces.filter((x) => x.acked.every(Boolean));
  const broken = acked.filter((x) => r.spans.get(x.traceId) !== SPANS_PER_TRACE);
  const excused = broken.filter((x) => x.sentMs.some(inLossWindow));
  if (broken.length > 0) {
    log('where traces are not whole: parts that reached a sampler in its loss window before its kill were held in its memory (undecided, or decided and not yet batched) and died with it;'
      + ' parts sent while it was down were routed to it still (the static resolver keeps it in the ring) and retried by the gateway until it was back.');
  }
  log(`whole run: ${acked.length - broken.length} of ${acked.length} split traces whole in Tempo (${pct(acked.length - broken.length, acked.length)}); ${excused.length} of the others with a part in a sampler's loss window; ${r.traces.length - acked.length} not fully acknowledged by the collector`);
  const lostOutsideWindow = (['logs', 'metrics'] as const).some((s) => lostIn(s).length > 0) || lostIn('traces').some((p) => !inLossWindow(p.probe.startedMs));
  failed ||= lostOutsideWindow || excused.length !== broken.length;
  log(failed ? 'e2e --ha: FAIL (a target was missed; see the table)' : 'e2e --ha: PASS');
  return failed ? 1 : 0;
}

const pct = (n: number, of: number) => `${of === 0 ? '–' : ((100 * n) / of).toFixed(1)} %`;

/** The sampler outage's wholeness: whole / sampled (acknowledged), and when the parts of the others were sent. */
function wholeness(r: Results, o: Outage, inLossWindow: (sentMs: number) => boolean): string {
  const around = r.traces.filter((x) => x.acked.every(Boolean) && x.sentMs[1] >= o.killedMs - BEFORE_KILL_MS && x.sentMs[0] <= o.readyMs + 5000);
  const whole = around.filter((x) => r.spans.get(x.traceId) === SPANS_PER_TRACE);
  const broken = around.filter((x) => r.spans.get(x.traceId) !== SPANS_PER_TRACE);
  const when = (ms: number) => (inLossWindow(ms) ? 'in the loss window' : ms < o.killedMs ? 'before the kill' : ms <= o.readyMs ? 'while down' : 'after the restart');
  const causes = new Map<string, number>();
  for (const x of broken) {
    const n = r.spans.get(x.traceId) ?? 0;
    const key = `${n === 0 ? 'missing' : `${n} of ${SPANS_PER_TRACE} spans`} (parts sent ${when(x.sentMs[0])} / ${when(x.sentMs[1])})`;
    causes.set(key, (causes.get(key) ?? 0) + 1);
  }
  return `whole in Tempo: ${whole.length} of ${around.length} traces sent around the outage (${pct(whole.length, around.length)})${causes.size ? `; not whole: ${[...causes].map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}`;
}
