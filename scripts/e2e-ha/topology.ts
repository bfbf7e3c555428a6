/**
 * Prod's HA topology as processes: dist/prod (and dev's load generator, which prod does not ship)
 * through the one local rewrite (./rewrite.ts), each pod a process on its own loopback address, each
 * ClusterIP Service a proxy, every process started through e2e's registry so it is stopped by PID.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { objectsOf, readOutput } from '../e2e/manifests';
import type { Manifest } from '../e2e/manifests';
import { collectorComponents, requirePrograms } from '../e2e/binaries';
import { assertPortsFree, freePorts, portPool } from '../e2e/ports';
import { ProcessRegistry } from '../e2e/registry';
import { Started, exitWithin, waitReady } from '../e2e/processes';
import type { During } from '../e2e/guard';
import { HaStack, LocalPod, localizeHa } from './rewrite';
import { ServiceProxy, startServiceProxy } from './service-proxy';

const ROOT = join(__dirname, '..', '..');
/** Start order: backends, then the sampler tier, the gateways, the demo service and its load. */
export const HA_WORKLOADS = ['loki', 'tempo', 'prometheus', 'alertmanager', 'otel-sampler', 'otel-collector', 'demo-app', 'loadgen'] as const;
const ALERTMANAGER = join(ROOT, '.tools', 'prometheus-alertmanager');

/** The running topology: pods by name, restartable. */
export interface Topology {
  readonly stack: HaStack;
  readonly block: string;
  pod(name: string): LocalPod;
  podsOf(workload: string): LocalPod[];
  process(name: string): Started;
  /** `http://<service address>:<port>` of a Service's named port. */
  url(service: string, portName: string): string;
  kill(name: string): Promise<void>;
  /** Starts a pod's process again and waits until it is ready; seconds it took. */
  restart(name: string): Promise<number>;
  closeProxies(): Promise<void>;
}

/** Prod's objects with dev's load generator added (prod ships no load generator). */
export function haObjects(): Manifest[] {
  const prod = objectsOf(readOutput(join(ROOT, 'dist', 'prod')));
  const loadgen = objectsOf(readOutput(join(ROOT, 'dist', 'dev'))).filter((o) => o.metadata.name === 'loadgen' && o.kind === 'Deployment');
  return [...prod, ...loadgen] as never;
}

/** Rewrites, writes and starts the topology; `log` prints a line. */
export async function startTopology(work: string, webhookUrl: string, processes: ProcessRegistry, during: During, log: (line: string) => void): Promise<Topology> {
  const bins = requirePrograms(['otelcol', 'tempo', 'loki', 'prometheus']);
  const alertmanager = join(ALERTMANAGER, 'usr', 'bin', 'alertmanager-local');
  if (!existsSync(alertmanager)) throw new Error(`no ${alertmanager}: run \`bash scripts/install-test-tools.sh prometheus-alertmanager\` (npm run test:programs' pre-step does)`);
  // A /16 of the loopback network chosen at random per run, so parallel runs (and loki-ha-check's 127.0.0.11–13) do not meet.
  const block = `127.${randomInt(100, 200)}.${randomInt(1, 255)}.`;
  const stack = localizeHa(haObjects(), {
    workloads: HA_WORKLOADS, addressOf: (n) => `${block}${n + 2}`, work, collector: collectorComponents(bins.otelcol), webhookUrl,
    loopbackPort: portPool(await freePorts(4)),
  });
  for (const p of stack.pods) {
    for (const [file, content] of Object.entries(p.files)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    for (const dir of p.dataDirs) mkdirSync(dir, { recursive: true });
  }
  const build = await during('the demo app build', processes.run('tsc', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'app/tsconfig.json'], { cwd: ROOT }));
  if (build.status !== 0) throw new Error(`building the demo app failed: ${build.stdout.split('\n')[0]}`);

  const command = (p: LocalPod): [string, string[], string] => {
    switch (p.workload) {
      case 'loki': return [bins.loki, p.args, work];
      case 'tempo': return [bins.tempo, p.args, work];
      case 'prometheus': return [bins.prometheus, p.args, work];
      // Debian's build finds its templates relative to its package folder (scripts/install-test-tools.sh).
      case 'alertmanager': return [alertmanager, p.args, ALERTMANAGER];
      case 'demo-app': return [process.execPath, ['--require', './app/build/instrument.js', 'app/build/server.js'], ROOT];
      case 'loadgen': return [process.execPath, ['app/build/loadgen.js'], ROOT];
      default: return [bins.otelcol, p.args, work];
    }
  };
  const running = new Map<string, Started>();
  const start = (p: LocalPod) => {
    const [cmd, args, cwd] = command(p);
    const started = processes.start(p.name, cmd, args, p.env, work, cwd);
    running.set(p.name, started);
    return started;
  };
  const ready = async (p: LocalPod): Promise<number> => (p.readyUrl ? during(`${p.name} ready at ${p.readyUrl}`, waitReady(running.get(p.name)!, p.readyUrl, 120000)) : 0);

  const proxies: ServiceProxy[] = [];
  for (const s of stack.services) {
    const backends = s.pods.map((n) => stack.pods.find((p) => p.name === n)!.address);
    proxies.push(await startServiceProxy(s.address, Object.values(s.ports), backends));
  }
  const byWorkload = (w: string) => stack.pods.filter((p) => p.workload === w);
  const t0 = Date.now();
  // Tiers in order (each waits for the one it sends to); the pods of a tier together.
  for (const tier of [['loki', 'tempo', 'prometheus', 'alertmanager'], ['otel-sampler'], ['otel-collector'], ['demo-app'], ['loadgen']]) {
    const pods = tier.flatMap(byWorkload);
    for (const p of pods) await assertPortsFree(p.ports.map((port) => ({ port, owner: `${p.name}'s port ${port}` })), p.address);
    await Promise.all(pods.map(start).map((_, i) => ready(pods[i])));
    log(`${tier.join(', ')}: ${pods.map((p) => `${p.name} ${p.address} (pid ${running.get(p.name)!.child.pid})`).join(', ')} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const topology: Topology = {
    stack, block,
    pod: (name) => stack.pods.find((p) => p.name === name)!,
    podsOf: byWorkload,
    process: (name) => running.get(name)!,
    url(service, portName) {
      const s = stack.services.find((x) => x.name === service);
      if (!s?.ports[portName]) throw new Error(`no local Service port '${service}/${portName}'`);
      return `http://${s.address}:${s.ports[portName][0]}`;
    },
    async kill(name) {
      const p = running.get(name)!;
      p.child.kill('SIGKILL');
      if (!(await exitWithin(p, 5000))) throw new Error(`${name} (pid ${p.child.pid}) did not exit on SIGKILL within 5 s`);
    },
    async restart(name) {
      const p = topology.pod(name);
      await assertPortsFree(p.ports.map((port) => ({ port, owner: `${p.name}'s port ${port}` })), p.address);
      start(p);
      return ready(p);
    },
    closeProxies: async () => {
      await Promise.all(proxies.map((p) => p.close()));
    },
  };
  return topology;
}
