/**
 * `verify`: proves a deployed stack works. Sends a uniquely tagged probe (trace, log, metric)
 * through the collector, asks Tempo, Loki, Prometheus and Grafana for it until a deadline, and
 * reports each check, the time each signal took to become queryable, and the SLOs.
 * Exit 0 only when every check passes.
 */
import type { CliIo, Command } from './io';
import { USAGE, verifyOptions } from './verify/options';
import { humanReport, jsonReport } from './verify/report';
import { runProbe } from './verify/run-probe';
import { sloReport } from './verify/slo';

export const run: Command = async (argv: readonly string[], io: CliIo) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${USAGE}\n\nSends a tagged probe (trace, log, metric) through the collector, asks each backend for it until the\ndeadline, and reports each check, its time to queryable, and the SLOs. Exit 0 only when every check passes.`);
    return 0;
  }
  const options = await verifyOptions(argv);
  const { env, targets } = options;
  io.err(`verify ${env.name}: probe through ${targets.collector}, deadline ${options.deadlineSeconds} s`);
  const { probe, results } = await runProbe({
    targets,
    // Whatever the environment's tail sampling keeps for sure, the probe carries (its first value per key).
    origin: { environment: env.name, namespace: env.stackNamespace, keep: Object.fromEntries(env.sampling.keepAttributes.map((k) => [k.key, k.values[0]])) },
    deadlineMs: Date.now() + options.deadlineSeconds * 1000,
    skip: options.skip,
    progress: (line) => io.err(`  ${line}`),
  });
  const slo = options.skip.has('prometheus') ? { standings: [], note: 'prometheus skipped' } : await sloReport(targets.prometheus);
  const ok = results.every((r) => r.ok);
  const report = { env: env.name, probe: { id: probe.id, traceId: probe.traceId }, checks: results, skipped: [...options.skip], slo, ok };
  if (options.json) io.out(jsonReport(report));
  else for (const line of humanReport(report)) io.out(line);
  return ok ? 0 : 1;
};
