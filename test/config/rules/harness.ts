import { RuleFile, RuleGroup } from '../../../config/rules';
import { toYaml } from '../../../config/yaml';
import { AlertRuleTest, BatchFile, BatchResult, InputSeries, PromqlExprTest, RuleTest, testRulesBatch } from '../../support/promtool';
import { firing } from './series';

/**
 * promtool unit tests of one rule file, declared as jest tests: every scenario's test group is run
 * by beforeAll in a few promtool runs (one start-up each, not one per scenario), as many as the
 * cores, and each jest test reads its group's result from the JUnit report.
 */
export function ruleTests(file: RuleFile, runCount = 2) {
  const rulesYaml = toYaml(file);
  /** Alert names the scenarios exercise, to prove every alert has both kinds of test. */
  const covered = { fires: new Set<string>(), silent: new Set<string>() };
  const batch: RuleTest[] = [];
  let runs: Array<Promise<BatchResult>> = [];
  beforeAll(() => {
    runs = Array.from({ length: runCount }, (_, i) => testRulesBatch(byRuleSubset(file, batch.filter((_, j) => j % runCount === i))));
    for (const run of runs) run.catch(() => undefined); // reported by the tests that await it, not as unhandled
  });

  /** A promtool unit test case of the batch, checked by a jest test of the same name (1m samples, 1m evaluation). */
  function batched(name: string, input_series: InputSeries[], checks: { alerts?: AlertRuleTest[]; exprs?: PromqlExprTest[] }): void {
    const run = batch.push({ name, interval: '1m', input_series, alert_rule_test: checks.alerts, promql_expr_test: checks.exprs }) - 1;
    test(name, async () => {
      if (!runs.length) throw new Error('the batch was not started by beforeAll');
      const { status, output, cases } = await runs[run % runCount];
      // On failure the diff shows promtool's own report of this test group (or of the whole run when it has none).
      expect(cases.get(name) ?? { ok: false, failure: `no result for this test group; promtool exited ${status}:\n${output}` }).toEqual({ ok: true });
    }, 120_000); // the first test of a run waits for all of it: a ceiling for a busy machine, not a time limit
  }

  return {
    rulesYaml,
    covered,
    batched,
    /** A scenario of alert expectations, counted for coverage. */
    scenario(name: string, input: InputSeries[], checks: AlertRuleTest[]): void {
      for (const c of checks) covered[c.exp_alerts.length > 0 ? 'fires' : 'silent'].add(c.alertname);
      batched(name, input, { alerts: checks });
    },
    /** `alertname` does not fire at `eval_time`. */
    silent: (alertname: string, eval_time: string): AlertRuleTest => ({ alertname, eval_time, exp_alerts: [] }),
    /** `alertname` fires at `eval_time` with exactly `labels` and the rule's annotations. */
    fires: (alertname: string, eval_time: string, labels: Record<string, string>): AlertRuleTest => ({ alertname, eval_time, exp_alerts: [firing(file, alertname, labels)] }),
  };
}

/**
 * The rule groups a test group needs: every group holding an alert it checks, and, transitively,
 * every group recording a series those rules read. A group with PromQL expression tests gets the
 * whole file (its expressions may read any recorded series).
 */
export function groupsFor(file: RuleFile, test: RuleTest): RuleGroup[] {
  if (test.promql_expr_test?.length) return file.groups;
  const alerts = new Set(test.alert_rule_test?.map((t) => t.alertname));
  const needed = new Set(file.groups.filter((g) => g.rules.some((r) => 'alert' in r && alerts.has(r.alert))));
  for (let grew = true; grew;) {
    grew = false;
    const exprs = [...needed].flatMap((g) => g.rules.map((r) => r.expr));
    for (const group of file.groups) {
      if (needed.has(group)) continue;
      if (group.rules.some((r) => 'record' in r && exprs.some((e) => e.includes(r.record)))) {
        needed.add(group);
        grew = true;
      }
    }
  }
  return file.groups.filter((g) => needed.has(g));
}

/** Test groups as promtool test files, one per distinct subset of rule groups they need. */
function byRuleSubset(file: RuleFile, tests: readonly RuleTest[]): BatchFile[] {
  const files = new Map<string, BatchFile>();
  for (const test of tests) {
    const groups = groupsFor(file, test);
    const key = groups.map((g) => g.name).join('\0');
    if (!files.has(key)) files.set(key, { rulesYaml: toYaml({ groups }), tests: [] });
    files.get(key)!.tests.push(test);
  }
  return [...files.values()];
}
