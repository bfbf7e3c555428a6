/**
 * `npm run e2e`: the real collector, Tempo, Loki and Prometheus on 127.0.0.1 with the configs
 * synthesized for dev (changed only by localizeStack), the demo service and load generator against
 * them, `verify`, then time-to-queryable over PROBES probes, RSS per process, and, when etcd and
 * kube-apiserver are available, a server-side dry-run of every environment's dist/.
 *
 * `npm run e2e -- --ha` runs prod's HA topology instead and kills one replica per tier (see ./e2e-ha/run.ts).
 * `npm run e2e -- --compose` runs dev's programs with dist/compose/dev's config files, arguments and
 * environment instead (the Compose project laid over dev's objects: ./e2e/compose.ts), and checks them too.
 * `npm run e2e -- --freshness-of prod` runs dev synthesized with another environment's freshness
 * settings (collector batching, Tempo trace cut-off), to compare time to queryable.
 * `npm run capture-fixtures` (`--capture-fixtures`) also records, after the load, what the programs
 * expose (collector components, each component's metric names) into test/fixtures/real-programs/.
 *
 * It never hangs: every program listens on a port chosen free at run time (checked again just before
 * it starts: a port taken meanwhile ends the run with one line naming it); every child is started
 * through one registry and stopped by its PID (SIGTERM, then SIGKILL) on success, on a thrown error,
 * on SIGINT/SIGTERM and on an uncaught rejection; and `--deadline <seconds>` (default 600) bounds the
 * whole run: past it, everything stops and the run exits 1 with one line saying what it waited for.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { App } from 'cdk8s';
import { synthEnvironment } from '../infra/synth';
import { ENVIRONMENTS } from '../overlays';
import { parseQuantity } from '../settings/units';
import { runProbe, ProbeRun } from '../cli/verify/run-probe';
import { objectsOf, readOutput } from './e2e/manifests';
import { prodWithDestinations, prodWithTempoMicroservices } from './e2e/variants';
import { overlayCompose } from './e2e/compose';
import { DryRun, acceptedObjects, dryRunApply, startApiServer } from './e2e/apiserver';
import { dryRunInstrumented } from './e2e/instrumented-dry-run';
import { gitopsDryRun } from './e2e/gitops';
import { RunGuard, guardRun } from './e2e/guard';
import { ProcessRegistry } from './e2e/registry';
import { LOOPBACK, assertPortsFree, freePorts, portPool } from './e2e/ports';
import { collectorComponents, collectorListing, findProgram, requirePrograms } from './e2e/binaries';
import { LocalEndpoints, localEndpoints } from './e2e/endpoints';
import { LocalStack, localizeStack } from './e2e/localize';
import { HeadSeries, headSeries, scrapeIntervalSeconds } from './e2e/series-count';
import { ESTIMATE_FACTOR, LocalRun, estimateAsRun, missingSources, withinFactor } from './e2e/series-estimate';
import { LgtmStack } from '../infra/lgtm-stack';
import { CapturedMetrics, collectorComponentsFixture, exposedMetricNames, programVersion, writeFixture } from './e2e/fixtures';
import { Started, rssBytes, waitReady } from './e2e/processes';
import { validateBackends } from './e2e/validate-backends';
import { validateCollectors } from './e2e/validate-collectors';
import { NODE_SDK_VERSION, SERVICE, injectedExample, podEnvironment, prepareNodeSdk, queryBack, startInjected } from './e2e/auto-instrumented';
import { mebibytes, percentile, timesToQueryable } from './e2e/stats';
import { runHa } from './e2e-ha/run';

const ROOT = join(__dirname, '..');
const PROBES = 20;
const CONCURRENT_PROBES = 4;
const TARGET_P95_SECONDS = 5;
const BACKENDS = ['tempo', 'loki', 'prometheus', 'otel-collector'] as const;
const DEFAULT_DEADLINE_SECONDS = 600;
/** The HA run's one deadline (it aims at 6 minutes). */
const HA_DEADLINE_SECONDS = 420;
/** Free ports fetched ahead for the local stack: more than dev's Service ports and the programs' other listen ports. */
const PORTS_AHEAD = 64;

/** Cleared when the run is cut short (deadline, signal), so that its one line is the last. */
let talking = true;
const log = (line: string) => {
  if (talking) console.log(line);
};


/** dist/dev, or dev synthesized into `work` with the freshness settings of another environment. */
function devManifests(work: string, freshnessOf?: string): string {
  if (!freshnessOf) return join(ROOT, 'dist', 'dev');
  if (!Object.hasOwn(ENVIRONMENTS, freshnessOf)) throw new Error(`--freshness-of: unknown environment '${freshnessOf}' (valid: ${Object.keys(ENVIRONMENTS).join(', ')})`);
  const { freshness, app } = ENVIRONMENTS[freshnessOf]();
  const dev = ENVIRONMENTS.dev();
  const variant = Object.assign(dev, { freshness, app: { ...dev.app, spanExportDelayMs: app.spanExportDelayMs, metricExportIntervalMs: app.metricExportIntervalMs } });
  log(`e2e: dev with ${freshnessOf}'s freshness settings: ${JSON.stringify(freshness)}`);
  return synthEnvironment(variant.validate(), join(work, 'synth'));
}

/** The run's options. */
interface Options {
  readonly freshnessOf?: string;
  readonly captureFixtures: boolean;
  readonly deadlineSeconds: number;
  /** Prod's HA topology with one replica per tier killed (./e2e-ha/run.ts) instead of the dev run. */
  readonly ha: boolean;
  /** Run dev's programs with dist/compose/dev's files, arguments and environment. */
  readonly compose: boolean;
}

/** Parses the command line; throws one line on a bad option. */
function options(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { 'freshness-of': { type: 'string' }, 'capture-fixtures': { type: 'boolean' }, deadline: { type: 'string' }, ha: { type: 'boolean' }, compose: { type: 'boolean' } } });
  const ha = values.ha ?? false;
  const deadlineSeconds = Number(values.deadline ?? (ha ? HA_DEADLINE_SECONDS : DEFAULT_DEADLINE_SECONDS));
  if (!Number.isInteger(deadlineSeconds) || deadlineSeconds < 1) throw new Error(`--deadline: '${values.deadline}' is not a whole number of seconds (at least 1)`);
  if (values.compose && values['freshness-of']) throw new Error('--compose runs dist/compose/dev as committed: it does not combine with --freshness-of');
  if (values.compose && ha) throw new Error('--compose runs dev\'s programs; --ha runs prod\'s topology: choose one');
  return { freshnessOf: values['freshness-of'], captureFixtures: values['capture-fixtures'] ?? false, deadlineSeconds, ha, compose: values.compose ?? false };
}

async function main(opts: Options, processes: ProcessRegistry, guard: RunGuard): Promise<number> {
  const wallStart = Date.now();
  const { during } = guard;
  const bins = requirePrograms(['otelcol', 'tempo', 'loki', 'prometheus']);
  const work = mkdtempSync(join(tmpdir(), 'otel-lgtm-e2e-'));
  log(`e2e: work folder ${work}; deadline ${opts.deadlineSeconds} s`);
  const components = collectorComponents(bins.otelcol);
  let dev = objectsOf(readOutput(devManifests(work, opts.freshnessOf))) as never;
  if (opts.compose) {
    const overlay = overlayCompose(dev, join(ROOT, 'dist', 'compose', 'dev'));
    dev = overlay.objects as never;
    log(`e2e: --compose: images, arguments, environment and ${overlay.replaced.length} config files from dist/compose/dev (${overlay.replaced.join(', ')})`);
  }
  const ports = portPool(await freePorts(PORTS_AHEAD));
  const stack = localizeStack(dev, [...BACKENDS, 'demo-app', 'loadgen'], work, components, ports);
  log(`e2e: removed from the collector config (this build lacks them): ${stack.removed.join(', ') || 'nothing'}`);
  for (const line of stack.scrapes) log(`e2e: Prometheus pod discovery → local targets: ${line}`);
  const environments = {
    ...Object.fromEntries(environmentFolders().map((env) => [env, objectsOf(readOutput(join(ROOT, 'dist', env))) as never])),
    // Not shipped, so not in dist/: external destinations with the in-cluster Tempo and Loki off.
    'prod+destinations': objectsOf(readOutput(synthEnvironment(prodWithDestinations(), join(work, 'variants')))) as never,
    // Not run here (no Kafka): each component's config checked by `tempo -config.verify` with its own -target.
    'prod+tempo-microservices': objectsOf(readOutput(synthEnvironment(prodWithTempoMicroservices(), join(work, 'variants-tempo')))) as never,
  };
  if (opts.compose) Object.assign(environments, { 'compose-dev': dev });
  const validation = await during('otelcol validate of every environment', validateCollectors(bins.otelcol, components, environments, work, processes));
  for (const line of validation.lines) log(`e2e: otelcol validate ${line}`);
  log(`e2e: ${bins.tempo}: ${programVersion(bins.tempo, '-version')}; ${bins.loki}: ${programVersion(bins.loki, '-version')}`);
  const backendChecks = await during('Tempo and Loki config checks', validateBackends(bins, environments, work, processes));
  for (const line of backendChecks.lines) log(`e2e: config check ${line}`);
  let failed = !validation.ok || !backendChecks.ok;
  const { url, readyUrl } = localEndpoints(dev, stack.addresses);
  for (const program of stack.programs) {
    for (const [file, content] of Object.entries(program.files)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    for (const dir of program.dataDirs) mkdirSync(dir, { recursive: true });
  }

  const running: Started[] = [];
  try {
    const binOf: Record<string, string> = { tempo: bins.tempo, loki: bins.loki, prometheus: bins.prometheus, 'otel-collector': bins.otelcol };
    await assertPortsFree(BACKENDS.flatMap((name) => program(stack, name).listens));
    for (const name of BACKENDS) {
      const p = program(stack, name);
      running.push(processes.start(name, binOf[name], p.args, p.env, work, work));
    }
    await Promise.all(running.map((p) => during(`${p.name} ready at ${readyUrl(p.name)}`, waitReady(p, readyUrl(p.name), 90000))
      .then((s) => log(`e2e: ${p.name} (pid ${p.child.pid}) ready after ${s.toFixed(1)} s`))));

    const tsc = await during('the demo app build (tsc -p app/tsconfig.json)',
      processes.run('tsc', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'app/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' }));
    if (tsc.status !== 0) throw new Error(`building the demo app failed (tsc exited ${tsc.status ?? tsc.signal})`);
    const app = program(stack, 'demo-app');
    await assertPortsFree(app.listens);
    running.push(processes.start('demo-app', process.execPath, ['--require', './app/build/instrument.js', 'app/build/server.js'],
      { ...app.env, PORT: url('demo-app', 'http').split(':').pop()!, HOST: LOOPBACK }, work, ROOT));
    await during(`demo-app ready at ${readyUrl('demo-app')}`, waitReady(running.at(-1)!, readyUrl('demo-app'), 30000));
    const loadgen = program(stack, 'loadgen');
    running.push(processes.start('loadgen', process.execPath, ['app/build/loadgen.js'], { ...loadgen.env, LOADGEN_ROUNDS: '0' }, work, ROOT));
    log(`e2e: demo-app (pid ${running.at(-2)!.child.pid}) and loadgen (pid ${running.at(-1)!.child.pid}) running (${loadgen.env.LOADGEN_RATE} requests/s)`);

    const targets = {
      collector: url('otel-collector', 'otlp-http'), tempo: url('tempo', 'http'), loki: url('loki', 'http'), prometheus: url('prometheus', 'http'), grafana: url('grafana', 'http'),
    };
    const verifyArgs = ['scripts/otel-lgtm.js', 'verify', '--env', 'dev', '--skip', 'grafana', '--deadline', '60',
      ...Object.entries(targets).filter(([k]) => k !== 'grafana').flatMap(([k, v]) => [`--${k}-url`, v])];
    log(`e2e: npm run verify -- ${verifyArgs.slice(2).join(' ')}   (Grafana is not among the programs run here)`);
    const verify = await during('npm run verify', processes.run('verify', process.execPath, verifyArgs, { cwd: ROOT, stdio: 'inherit' }));
    if (verify.status !== 0) failed = true;

    const runs: ProbeRun[] = [];
    for (let i = 0; i < PROBES; i += CONCURRENT_PROBES) {
      runs.push(...await during(`probes ${i + 1}-${Math.min(i + CONCURRENT_PROBES, PROBES)} of ${PROBES}`, Promise.all(Array.from({ length: Math.min(CONCURRENT_PROBES, PROBES - i) }, () => runProbe({
        targets, origin: { environment: 'dev', namespace: 'observability' }, deadlineMs: Date.now() + 60000, skip: new Set(['grafana']),
      })))));
    }
    const probeFailures = runs.flatMap((r) => r.results.filter((c) => !c.ok).map((c) => c.failure));
    if (probeFailures.length > 0) failed = true, probeFailures.slice(0, 5).forEach((f) => log(`e2e: probe FAIL ${f}`));
    log(`\ntime to queryable over ${runs.length} probes (dev${opts.freshnessOf ? ` with ${opts.freshnessOf}'s freshness` : ''}; collector → backend; target p95 ≤ ${TARGET_P95_SECONDS} s):`);
    for (const [signal, seconds] of Object.entries(timesToQueryable(runs))) {
      const p95 = percentile(seconds, 95);
      log(`  ${signal.padEnd(8)} p50 ${percentile(seconds, 50).toFixed(2)} s  p95 ${p95.toFixed(2)} s  (n=${seconds.length})${p95 > TARGET_P95_SECONDS ? '  OVER TARGET' : ''}`);
    }

    if (!(await autoInstrumentedCase(stack, targets, processes, work, during))) failed = true;

    if (opts.captureFixtures) await during('the fixture capture', captureFixtures(bins, url));
    // Every target scraped once more after the load, so each holds what it exposes under traffic.
    const prometheusConfig = parse(Object.entries(program(stack, 'prometheus').files).find(([f]) => f.endsWith('prometheus.yaml'))![1]);
    await during('one scrape interval', sleep(scrapeIntervalSeconds(prometheusConfig) * 1000 + 2000));
    const head = await during('the head series count', headSeries(targets.prometheus));
    if (!compareSeries(head, { running: [...BACKENDS, 'demo-app', 'loadgen'], removed: stack.removed, probes: runs.length + 1, zeroCodeServices: [SERVICE] })) failed = true;

    log('\nRSS after load vs dev memory request:');
    for (const p of running) {
      const rss = p.child.pid ? rssBytes(p.child.pid) : undefined;
      const request = parseQuantity(program(stack, p.name).memoryRequest);
      log(`  ${p.name.padEnd(15)} ${rss ? mebibytes(rss) : '?'} of ${mebibytes(request)} (${rss ? Math.round((rss / request) * 100) : '?'} %)`);
    }
  } catch (error) {
    failed = true;
    log(`e2e: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    for (const s of await during('the local stack to stop', processes.stop([...running].reverse()))) log(`e2e: stopped ${s.name} (pid ${s.pid}, ${s.outcome})`);
  }
  // A deprecated component name works today and logs a warning on every start; fail on it now.
  const collectorLog = running.find((p) => p.name === 'otel-collector')?.logFile;
  const deprecations = collectorLog ? readFileSync(collectorLog, 'utf8').split('\n').filter((l) => /\bdeprecated\b/i.test(l)) : [];
  for (const line of [...new Set(deprecations.map((l) => l.replace(/^\S+\s+warn\s+\S+\s+/, '').split('\t')[0]))]) {
    failed = true;
    log(`e2e: the collector warns: ${line}`);
  }

  failed = !(await dryRuns(work, processes, guard)) || failed;
  log(`\ne2e wall time ${((Date.now() - wallStart) / 1000).toFixed(1)} s; logs in ${work}`);
  return failed ? 1 : 0;
}

/**
 * Prints dev's series estimate (`otel-lgtm cardinality --env dev`), the same as run here, and the head
 * series Prometheus holds, per source beside the real series of its job; false when out of the factor.
 */
function compareSeries(head: HeadSeries, run: LocalRun): boolean {
  const estimate = new LgtmStack(new App(), 'dev', ENVIRONMENTS.dev()).seriesEstimate();
  const asRun = estimateAsRun(estimate, run);
  const { ratio, ok } = withinFactor(asRun.total, head.total);
  log(`\nactive series: dev's estimate ${estimate.total} (otel-lgtm cardinality --env dev); as run here ${asRun.total}`);
  for (const [source, why] of missingSources(estimate, run)) log(`  left out: ${source} (${why})`);
  const matched = new Set<string>();
  const realOf = (source: string) => {
    const name = source.slice(source.indexOf(':') + 1);
    const jobs = head.byJob.filter((j) => j.job === name || j.job.endsWith(`/${name}`) || (source === 'e2e:probes' && j.job.endsWith('/otel-lgtm-verify')));
    jobs.forEach((j) => matched.add(j.job));
    return jobs.length === 1 ? String(jobs[0].series) : '—';
  };
  for (const row of asRun.rows) log(`  ${row.source.padEnd(24)} estimate ${String(row.series).padStart(5)}  real ${realOf(row.source).padStart(5)}   ${row.how}`);
  for (const j of head.byJob.filter((j) => !matched.has(j.job))) log(`  not estimated: job ${j.job || '(none)'} ${j.series} (${j.names.slice(0, 4).map(([n, c]) => `${n} ${c}`).join(', ')})`);
  log(`  prometheus_tsdb_head_series ${head.total}: ${ratio.toFixed(2)} × the estimate as run here (target: within ×${ESTIMATE_FACTOR} either way)${ok ? '' : '  OUT OF RANGE'}`);
  return ok;
}

/** Records the collector's components and each component's metric names (see ./e2e/fixtures). */
async function captureFixtures(bins: Record<'otelcol' | 'tempo' | 'loki' | 'prometheus', string>, url: LocalEndpoints['url']): Promise<void> {
  const listing = collectorListing(bins.otelcol);
  log(`e2e: wrote ${writeFixture('otelcol-components.json', collectorComponentsFixture(listing))}`);
  const sources: Record<string, { metrics: string; version: string }> = {
    collector: { metrics: `${url('otel-collector', 'metrics')}/metrics`, version: listing.version },
    tempo: { metrics: `${url('tempo', 'http')}/metrics`, version: programVersion(bins.tempo, '-version') },
    loki: { metrics: `${url('loki', 'http')}/metrics`, version: programVersion(bins.loki, '-version') },
    prometheus: { metrics: `${url('prometheus', 'http')}/metrics`, version: programVersion(bins.prometheus, '--version') },
  };
  const captured: Record<string, CapturedMetrics> = {};
  for (const [component, source] of Object.entries(sources)) {
    const response = await fetch(source.metrics);
    if (!response.ok) throw new Error(`capture: ${source.metrics} answered ${response.status}`);
    captured[component] = { version: source.version, names: exposedMetricNames(await response.text()) };
  }
  log(`e2e: wrote ${writeFixture('metric-names.json', { captured: 'npm run capture-fixtures (e2e run, dev configs, after the load)', ...captured })}`);
}

/**
 * `instrument(workload, { autoInstrument: 'nodejs' })` for real: the plain service, started as the
 * injected pod starts it (./e2e/auto-instrumented), 20 requests, SIGTERM (the SDK flushes), then its
 * spans, logs and metrics queried back. Bounded: 60 s to queryable, the service stopped by PID.
 */
async function autoInstrumentedCase(stack: LocalStack, targets: { tempo: string; loki: string; prometheus: string }, processes: ProcessRegistry, work: string,
  during: RunGuard['during']): Promise<boolean> {
  const container = injectedExample();
  const sdk = await during(`npm install of the image's SDK (auto-instrumentations-node ${NODE_SDK_VERSION})`, prepareNodeSdk(join(ROOT, '.e2e-autoinstrumentation', 'nodejs'), processes));
  const env = podEnvironment(container, sdk, stack.addresses);
  log(`e2e: auto-instrumented plain service: init container '${container.initCommand.join(' ')}'; NODE_OPTIONS='${env.NODE_OPTIONS}'; env from the manifest: ${Object.keys(env).join(', ')}`);
  const [port] = await freePorts(1);
  const service = startInjected(container, env, String(port), processes, work);
  const base = `http://${LOOPBACK}:${port}`;
  try {
    await during(`${SERVICE} ready at ${base}`, waitReady(service, `${base}/`, 30000));
    for (let i = 0; i < 20; i++) await fetch(`${base}/checkout/${i}`);
  } finally {
    for (const s of await processes.stop([service])) log(`e2e: stopped ${s.name} (pid ${s.pid}, ${s.outcome}) — SIGTERM: the SDK flushes on shutdown`);
  }
  const deadline = Date.now() + 60000;
  let result = { ok: false, lines: ['not queried'] };
  while (Date.now() < deadline) {
    result = await queryBack(targets).catch((e: Error) => ({ ok: false, lines: [e.message] }));
    if (result.ok) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  for (const line of result.lines) log(`e2e: auto-instrumented ${result.ok ? 'OK' : 'FAIL'} ${line}`);
  return result.ok;
}

/** The environment folders of dist/ (not dist/compose/, which holds Compose projects). */
function environmentFolders(): string[] {
  return readdirSync(join(ROOT, 'dist')).filter((name) => Object.hasOwn(ENVIRONMENTS, name));
}

function program(stack: LocalStack, name: string) {
  return stack.programs.find((p) => p.name === name)!;
}

/** Server-side dry-run of every environment, when etcd and kube-apiserver are available; true when all pass (or skipped). */
async function dryRuns(work: string, processes: ProcessRegistry, { during }: RunGuard): Promise<boolean> {
  const etcd = findProgram('etcd');
  const apiserver = findProgram('kube-apiserver');
  const kubectl = findProgram('kubectl');
  if (!etcd || !apiserver || !kubectl) {
    log('e2e: kube-apiserver dry-run skipped (needs etcd, kube-apiserver and kubectl in E2E_BIN_DIR or on PATH)');
    return true;
  }
  let server;
  try {
    server = await startApiServer({ etcd, 'kube-apiserver': apiserver, kubectl }, join(work, 'apiserver'), processes, during);
    log(`e2e: kube-apiserver ready at ${server.url} (pids: ${server.processes.map((p) => `${p.name} ${p.child.pid}`).join(', ')})`);
    let ok = true;
    const report = (result: DryRun) => {
      log(result.ok ? `e2e: dry-run ${result.env}: ${acceptedObjects(result.output)} objects accepted` : `e2e: dry-run ${result.env} REJECTED:\n${result.output}`);
      ok &&= result.ok;
    };
    for (const env of environmentFolders().sort()) {
      report(await during(`the dry-run of dist/${env}`, dryRunApply(kubectl, server.kubeconfig, env, join(ROOT, 'dist', env), processes)));
    }
    for (const result of await during('the dry-run of instrumented workloads', dryRunInstrumented(kubectl, server.kubeconfig, join(work, 'apiserver'), processes))) report(result);
    const gitops = await during('the GitOps objects dry-run', gitopsDryRun(ROOT, kubectl, server.kubeconfig, work, processes));
    for (const line of gitops.lines) log(`e2e: gitops ${line}`);
    return ok && gitops.ok;
  } catch (error) {
    log(`e2e: dry-run: ${(error as Error).message.split('\n')[0]}`);
    return false;
  } finally {
    // kube-apiserver first (it shuts down cleanly only while etcd answers), then etcd; etcd too when kube-apiserver never came up.
    for (const name of ['kube-apiserver', 'etcd']) {
      const stopped = await during(`${name} to stop`, processes.stop(processes.running.filter((p) => p.name === name)));
      for (const s of stopped) log(`e2e: stopped ${s.name} (pid ${s.pid}, ${s.outcome})`);
    }
  }
}

if (require.main === module) {
  let opts: Options | undefined;
  try {
    opts = options(process.argv.slice(2));
  } catch (error) {
    console.error(`e2e: ${(error as Error).message.split('\n')[0]}`);
    process.exitCode = 2;
  }
  if (opts) {
    const processes = new ProcessRegistry();
    const guard = guardRun(processes, { deadlineSeconds: opts.deadlineSeconds, log: (line) => console.error(line), onAbort: () => { talking = false; } });
    void (opts.ha ? runHa(processes, guard, log) : main(opts, processes, guard))
      .catch((error: Error) => {
        if (talking) console.error(`e2e: ${error.message.split('\n')[0]}`);
        return 1;
      })
      .then(async (code) => {
        for (const s of await guard.finish()) log(`e2e: stopped ${s.name} (pid ${s.pid}, ${s.outcome})`);
        process.exitCode = code;
      });
  }
}
