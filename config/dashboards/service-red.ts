/**
 * Service RED: rate, errors and duration of one service, from the collector's span metrics
 * (every traced service has them) and from the app's own HTTP histogram, plus its logs and
 * slowest traces. Latency queries ask for exemplars so a point on the graph opens its trace.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DS, RATE, baseDashboard, finish, listLegend, lokiQuery, promQuery, thresholds, traceqlQuery } from './common';

/** Fixed uid: links and bookmarks survive re-provisioning. */
export const SERVICE_RED_UID = 'otel-service-red';

/** Server spans of the selected service (span metrics keep the OTLP enum names as values). */
const SERVER = 'service_name="$service", span_kind="SPAN_KIND_SERVER"';
/** The app's own metrics carry `job="<service.namespace>/<service.name>"`, not service_name. */
const APP_JOB = 'job=~"(.+/)?$service"';

const calls = (extra = '') => `traces_span_metrics_calls_total{${SERVER}${extra}}[${RATE}]`;
const errorRatio = (by: string) =>
  `sum${by}(rate(${calls(', status_code="STATUS_CODE_ERROR"')})) / sum${by}(rate(${calls()}))`;

const QUANTILES = [0.5, 0.95, 0.99] as const;

/** p50/p95/p99 of a histogram, one series per `by` label, with exemplars. */
function quantileTargets(bucket: string, selector: string, by: string) {
  return QUANTILES.map((q) =>
    promQuery(`histogram_quantile(${q}, sum by (le, ${by}) (rate(${bucket}{${selector}}[${RATE}])))`, `p${q * 100} {{${by}}}`, { exemplar: true }));
}

function serviceVariable(): dashboard.QueryVariableBuilder {
  const query = 'label_values(traces_span_metrics_calls_total, service_name)';
  return new dashboard.QueryVariableBuilder('service')
    .label('Service')
    .datasource(DS.prometheus)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** The Service RED dashboard model. */
export function serviceRedDashboard(): dashboard.Dashboard {
  const b = baseDashboard('Service RED', SERVICE_RED_UID, ['red', 'service'])
    .withVariable(serviceVariable())
    .withPanel(new stat.PanelBuilder().title('Request rate').unit('reqps').height(4).span(6)
      .withTarget(promQuery(`sum(rate(${calls()}))`, 'requests/s')))
    .withPanel(new stat.PanelBuilder().title('Error ratio').unit('percentunit').height(4).span(6).thresholds(thresholds(0.01, 0.05))
      .withTarget(promQuery(errorRatio(' '), 'errors')))
    .withPanel(new stat.PanelBuilder().title('p95 latency').unit('s').height(4).span(6).thresholds(thresholds(0.5, 1))
      .withTarget(promQuery(`histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{${SERVER}}[${RATE}])))`, 'p95')))
    // A service that pushes its metrics has no `up` series (that exists for scraped targets only);
    // Prometheus keeps one `target_info` series per pushing instance (service.instance.id).
    .withPanel(new stat.PanelBuilder().title('Instances reporting').height(4).span(6)
      .withTarget(promQuery(`count(target_info{${APP_JOB}})`, 'instances')))
    .withPanel(new timeseries.PanelBuilder().title('Rate by route (span metrics)').unit('reqps').legend(listLegend())
      .withTarget(promQuery(`sum by (span_name) (rate(${calls()}))`, '{{span_name}}')))
    .withPanel(new timeseries.PanelBuilder().title('Error ratio by route (span metrics)').unit('percentunit').min(0).legend(listLegend())
      .withTarget(promQuery(errorRatio(' by (span_name) '), '{{span_name}}')))
    .withPanel(new timeseries.PanelBuilder().title('Latency by route (span metrics)').unit('s').legend(listLegend())
      .targets(quantileTargets('traces_span_metrics_duration_seconds_bucket', SERVER, 'span_name')))
    .withPanel(new timeseries.PanelBuilder().title('Latency by route (app HTTP histogram)').unit('s').legend(listLegend())
      .targets(quantileTargets('http_server_request_duration_seconds_bucket', APP_JOB, 'http_route')))
    .withPanel(new timeseries.PanelBuilder().title('Requests by route and outcome (app)').unit('reqps').legend(listLegend())
      .withTarget(promQuery(`sum by (http_route, outcome) (rate(demo_requests_total{${APP_JOB}}[${RATE}]))`, '{{http_route}} {{outcome}}')))
    .withPanel(new timeseries.PanelBuilder().title('Work duration p95 by size (app)').unit('s').legend(listLegend())
      .targets(quantileTargets('demo_work_duration_seconds_bucket', APP_JOB, 'work_size').filter((_, i) => i === 1)))
    .withPanel(new logs.PanelBuilder().title('Logs').datasource(DS.loki).height(10).span(24)
      .showTime(true).wrapLogMessage(true).enableLogDetails(true).sortOrder(common.LogsSortOrder.Descending)
      .withTarget(lokiQuery('{service_name="$service"}')))
    .withPanel(new table.PanelBuilder().title('Slowest traces (> 500 ms)').datasource(DS.tempo).height(8).span(24)
      .withTarget(traceqlQuery('{ resource.service.name = "$service" && kind = server && duration > 500ms }')));
  return finish(b.build());
}
