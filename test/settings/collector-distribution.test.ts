/**
 * The collector distributions: Alloy's component list against the builder manifest it was read from,
 * and the check (run by validation, and here on whole configs) naming each component a distribution lacks.
 */
import manifest from '../fixtures/alloy/otel-engine-v1.20.0.json';
import captured from '../fixtures/real-programs/otelcol-components.json';
import { ALLOY_OTEL_ENGINE, COMPONENT_KINDS, type ComponentKind, distributionProblems } from '../../settings/collector-distribution';
import { gatewayConfig } from '../../config/collector';
import type { CollectorConfig } from '../../settings/otelcol-types';
import { IMAGES } from '../../infra/images';
import { DEFAULT_SAMPLING } from '../../settings/stack-settings';
import { NOT_IN_CAPTURED_BUILD } from '../support/component-names';

const CORE = 'go.opentelemetry.io/collector';
const CONTRIB = 'github.com/open-telemetry/opentelemetry-collector-contrib';

/**
 * The Go module that registers each type name, as laid out in the collector repositories
 * (open-telemetry/opentelemetry-collector for core, -contrib for the rest, at v0.161.0): the evidence
 * that maps a name of ALLOY_OTEL_ENGINE to a line of the manifest.
 */
const MODULE_OF: Readonly<Record<ComponentKind, Readonly<Record<string, string>>>> = {
  receivers: {
    otlp: `${CORE}/receiver/otlpreceiver`,
    prometheus: `${CONTRIB}/receiver/prometheusreceiver`,
    file_log: `${CONTRIB}/receiver/filelogreceiver`,
    kubelet_stats: `${CONTRIB}/receiver/kubeletstatsreceiver`,
    k8s_cluster: `${CONTRIB}/receiver/k8sclusterreceiver`,
    k8s_objects: `${CONTRIB}/receiver/k8sobjectsreceiver`,
  },
  processors: {
    attributes: `${CONTRIB}/processor/attributesprocessor`,
    batch: `${CORE}/processor/batchprocessor`,
    filter: `${CONTRIB}/processor/filterprocessor`,
    k8s_attributes: `${CONTRIB}/processor/k8sattributesprocessor`,
    memory_limiter: `${CORE}/processor/memorylimiterprocessor`,
    probabilistic_sampler: `${CONTRIB}/processor/probabilisticsamplerprocessor`,
    resource: `${CONTRIB}/processor/resourceprocessor`,
    resource_detection: `${CONTRIB}/processor/resourcedetectionprocessor`,
    tail_sampling: `${CONTRIB}/processor/tailsamplingprocessor`,
    transform: `${CONTRIB}/processor/transformprocessor`,
    redaction: `${CONTRIB}/processor/redactionprocessor`,
    // Not in Alloy's manifest: here to show the check below fails on a claim the manifest does not back.
    groupbytrace: `${CONTRIB}/processor/groupbytraceprocessor`,
  },
  exporters: {
    debug: `${CORE}/exporter/debugexporter`,
    load_balancing: `${CONTRIB}/exporter/loadbalancingexporter`,
    // The otlp exporter module registers `otlp_grpc` since collector 0.144.
    otlp_grpc: `${CORE}/exporter/otlpexporter`,
    otlp_http: `${CORE}/exporter/otlphttpexporter`,
    prometheus_remote_write: `${CONTRIB}/exporter/prometheusremotewriteexporter`,
  },
  connectors: {
    forward: `${CORE}/connector/forwardconnector`,
    span_metrics: `${CONTRIB}/connector/spanmetricsconnector`,
    servicegraph: `${CONTRIB}/connector/servicegraphconnector`,
  },
  extensions: {
    file_storage: `${CONTRIB}/extension/storage/filestorage`,
    health_check: `${CONTRIB}/extension/healthcheckextension`,
    pprof: `${CONTRIB}/extension/pprofextension`,
    zpages: `${CORE}/extension/zpagesextension`,
  },
};

/** Claims of a component list that the manifest does not back: a type with no known module, or whose module it does not list. */
function unbackedClaims(list: Readonly<Record<ComponentKind, readonly string[]>>): string[] {
  return COMPONENT_KINDS.flatMap((kind) => list[kind].flatMap((type) => {
    const module = MODULE_OF[kind][type];
    if (!module) return [`${kind}.${type}: no module known for this type`];
    return (manifest[kind] as string[]).includes(module) ? [] : [`${kind}.${type}: ${module} is not in Alloy ${manifest.alloyVersion}'s manifest`];
  }));
}

describe("Alloy's component list", () => {
  it('claims only components whose module the builder manifest lists', () => {
    expect(unbackedClaims(ALLOY_OTEL_ENGINE)).toEqual([]);
  });

  it('the check fails on a claim the manifest does not back', () => {
    expect(unbackedClaims({ ...ALLOY_OTEL_ENGINE, processors: [...ALLOY_OTEL_ENGINE.processors, 'groupbytrace', 'geoip'] })).toEqual([
      `processors.groupbytrace: ${CONTRIB}/processor/groupbytraceprocessor is not in Alloy v1.20.0's manifest`,
      'processors.geoip: no module known for this type',
    ]);
  });

  it('names every component under a current type name (what the real collector registers, or a cited rename)', () => {
    for (const kind of COMPONENT_KINDS) {
      const current = [...(captured[kind] as string[]), ...(NOT_IN_CAPTURED_BUILD[kind] ?? [])];
      expect([kind, ALLOY_OTEL_ENGINE[kind].filter((type) => !current.includes(type))]).toEqual([kind, []]);
    }
  });

  it('is for the pinned Alloy image', () => {
    expect(IMAGES.alloy).toBe(`grafana/alloy:${manifest.alloyVersion}`);
  });
});

describe('distributionProblems', () => {
  const ports = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133, metrics: 8888 };
  const targets = { tracesOtlpGrpc: 'tempo:4317', logsOtlpHttp: 'http://loki:3100/otlp', metricsOtlpHttp: 'http://prometheus:9090/api/v1/otlp' };
  const gateway: CollectorConfig = gatewayConfig({
    ports, environment: 'e', clusterName: 'c', memoryLimitBytes: 2 ** 30, sampling: { ...DEFAULT_SAMPLING, enabled: true },
    corsAllowedOrigins: [], debugExporter: true, profiling: true, queueDirectory: '/q', clusterOtlpGrpcPort: 4319,
  }, targets);
  /** The gateway with a component of `kind` added under `id`, used by `pipelines`. */
  const withComponent = (kind: 'processors' | 'exporters', id: string, pipelines: readonly string[]): CollectorConfig => ({
    ...gateway,
    [kind]: { ...gateway[kind], [id]: {} },
    service: {
      ...gateway.service,
      pipelines: Object.fromEntries(Object.entries(gateway.service.pipelines).map(([name, p]) => [name, pipelines.includes(name) ? { ...p, [kind]: [...p[kind], id] } : p])),
    },
  });

  it('finds nothing missing from Alloy in the full gateway pipeline (sampling, span metrics, scrubbing, debug, profiling, queues)', () => {
    expect(distributionProblems('alloy', gateway, 'otel-collector')).toEqual([]);
  });

  it('names a component Alloy lacks, its kind and the pipelines of the tier that use it', () => {
    expect(distributionProblems('alloy', withComponent('processors', 'groupbytrace/x', ['traces']), 'otel-collector'))
      .toEqual(["collector.distribution: 'alloy' lacks processor 'groupbytrace' (used by the traces pipeline of otel-collector)"]);
    expect(distributionProblems('alloy', withComponent('exporters', 'clickhouse', ['logs', 'metrics']), 'otel-sampler'))
      .toEqual(["collector.distribution: 'alloy' lacks exporter 'clickhouse' (used by the metrics, logs pipelines of otel-sampler)"]);
  });

  it('counts a component no pipeline uses (the collector refuses an unknown type anywhere in the file)', () => {
    const unused = { ...gateway, extensions: { ...gateway.extensions, 'oidc/x': {} } } as CollectorConfig;
    expect(distributionProblems('alloy', unused, 'otel-collector'))
      .toEqual(["collector.distribution: 'alloy' lacks extension 'oidc' (defined in otel-collector's config)"]);
  });

  it('leaves contrib, which every config is written for, to the component contract test', () => {
    expect(distributionProblems('contrib', withComponent('processors', 'groupbytrace', ['traces']), 'otel-collector')).toEqual([]);
  });
});
