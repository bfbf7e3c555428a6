/**
 * Metric-names contract: every metric a dashboard queries is one the stack emits, so a
 * renamed instrument or a typo shows up here instead of as an empty panel.
 */
import { ENVIRONMENT_NAMES, provisionedDashboards } from '../support/synth';
import { CAPTURED_METRICS, CREATED_ON_EVENT, appMetricNames, emittedMetricNames, prometheusName, seriesNames } from '../support/metric-catalog';
import { SERVICE_METRICS } from '../../config/metric-sources';
import { dashboardQueries, unknownMetrics } from '../support/queries';

// unknownMetrics lives in test/support/queries.ts so rule tests can import it without this suite.

let catalog: Set<string>;
beforeAll(async () => { catalog = await emittedMetricNames(); });

describe('prometheusName (Prometheus OTLP translation)', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['demo.requests', '{request}', 'counter', 'demo_requests_total'],
    ['demo.work.duration', 's', 'histogram', 'demo_work_duration_seconds'],
    ['traces.span.metrics.calls', '', 'counter', 'traces_span_metrics_calls_total'],
    ['traces_service_graph_request_total', '', 'counter', 'traces_service_graph_request_total'],
    ['process.memory.usage', 'By', 'updowncounter', 'process_memory_usage_bytes'],
    ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
    ['db.client.response.returned_rows', '1', 'histogram', 'db_client_response_returned_rows'],
    ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
    ['rpc.latency', 'ms', 'histogram', 'rpc_latency_milliseconds'],
    ['queue_size_seconds', 's', 'gauge', 'queue_size_seconds'],
    ['total.requests', '', 'counter', 'requests_total'],
    ['requests.total.total', '', 'counter', 'requests_total'],
    ['2xx.responses', '', 'counter', '_2xx_responses_total'],
    ['k8s.pod.cpu.usage', '{cpu}', 'gauge', 'k8s_pod_cpu_usage'],
    ['k8s.node.network.io', 'By', 'counter', 'k8s_node_network_io_bytes_total'],
    ['k8s.container.memory_request', 'By', 'gauge', 'k8s_container_memory_request_bytes'],
  ] as const)('%s [%s] %s → %s', (name, unit, type, expected) => {
    expect(prometheusName(name, unit, type)).toBe(expected);
  });

  it('expands histograms into their three series', () => {
    expect(seriesNames('demo.work.duration', 's', 'histogram')).toEqual(['demo_work_duration_seconds_bucket', 'demo_work_duration_seconds_sum', 'demo_work_duration_seconds_count']);
  });
});

describe('metric catalog', () => {
  it('the metrics the pipeline check knows services push are the demo app\'s real instruments', async () => {
    const declared = SERVICE_METRICS.flatMap((m) => seriesNames(...m)).sort();
    expect(declared).toEqual([...await appMetricNames()].sort());
  });

  it('holds the app metrics, obtained by running its instruments', () => {
    for (const n of ['demo_requests_total', 'demo_work_duration_seconds_bucket', 'http_server_request_duration_seconds_bucket']) expect(catalog).toContain(n);
  });

  it('holds connector outputs and the component self-metrics captured from the real programs', () => {
    for (const n of ['traces_span_metrics_calls_total', 'traces_span_metrics_duration_seconds_bucket', 'traces_service_graph_request_failed_total']) expect(catalog).toContain(n);
    expect(Object.keys(CAPTURED_METRICS).sort()).toEqual(['collector', 'loki', 'prometheus', 'tempo']);
    for (const { version, names } of Object.values(CAPTURED_METRICS)) {
      expect(version).toMatch(/\d+\.\d+/);
      expect(names.length).toBeGreaterThan(20);
    }
    // The collector exposes its counters without _total or unit suffixes.
    expect(CAPTURED_METRICS.collector.names).toContain('otelcol_receiver_accepted_spans');
    expect(CAPTURED_METRICS.collector.names).not.toContain('otelcol_receiver_accepted_spans_total');
  });

  it('holds the allowlisted cluster metrics, translated (kubelet_stats, k8s_cluster)', () => {
    for (const n of ['k8s_node_cpu_usage', 'k8s_pod_memory_working_set_bytes', 'k8s_container_restarts', 'k8s_pod_phase']) expect(catalog).toContain(n);
  });

  it('lists as created-on-event only names the capture did not see', () => {
    for (const [component, names] of Object.entries(CREATED_ON_EVENT)) {
      for (const n of names) expect([component, n, CAPTURED_METRICS[component].names.includes(n)]).toEqual([component, n, false]);
    }
  });
});

describe.each(ENVIRONMENT_NAMES.flatMap((env) => Object.entries(provisionedDashboards(env)).map(([file, model]) => [`${env}/${file}`, model] as const)))('%s', (_file, model) => {
  it('queries only metrics the stack emits', () => {
    const queries = dashboardQueries(model);
    const promql = queries.filter((q) => q.language === 'promql').map((q) => q.text);
    // The events dashboard asks Loki only.
    expect(queries.length).toBeGreaterThan(0);
    expect(unknownMetrics(promql, catalog)).toEqual([]);
  });
});

describe('unknownMetrics', () => {
  it('catches a misspelt metric', () => {
    expect(unknownMetrics(['sum(rate(demo_request_total[5m]))', 'up'], catalog)).toEqual(['demo_request_total']);
  });
});
