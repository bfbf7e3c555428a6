/** Fixed datasource uids, so links between datasources and dashboards never depend on provisioning order. */
export const DATASOURCE_UIDS = { prometheus: 'prometheus', tempo: 'tempo', loki: 'loki' } as const;
/** Alertmanager's datasource uid (not a query datasource, so dashboards never reference it). */
export const ALERTMANAGER_DATASOURCE_UID = 'alertmanager';

/** One provisioned datasource (Grafana provisioning, apiVersion 1). */
export interface Datasource {
  name: string;
  type: 'prometheus' | 'tempo' | 'loki' | 'alertmanager';
  uid: string;
  url: string;
  access: 'proxy';
  isDefault: boolean;
  editable: boolean;
  jsonData: Record<string, unknown>;
}

/** The datasources provisioning file. */
export interface DatasourcesFile {
  apiVersion: 1;
  datasources: Datasource[];
}

/** The dashboards provider provisioning file. */
export interface DashboardProvidersFile {
  apiVersion: 1;
  providers: Array<{
    name: string;
    folder: string;
    type: 'file';
    disableDeletion: boolean;
    allowUiUpdates: boolean;
    options: { path: string };
  }>;
}

/** Query URLs of the backends. */
export interface BackendUrls {
  readonly prometheus: string;
  readonly tempo: string;
  readonly loki: string;
  /**
   * Alertmanager's API (alerts and silences in Grafana's alerting UI).
   * @default - no Alertmanager datasource
   */
  readonly alertmanager?: string;
}

/**
 * Span → metrics links. Grafana builds a link only from `queries`, replacing `$__tags` with the
 * span's tags renamed as below; the span-metric series carry the service as `service_name` (an
 * OTLP-pushed series' `job` is `<service.namespace>/<service.name>`, so `job` would match nothing).
 */
export const TRACES_TO_METRICS = {
  datasourceUid: DATASOURCE_UIDS.prometheus,
  spanStartTimeShift: '-10m',
  spanEndTimeShift: '10m',
  tags: [{ key: 'service.name', value: 'service_name' }],
  queries: [
    { name: 'Request rate', query: 'sum(rate(traces_span_metrics_calls_total{$__tags, span_kind="SPAN_KIND_SERVER"}[5m]))' },
    { name: 'Error ratio', query: 'sum(rate(traces_span_metrics_calls_total{$__tags, span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m])) / sum(rate(traces_span_metrics_calls_total{$__tags, span_kind="SPAN_KIND_SERVER"}[5m]))' },
    { name: 'p95 latency', query: 'histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{$__tags, span_kind="SPAN_KIND_SERVER"}[5m])))' },
  ],
} as const;

/**
 * The datasources, linked (plus Alertmanager's, when given): Tempo → Loki (logs of a trace) and → Prometheus (service map,
 * span metrics); Loki → Tempo (trace_id structured metadata); Prometheus exemplars → Tempo.
 * `$$` escapes `$` from Grafana's environment-variable expansion in provisioning files.
 */
export function grafanaDatasources(urls: BackendUrls): DatasourcesFile {
  const common = { access: 'proxy' as const, editable: false };
  return {
    apiVersion: 1,
    datasources: [
      {
        ...common, name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UIDS.prometheus, url: urls.prometheus, isDefault: true,
        jsonData: {
          httpMethod: 'POST',
          exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' }],
        },
      },
      {
        ...common, name: 'Tempo', type: 'tempo', uid: DATASOURCE_UIDS.tempo, url: urls.tempo, isDefault: false,
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: DATASOURCE_UIDS.loki, spanStartTimeShift: '-5m', spanEndTimeShift: '5m',
            filterByTraceID: true, filterBySpanID: false, tags: [{ key: 'service.name', value: 'service_name' }],
          },
          tracesToMetrics: TRACES_TO_METRICS,
          serviceMap: { datasourceUid: DATASOURCE_UIDS.prometheus },
          nodeGraph: { enabled: true },
          lokiSearch: { datasourceUid: DATASOURCE_UIDS.loki },
        },
      },
      {
        ...common, name: 'Loki', type: 'loki', uid: DATASOURCE_UIDS.loki, url: urls.loki, isDefault: false,
        jsonData: {
          derivedFields: [
            { name: 'Trace', matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, url: '$${__value.raw}', urlDisplayLabel: 'View trace' },
          ],
        },
      },
      ...(urls.alertmanager ? [{
        ...common, name: 'Alertmanager', type: 'alertmanager' as const, uid: ALERTMANAGER_DATASOURCE_UID, url: urls.alertmanager, isDefault: false,
        // Grafana's own alert rules are not used; this shows the stack's alerts and silences.
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      }] : []),
    ],
  };
}

/** A file provider that loads every dashboard JSON in `path` into one folder, read-only. */
export function grafanaDashboardProviders(path: string): DashboardProvidersFile {
  return {
    apiVersion: 1,
    providers: [{ name: 'otel-lgtm', folder: 'OTel LGTM', type: 'file', disableDeletion: true, allowUiUpdates: false, options: { path } }],
  };
}
