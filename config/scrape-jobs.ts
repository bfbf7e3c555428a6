/**
 * The scrape jobs of one environment's stack: the single source of every job selector in the
 * rules and dashboards. Derived from the workloads present (infra/assemble.ts), so a tier that an
 * environment adds, such as prod's sampler, is monitored without being named here.
 */

/** Which jobs exist; pod discovery sets `job` from the pod's `app.kubernetes.io/name`. */
export interface ScrapeJobs {
  /** Every workload whose own metrics Prometheus scrapes. */
  readonly scraped: readonly string[];
  /** The collector tiers among them: the gateway, and the sampler tier where there is one. */
  readonly collectors: readonly string[];
  /**
   * Which scraped job (or jobs: Tempo's microservices) is which backend, for the backends' own alerts (a backend that is off has none).
   * @default {} (no backend alerts)
   */
  readonly backends?: Readonly<Partial<Record<StackBackend, string | readonly string[]>>>;
}

/** The stack's components whose own failure modes have alerts. */
export type StackBackend = 'loki' | 'tempo' | 'prometheus' | 'alertmanager';

/** The three signals as the collector names them in its own metrics (`otelcol_receiver_accepted_spans`). */
export const COLLECTOR_SIGNALS = ['spans', 'metric_points', 'log_records'] as const;

/** A collector signal. */
export type CollectorSignal = (typeof COLLECTOR_SIGNALS)[number];

/** A label matcher selecting exactly these jobs: `job="a"` or `job=~"a|b"`. */
export function jobSelector(jobs: readonly string[]): string {
  if (jobs.length === 0) throw new Error('jobSelector needs at least one job');
  return jobs.length === 1 ? `job="${jobs[0]}"` : `job=~"${jobs.join('|')}"`;
}

/** The jobs of one backend: none when it is off or not scraped. */
export function backendJobs(jobs: ScrapeJobs, backend: StackBackend): readonly string[] {
  const of = jobs.backends?.[backend];
  return of === undefined ? [] : typeof of === 'string' ? [of] : of;
}

/** Problems with a job list (empty, or a value that is not a Kubernetes label value). */
export function stackJobProblems(jobs: ScrapeJobs): string[] {
  const problems: string[] = [];
  if (jobs.scraped.length === 0) problems.push('jobs.scraped must name at least one job');
  for (const job of [...jobs.scraped, ...jobs.collectors]) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(job)) problems.push(`jobs: "${job}" is not a Kubernetes label value`);
  }
  for (const job of jobs.collectors) if (!jobs.scraped.includes(job)) problems.push(`jobs.collectors: "${job}" is not scraped`);
  for (const backend of Object.keys(jobs.backends ?? {}) as StackBackend[]) {
    for (const job of backendJobs(jobs, backend)) if (!jobs.scraped.includes(job)) problems.push(`jobs.backends.${backend}: "${job}" is not scraped`);
  }
  return problems;
}
