/**
 * Resident memory of each workload, measured with the real programs by `npm run e2e` (dev settings,
 * after a minute of load generator traffic; it prints "RSS after load" beside each request). Memory
 * requests are sized from these figures: a request below what a pod steadily uses lets the
 * scheduler overcommit its node. Re-measure after changing a component's version or settings.
 * Grafana is not measured here (no Grafana build on the project's machines).
 */
export const MEASURED_RSS_MIB = {
  /** Demo service: steady 95–97 MiB, 135 MiB after the load with dev's short export intervals, peak 138 MiB. */
  app: 138,
  /** Load generator (autocannon) after its rounds. */
  loadgen: 65,
  /** Collector 0.156 (gateway, dev pipeline). */
  collector: 94,
  /** Tempo 2.10.8. */
  tempo: 117,
  /** Loki 3.7.6. */
  loki: 152,
  /** Prometheus 3.12. */
  prometheus: 99,
} as const;
