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
  /** Tempo 2.10.8. */
  tempo: 123,
  /** Loki 3.7.6. */
  loki: 154,
  /** Prometheus 3.12. */
  prometheus: 105,
} as const;
