/** Figures the e2e run prints. */
import type { ProbeRun } from '../../cli/verify/run-probe';

/** The nearest-rank percentile (p in 0..100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Per signal, the seconds until every check of that signal passed, one value per probe that passed them all. */
export function timesToQueryable(runs: readonly ProbeRun[]): Record<string, number[]> {
  const times: Record<string, number[]> = {};
  for (const run of runs) {
    const bySignal = new Map<string, number[]>();
    for (const r of run.results) {
      if (!r.signal) continue;
      bySignal.set(r.signal, [...(bySignal.get(r.signal) ?? []), r.ok ? r.seconds : Number.NaN]);
    }
    for (const [signal, seconds] of bySignal) {
      if (seconds.some(Number.isNaN)) continue;
      (times[signal] ??= []).push(Math.max(...seconds));
    }
  }
  return times;
}

/** `123.4 MiB` */
export function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
