/**
 * Stack health: is every component of the stack scraped and up, how fast each backend ingests,
 * and how much storage it holds. First stop when dashboards go empty.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { COLLECTOR_SIGNALS, ScrapeJobs, StackBackend, backendJobs, jobSelector } from '../scrape-jobs';
import { RATE, baseDashboard, finish, listLegend, promQuery } from './common';

/** Fixed uid: links and bookmarks survive re-provisioning. */
export const STACK_HEALTH_UID = 'otel-stack-health';

/** The Stack health dashboard model: one "up" stat per scraped workload of the environment. */
export function stackHealthDashboard(jobs: ScrapeJobs): dashboard.Dashboard {
  const b = baseDashboard('Stack health', STACK_HEALTH_UID, ['stack', 'health']);
  // One stat per job (repeat-free): a job that disappears shows "No data" instead of vanishing from a list.
  for (const job of jobs.scraped) {
    b.withPanel(new stat.PanelBuilder().title(`${job} up`).height(4).span(Math.max(3, Math.floor(24 / jobs.scraped.length))).noValue('down')
      .colorMode(common.BigValueColorMode.Background)
      .mappings([{ type: dashboard.MappingType.ValueToText, options: { '0': { text: 'down', color: 'red' }, '1': { text: 'up', color: 'green' } } }])
      .withTarget(promQuery(`min(up{job="${job}"})`, job, { instant: true })));
  }
  b.withPanel(new timeseries.PanelBuilder().title('Collector accepted per second').unit('short').legend(listLegend())
    // Accepted at the entry tier only: a sampler tier receives the same spans a second time.
    .targets(COLLECTOR_SIGNALS.map((s) => promQuery(`sum(rate(otelcol_receiver_accepted_${s}{${jobSelector(jobs.collectors.slice(0, 1))}}[${RATE}]))`, s))));
  // Each backend's panels only where it runs and is scraped (a backend that is off has no series).
  const has = (backend: StackBackend) => backendJobs(jobs, backend).length > 0;
  const ingestion = [
    ...(has('tempo') ? [promQuery(`sum(rate(tempo_distributor_spans_received_total[${RATE}]))`, 'Tempo spans/s')] : []),
    ...(has('prometheus') ? [promQuery(`sum(rate(prometheus_tsdb_head_samples_appended_total[${RATE}]))`, 'Prometheus samples/s')] : []),
  ];
  if (ingestion.length > 0) b.withPanel(new timeseries.PanelBuilder().title('Backend ingestion').unit('short').legend(listLegend()).targets(ingestion));
  if (has('loki')) {
    b.withPanel(new timeseries.PanelBuilder().title('Loki bytes received').unit('Bps').legend(listLegend())
      .withTarget(promQuery(`sum(rate(loki_distributor_bytes_received_total[${RATE}]))`, 'Loki')));
  }
  if (has('prometheus')) {
    b.withPanel(new timeseries.PanelBuilder().title('Prometheus TSDB blocks on disk').unit('bytes').legend(listLegend())
      .withTarget(promQuery('sum(prometheus_tsdb_storage_blocks_bytes)', 'blocks')));
  }
  if (has('loki')) {
    b.withPanel(new timeseries.PanelBuilder().title('Loki chunk bytes flushed to storage').unit('bytes').legend(listLegend())
      .description('Cumulative since the ingester started; Loki exposes no gauge of total stored bytes.')
      .withTarget(promQuery('sum(loki_ingester_chunk_stored_bytes_total)', 'flushed')));
  }
  if (has('tempo')) {
    b.withPanel(new timeseries.PanelBuilder().title('Tempo blocks in the blocklist').unit('short').legend(listLegend())
      .withTarget(promQuery('sum(tempodb_blocklist_length)', 'blocks')));
  }
  return finish(b.build());
}
