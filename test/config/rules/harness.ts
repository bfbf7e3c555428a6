import { RuleFile } from '../../../config/rules';
import { toYaml } from '../../../config/yaml';
import { AlertRuleTest, BatchResult, InputSeries, PromqlExprTest, RuleTest, testRulesBatch } from '../../support/promtool';
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
    runs = Array.from({ length: runCount }, (_, i) => testRulesBatch(rulesYaml, { evaluation_interval: '1m', tests: batch.filter((_, j) => j % runCount === i) }));
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
