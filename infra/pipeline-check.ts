import type { RuleFile } from '../config/rules';
import type { ScrapeJobs } from '../config/scrape-jobs';
import { metricPipelineProblems, TierPipeline } from '../config/pipeline-check';
import type { CollectorTier } from '../settings/collector-tiers';
import type { StackSettings } from '../settings';
import type { ClusterTelemetry } from './cluster-telemetry';
import type { OtelCollector } from './collector';

/** What the check follows, as assembleStack built it. */
export interface BuiltPipelines {
  readonly collector: OtelCollector;
  readonly cluster?: ClusterTelemetry;
  readonly jobs: ScrapeJobs;
  readonly rules: RuleFile;
  readonly dashboards: Readonly<Record<string, object>>;
}

/**
 * The pipeline check of config/pipeline-check.ts on one environment's generated collector configs,
 * with the wiring between tiers as assembleStack made it (the node agent and cluster receiver export
 * to the gateway's cluster receiver; the gateway's load-balancing exporter feeds the sampler tier),
 * and each stack filter named by the setting that configures it.
 */
export function checkMetricPipeline(env: StackSettings, built: BuiltPipelines): string[] {
  const toGateway = { 'otlp_grpc/gateway': { tier: 'gateway', component: 'otlp/cluster' } } as const;
  const tiers: Partial<Record<CollectorTier, TierPipeline>> = {
    gateway: { config: built.collector.configs.gateway, forwards: { load_balancing: { tier: 'sampler', component: 'otlp' } } },
    ...(built.collector.configs.sampler ? { sampler: { config: built.collector.configs.sampler } } : {}),
    ...(built.cluster ? {
      nodeAgent: { config: built.cluster.configs.nodeAgent, forwards: toGateway },
      clusterReceiver: { config: built.cluster.configs.clusterReceiver, forwards: toGateway },
    } : {}),
  };
  const additions = Object.keys(env.collector.additions?.processors ?? {});
  return metricPipelineProblems({
    tiers,
    jobs: built.jobs,
    rules: built.rules,
    dashboards: built.dashboards,
    settingOf: {
      'filter/allowlist': 'clusterTelemetry.metricAllowlist',
      'filter/volumes': 'only persistent volume claims are kept',
      ...Object.fromEntries(additions.map((id) => [id, `collector.additions.processors.${id}`])),
    },
  });
}
