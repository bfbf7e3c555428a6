/**
 * Collector pipeline: what each signal's receivers accepted or refused and what its exporters
 * sent or failed to send, exporter queue fill against capacity, and the collector's own
 * memory and CPU. Refused/failed > 0 or a queue near capacity means telemetry is being lost.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { COLLECTOR_SIGNALS, CollectorSignal, ScrapeJobs, jobSelector } from '../scrape-jobs';
import { RATE, baseDashboard, finish, listLegend, promQuery, thresholds } from './common';

/** Fixed uid: links and bookmarks survive re-provisioning. */
export const COLLECTOR_PIPELINE_UID = 'otel-collector-pipeline';

const TITLES: Record<CollectorSignal, string> = { spans: 'Spans', metric_points: 'Metric points', log_records: 'Log records' };

/** Accepted/refused at the receivers and sent/failed at the exporters, for one signal, per collector tier. */
function signalPanel(signal: CollectorSignal, job: string): timeseries.PanelBuilder {
  const r = (metric: string, by: string) => promQuery(`sum by (job, ${by}) (rate(otelcol_${metric}_${signal}{${job}}[${RATE}]))`, `${metric.replace('_', ' ')} {{job}} {{${by}}}`);
  return new timeseries.PanelBuilder().title(`${TITLES[signal]} per second`).unit('short').span(8).legend(listLegend())
    .targets([r('receiver_accepted', 'receiver'), r('receiver_refused', 'receiver'), r('exporter_sent', 'exporter'), r('exporter_send_failed', 'exporter')]);
}

/** The Collector pipeline dashboard model: every collector tier of the environment (`jobs.collectors`). */
export function collectorPipelineDashboard(jobs: ScrapeJobs): dashboard.Dashboard {
  const JOB = jobSelector(jobs.collectors);
  const b = baseDashboard('Collector pipeline', COLLECTOR_PIPELINE_UID, ['collector', 'pipeline']);
  for (const signal of COLLECTOR_SIGNALS) b.withPanel(signalPanel(signal, JOB));
  b.withPanel(new timeseries.PanelBuilder().title('Exporter queue size vs capacity').unit('short').span(12).legend(listLegend())
    .targets([
      promQuery(`max by (job, exporter) (otelcol_exporter_queue_size{${JOB}})`, 'size {{job}} {{exporter}}'),
      promQuery(`max by (job, exporter) (otelcol_exporter_queue_capacity{${JOB}})`, 'capacity {{job}} {{exporter}}'),
    ]))
    .withPanel(new gauge.PanelBuilder().title('Exporter queue fill').unit('percentunit').min(0).max(1).span(12).thresholds(thresholds(0.5, 0.8))
      .withTarget(promQuery(`max by (job, exporter) (otelcol_exporter_queue_size{${JOB}} / otelcol_exporter_queue_capacity{${JOB}})`, '{{job}} {{exporter}}', { instant: true })))
    .withPanel(new timeseries.PanelBuilder().title('Collector memory (RSS)').unit('bytes').span(12).legend(listLegend())
      .withTarget(promQuery(`otelcol_process_memory_rss{${JOB}}`, '{{pod}}')))
    .withPanel(new timeseries.PanelBuilder().title('Collector CPU').unit('short').span(12).legend(listLegend())
      .withTarget(promQuery(`rate(otelcol_process_cpu_seconds{${JOB}}[${RATE}])`, '{{pod}}')));
  return finish(b.build());
}
