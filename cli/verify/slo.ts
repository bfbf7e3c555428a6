/** verify's SLO section: each SLO's current SLI and remaining error budget, read from the stack's recording rules. */
import { BURN_WINDOWS, DEFAULT_RULE_SETTINGS, RECORDS } from '../../config/rules';
import { fetchJson } from './http';

/** One SLO's standing for one service. */
export interface SloStanding {
  readonly slo: 'availability' | 'latency';
  readonly service: string;
  readonly objective: number;
  /** The window the SLI is measured over (the longest recorded one). */
  readonly window: string;
  /** Share of good server spans, 0..1. */
  readonly sli: number;
  /** Share of the error budget left, 1 = untouched, negative = overspent. */
  readonly budgetRemaining: number;
}

/** The SLO section: standings, or why there are none. */
export interface SloReport {
  readonly standings: SloStanding[];
  /** Set when Prometheus could not be asked, or has no data for any SLO yet. */
  readonly note?: string;
}

/** The longest window the rules record: the closest to the budget period. */
const WINDOW = BURN_WINDOWS[BURN_WINDOWS.length - 1].long;

const SLOS = [
  { slo: 'availability', record: RECORDS.errorRatio(WINDOW), objective: DEFAULT_RULE_SETTINGS.availabilityObjective },
  { slo: 'latency', record: RECORDS.slowRatio(WINDOW), objective: DEFAULT_RULE_SETTINGS.latencyObjective },
] as const;

/** Asks Prometheus for every SLO's bad-event ratio per service. */
export async function sloReport(prometheus: string): Promise<SloReport> {
  const standings: SloStanding[] = [];
  try {
    for (const { slo, record, objective } of SLOS) {
      const url = `${prometheus}/api/v1/query?${new URLSearchParams({ query: record })}`;
      const body = (await fetchJson(url)) as { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } } | undefined;
      for (const series of body?.data?.result ?? []) {
        const bad = Number(series.value[1]);
        if (!Number.isFinite(bad)) continue;
        standings.push({ slo, service: series.metric.service_name ?? '?', objective, window: WINDOW, sli: 1 - bad, budgetRemaining: 1 - bad / (1 - objective) });
      }
    }
  } catch (error) {
    return { standings, note: `prometheus ${(error as Error).message}` };
  }
  return standings.length > 0 ? { standings } : { standings, note: `no data yet in ${SLOS.map((s) => s.record).join(', ')} (span metrics arrive with traffic)` };
}
