/** verify's output: a table for people, JSON for CI. */
import type { CheckResult } from './run-probe';
import type { Probe } from './probe';
import type { SloReport } from './slo';

/** Everything verify found. */
export interface VerifyReport {
  readonly env: string;
  readonly probe: Pick<Probe, 'id' | 'traceId'>;
  readonly checks: readonly CheckResult[];
  readonly skipped: readonly string[];
  readonly slo: SloReport;
  readonly ok: boolean;
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

/** The human report: one row per check, failure lines, then the SLO section. */
export function humanReport(r: VerifyReport): string[] {
  const lines = [`verify ${r.env}: probe ${r.probe.id}, trace ${r.probe.traceId}`, ''];
  lines.push(...table([
    ['BACKEND', 'CHECK', 'RESULT', 'TIME TO QUERYABLE'],
    ...r.checks.map((c) => [c.backend, c.name, c.ok ? 'pass' : 'FAIL', `${c.seconds.toFixed(1)} s`]),
    ...r.skipped.map((b) => [b, '-', 'skipped', '-']),
  ]));
  const failures = r.checks.filter((c) => !c.ok);
  if (failures.length > 0) lines.push('', ...failures.map((c) => `FAIL ${c.failure}`));
  lines.push('', 'SLOs (from the recording rules):');
  if (r.slo.note) lines.push(`  ${r.slo.note}`);
  if (r.slo.standings.length > 0) {
    lines.push(...table([
      ['SLO', 'SERVICE', 'OBJECTIVE', 'WINDOW', 'SLI', 'BUDGET LEFT'],
      ...r.slo.standings.map((s) => [s.slo, s.service, percent(s.objective), s.window, percent(s.sli), percent(s.budgetRemaining)]),
    ]).map((l) => `  ${l}`));
  }
  lines.push('', r.ok ? 'all checks passed' : `${failures.length} of ${r.checks.length} checks failed`);
  return lines;
}

/** The JSON report, one line. */
export function jsonReport(r: VerifyReport): string {
  return JSON.stringify(r);
}
