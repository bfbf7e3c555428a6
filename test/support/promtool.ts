import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
function run(args: string[], cwd: string, timeoutMs = 20_000): Promise<PromtoolResult> {
  const promtool = locatePromtool();
  return new Promise((resolve, reject) => {
    execFile(promtool, args, { cwd, encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') reject(error); // spawn failure or timeout
      else resolve({ status: typeof code === 'number' ? code : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs promtool in a fresh temp dir holding `files`, removed afterwards; `read` collects files it wrote there. */
async function runIn(files: Record<string, string>, args: string[], timeoutMs?: number, read?: (dir: string) => void): Promise<PromtoolResult> {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = await run(args, dir, timeoutMs);
    read?.(dir);
    return result;
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

/** What promtool's JUnit report says of one named test group: passed, or its failure report. */
export type CaseResult = { ok: true } | { ok: false; failure: string };

/** `promtool test rules` run once on many named test groups; each group's result by name. */
export interface BatchResult extends PromtoolResult {
  cases: Map<string, CaseResult>;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) =>
  name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16))
    : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1)))
      : XML_ENTITIES[name] ?? entity);

/** The test cases of promtool's JUnit report (`<testcase name="…">`, with a `<failure>` when it failed). */
export function junitCases(xml: string): Map<string, CaseResult> {
  const cases = new Map<string, CaseResult>();
  for (const m of xml.matchAll(/<testcase name="([^"]*)"\s*(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const failure = /<failure[^>]*>([\s\S]*?)<\/failure>/.exec(m[2] ?? '');
    cases.set(unescapeXml(m[1]), failure ? { ok: false, failure: unescapeXml(failure[1]) } : { ok: true });
  }
  return cases;
}

/** One test file of a batch: test groups and the rule file (YAML text) they load. */
export interface BatchFile {
  rulesYaml: string;
  tests: RuleTest[];
}

/**
 * `promtool test rules` of many test groups in one promtool run (one start-up instead of one per
 * group), with each group's result read from its JUnit report. Each file's groups load only that
 * file's rules, so a group evaluates the rules it exercises rather than the whole rule file at
 * every step. Every group needs a distinct `name`.
 */
export async function testRulesBatch(files: readonly BatchFile[], evaluation_interval = '1m'): Promise<BatchResult> {
  const names = files.flatMap((f) => f.tests.map((t) => t.name));
  if (names.some((n) => !n) || new Set(names).size !== names.length) throw new Error('every test group of a batch needs a distinct name');
  const written: Record<string, string> = {};
  files.forEach((file, i) => {
    written[`rules-${i}.yaml`] = file.rulesYaml;
    written[`tests-${i}.yaml`] = toYaml({ rule_files: [`rules-${i}.yaml`], evaluation_interval, tests: file.tests });
  });
  const testFiles = files.map((_, i) => `tests-${i}.yaml`);
  let xml = '';
  const result = await runIn(written, ['test', 'rules', '--junit=junit.xml', ...testFiles], 120_000, (dir) => {
    if (existsSync(join(dir, 'junit.xml'))) xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  });
  return { ...result, cases: junitCases(xml) };
}
