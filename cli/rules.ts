import { App } from 'cdk8s';
import { toYaml } from '../config/yaml';
import { assembleStack } from '../infra/assemble';
import { parseCommandArgs } from './args';
import { environmentsNamed } from './environments';
import { CliError, type Command } from './io';

const USAGE = `usage: otel-lgtm rules --env <name>

Prints the environment's Prometheus rule file (recording rules, SLO burn-rate alerts, collector,
component, backend and cluster alerts, job selectors from its workloads, as its \`alerts\` settings
switch and tune them): what the in-cluster Prometheus loads, and what to load into an external
backend's ruler when backends.prometheus is off. Every alert carries severity, summary,
description and runbook.`;

/** `otel-lgtm rules`: the rule file as YAML. */
export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs('rules', argv, { options: { env: { type: 'string' }, help: { type: 'boolean', short: 'h' } } } as const);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.env) throw new CliError('name the environment with --env', 2);
  const [env] = environmentsNamed([values.env]);
  const { rules } = assembleStack(new App(), env);
  io.out(toYaml(rules).trimEnd());
  return 0;
};
