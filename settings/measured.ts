/**
 * Resident memory of each workload, measured with the real programs by `npm run e2e` (dev settings,
 * after a minute of load generator traffic; it prints "RSS after load" beside each request). Memory
 * requests are sized from these figures: a request below what a pod steadily uses lets the
 * scheduler overcommit its node. Re-measure after changing a component's version or settings.
 * Grafana is not measured here (no Grafana build on the project's machines).
 */
export const MEASURED_RSS_MIB = {
  /**
   * Demo service: 67 MiB after the e2e load since its telemetry no longer loads NodeSDK (was 135);
   * 104–109 MiB under the benchmark's 50 connections (`npm run bench`, RSS after load). Sized for the benchmark peak.
   */
  app: 109,
  /** Load generator (autocannon) after its rounds. */
  loadgen: 65,
  /** Collector 0.156 (gateway, dev pipeline). */
  collector: 94,
  /** Tempo 3.0.3 (was 123 with Tempo 2.10.8). */
  tempo: 215,
  /** Loki 3.7.6. */
  loki: 154,
  /** Prometheus 3.12. */
  prometheus: 105,
} as const;

/**
 * Series each program exposes on its own /metrics (what Prometheus stores per scrape target, before
 * its own `up` and `scrape_*`), measured by `npm run e2e` after its load and queries (it prints
 * "head series" by job): collector 0.156 (dev's gateway), Tempo 3.0.3, Loki 3.7.6, Prometheus 3.12.
 * Alertmanager: Debian's 0.33.1 with a few API calls, no cluster peers (418 idle, 510 after). Grafana is
 * not measured (no Grafana build on the project's machines): its figure is an assumption.
 * Histograms per route and status grow with use: re-measure after a version change.
 */
export const SERIES_PER_TARGET = {
  collector: { series: 90, measured: true },
  tempo: { series: 1002, measured: true },
  loki: { series: 2279, measured: true },
  prometheus: { series: 838, measured: true },
  alertmanager: { series: 510, measured: true },
  grafana: { series: 2000, measured: false },
} as const;

/** A program whose /metrics Prometheus scrapes. */
export type ScrapedProgram = keyof typeof SERIES_PER_TARGET;

/**
 * Series of a Node.js OpenTelemetry SDK's runtime metrics per process (`v8js_*`, `nodejs_*`: heap
 * spaces, GC kinds, event loop), measured on the demo service by `npm run e2e` (its job's series
 * other than its request and business metrics and target_info). Used for every service the estimate
 * assumes; runtimes of other languages differ.
 */
export const MEASURED_RUNTIME_SERIES_PER_INSTANCE = 100;
