import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { toYaml } from '../../config/yaml';

/** promtool's exit status and combined stdout+stderr. */
export interface PromtoolResult {
  status: number;
  output: string;
}

/** One input series of a rule unit test, in promtool's expanding notation (`0+10x60`). */
export interface InputSeries {
  series: string;
  values: string;
}

/** An alert promtool should see firing at `eval_time`. */
export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/** Alerts expected for one alert name at one time; `exp_alerts: []` means silent. */
export interface AlertRuleTest {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}

/** Samples a PromQL expression should return at `eval_time`. */
export interface PromqlExprTest {
  expr: string;
  eval_time: string;
  exp_samples: Array<{ labels: string; value: number }>;
}

/** One test case of promtool's rule unit-test format (promtool 2.42). */
export interface RuleTest {
  name?: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test?: AlertRuleTest[];
  promql_expr_test?: PromqlExprTest[];
}

/** A promtool rule unit-test file, minus `rule_files` (the harness points it at the rules). */
export interface RuleTestFile {
  evaluation_interval: string;
  tests: RuleTest[];
}

const INSTALL_HINT = 'promtool not found. Install it with `sudo scripts/install-promtool.sh` (Debian/Ubuntu: apt-get install prometheus), or set PROMTOOL=/path/to/promtool.';

/** Finds promtool: $PROMTOOL, else the first `promtool` on PATH. Throws how to install it otherwise. */
export function locatePromtool(): string {
  const fromEnv = process.env.PROMTOOL;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PROMTOOL=${fromEnv} does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(INSTALL_HINT);
}

function run(args: string[], cwd: string): PromtoolResult {
  const result = spawnSync(locatePromtool(), args, { cwd, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** Writes files into a fresh temp dir and returns its path. */
function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `promtool check rules` on a rule file's YAML text. */
export function checkRules(rulesYaml: string): PromtoolResult {
  return run(['check', 'rules', 'rules.yaml'], workdir({ 'rules.yaml': rulesYaml }));
}

/** `promtool test rules` of a typed test file against a rule file's YAML text. */
export function testRules(rulesYaml: string, tests: RuleTestFile): PromtoolResult {
  const testYaml = toYaml({ rule_files: ['rules.yaml'], ...tests });
  return run(['test', 'rules', 'tests.yaml'], workdir({ 'rules.yaml': rulesYaml, 'tests.yaml': testYaml }));
}
