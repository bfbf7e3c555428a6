import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const INSTALL_HINT = 'promtool not found. `npm test` fetches it (bash scripts/install-test-tools.sh, into .tools/promtool); or set PROMTOOL=/path/to/promtool (3.x).';

/** Where scripts/install-test-tools.sh puts promtool 3.x. */
export const PROJECT_PROMTOOL = join(__dirname, '..', '..', '.tools', 'promtool', 'usr', 'bin', 'promtool');

/** Finds promtool: $PROMTOOL, else the project's .tools copy, else the first `promtool` on PATH. Throws how to install it otherwise. */
export function locatePromtool(projectCopy = PROJECT_PROMTOOL): string {
  const fromEnv = process.env.PROMTOOL;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PROMTOOL=${fromEnv} does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  if (existsSync(projectCopy)) return projectCopy;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(INSTALL_HINT);
}

/** Runs promtool; resolves with its exit status and output (a non-zero exit is a result, not an error). */
function run(args: string[], cwd: string): Promise<PromtoolResult> {
  const promtool = locatePromtool();
  return new Promise((resolve, reject) => {
    execFile(promtool, args, { cwd, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') reject(error); // spawn failure or timeout
      else resolve({ status: typeof code === 'number' ? code : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs promtool in a fresh temp dir holding `files`, removed afterwards. */
async function runIn(files: Record<string, string>, args: string[]): Promise<PromtoolResult> {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await run(args, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check config` on a Prometheus config, with the files it refers to (paths relative to the config). */
export async function checkConfig(configYaml: string, files: Record<string, string> = {}): Promise<PromtoolResult> {
  return runIn({ ...files, 'prometheus.yaml': configYaml }, ['check', 'config', 'prometheus.yaml']);
}

/** `promtool check rules` on a rule file's YAML text. */
export async function checkRules(rulesYaml: string): Promise<PromtoolResult> {
  return runIn({ 'rules.yaml': rulesYaml }, ['check', 'rules', 'rules.yaml']);
}

/** `promtool test rules` of a typed test file against a rule file's YAML text. Async, so callers can run many at once. */
export async function testRules(rulesYaml: string, tests: RuleTestFile): Promise<PromtoolResult> {
  const testYaml = toYaml({ rule_files: ['rules.yaml'], ...tests });
  return runIn({ 'rules.yaml': rulesYaml, 'tests.yaml': testYaml }, ['test', 'rules', 'tests.yaml']);
}
