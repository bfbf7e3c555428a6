/**
 * What the local Prometheus holds after the load: its head series (`prometheus_tsdb_head_series`,
 * read now through the TSDB status API rather than from its last self-scrape), and how they split by
 * job and, for each job, by metric name: for the comparison with `otel-lgtm cardinality`'s estimate.
 */

type Sample = { metric: Record<string, string>; value: number };

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Prometheus answered ${response.status} to ${url}`);
  return ((await response.json()) as { data: T }).data;
}

/** One PromQL instant query's vector as label sets and values. */
async function vector(prometheus: string, query: string): Promise<Sample[]> {
  const data = await get<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`${prometheus}/api/v1/query?${new URLSearchParams({ query })}`);
  return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** Head series, and the series by job (`""` for series without one), each with its names, largest first. */
export interface HeadSeries {
  readonly total: number;
  readonly byJob: ReadonlyArray<{ readonly job: string; readonly series: number; readonly names: ReadonlyArray<readonly [string, number]> }>;
}

/** Reads the head series count and the split of the series Prometheus holds now. */
export async function headSeries(prometheus: string): Promise<HeadSeries> {
  const status = await get<{ headStats: { numSeries: number } }>(`${prometheus}/api/v1/status/tsdb`);
  const rows = await vector(prometheus, 'count by (job, __name__) ({__name__!=""})');
  const jobs = new Map<string, Array<readonly [string, number]>>();
  for (const r of rows) {
    const job = r.metric.job ?? '';
    jobs.set(job, [...(jobs.get(job) ?? []), [r.metric.__name__, r.value] as const]);
  }
  const byJob = [...jobs].map(([job, names]) => ({
    job, series: names.reduce((n, [, c]) => n + c, 0), names: [...names].sort((a, b) => b[1] - a[1]),
  })).sort((a, b) => b.series - a.series);
  return { total: status.headStats.numSeries, byJob };
}

/** Seconds between scrapes in a Prometheus config (its `global.scrape_interval`, e.g. `30s`). */
export function scrapeIntervalSeconds(config: { global?: { scrape_interval?: string } }): number {
  const match = /^(\d+)(s|m)$/.exec(config.global?.scrape_interval ?? '1m');
  if (!match) throw new Error(`unexpected scrape_interval '${config.global?.scrape_interval}'`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}
