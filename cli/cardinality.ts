/**
 * `otel-lgtm cardinality`: per environment, the active series its stack is estimated to add to
 * Prometheus, by source, with the assumptions behind the figure and the budget it is held to.
 */
import { App } from 'cdk8s';
import { groupedRows } from '../config/cardinality';
import { LgtmStack } from '../infra/lgtm-stack';
import type { StackSettings } from '../settings';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import type { CliIo, Command } from './io';

const USAGE = `usage: otel-lgtm cardinality [--env <name>]... [--all] [--json]

Estimates, per environment (every one when none is named), the active series its stack adds to
Prometheus: the stack's own scrapes (series per target measured on the real programs), the
services' metrics (the demo service's from its declared attributes; others from the assumptions),
span metrics and the service graph per service and operation, the recording rules, and the cluster
receiver and node agents per node, pod and workload (the metric allowlist). Prints the sources,
largest first (--all: every cluster metric on its own row), then the assumptions used (the
\`cardinality\` settings) and the \`budget.activeSeries\` it is held to. Exits 1 when an estimate
is over its budget (synthesis fails then too). --json prints every row, the assumptions and the budget.`;

/** The rows of one environment, as a Markdown table. */
function printEnvironment(io: CliIo, env: StackSettings, all: boolean): boolean {
  const estimate = new LgtmStack(new App(), env.name, env).seriesEstimate();
  const budget = env.budget.activeSeries;
  io.out(`## ${env.name}: ${estimate.total} active series (estimate)${budget === undefined ? '' : `; budget ${budget}${estimate.total > budget ? ', OVER' : ''}`}\n`);
  io.out('| source | series | how |');
  io.out('|---|---:|---|');
  for (const row of all ? estimate.rows : groupedRows(estimate)) io.out(`| ${row.source} | ${row.series} | ${row.how} |`);
  io.out(`\nassumed (cardinality settings): ${Object.entries(env.cardinality).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  return budget === undefined || estimate.total <= budget;
}

/** `otel-lgtm cardinality`: the estimate as Markdown tables or JSON. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('cardinality', argv, {
    options: { env: { type: 'string', multiple: true }, all: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  } as const);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const envs = environmentsNamed(values.env);
  if (values.json) {
    const report = envs.map((env) => {
      const estimate = new LgtmStack(new App(), env.name, env).seriesEstimate();
      return { environment: env.name, total: estimate.total, budget: env.budget.activeSeries ?? null, rows: estimate.rows, assumptions: env.cardinality };
    });
    io.out(JSON.stringify(report, null, 2));
    return report.every((r) => r.budget === null || r.total <= r.budget) ? 0 : 1;
  }
  let withinBudget = true;
  for (const env of envs) withinBudget = printEnvironment(io, env, values.all ?? false) && withinBudget;
  return withinBudget ? 0 : 1;
};
