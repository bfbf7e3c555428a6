/**
 * How long before a sampler's `kill -9` a span may have reached it and still be only in its memory:
 * the gateway's batch timeout (the span may arrive at the end of it), the wait between a trace's root
 * span and its decision, and the sampler's batch timeouts (before and after the decision). Read from the configs
 * the run starts, so the bound follows them. A span sent earlier than that before the kill has been
 * decided and exported; losing it is a fault, not the tail-sampling design's cost.
 */
import { parse } from 'yaml';
import type { BatchConfig, CollectorConfig } from '../../settings/otelcol-types';
import { parseDuration } from '../../settings/units';
import type { Manifest } from '../e2e/localize';

/** A scheduling margin on a shared 2-core machine: timers and exports run late under load. */
export const SCHEDULING_SLACK_MS = 2000;

function collectorConfig(objects: readonly Manifest[], configMap: string): CollectorConfig {
  const data = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap)?.data?.['config.yaml'];
  if (typeof data !== 'string') throw new Error(`no ConfigMap ${configMap} with config.yaml among the run's objects`);
  return parse(data) as CollectorConfig;
}

/** The batch timeouts a span passes through on its way through a collector's traces pipelines (connected ones too). */
function batchTimeoutsMs(config: CollectorConfig): number {
  return Object.entries(config.service.pipelines)
    .filter(([id]) => id === 'traces' || id.startsWith('traces/'))
    .flatMap(([, pipeline]) => pipeline.processors.filter((p) => p === 'batch' || p.startsWith('batch/')))
    // The stack names its one batch processor `batch`; a `batch/<name>` of a collector addition is the same type.
    .map((id) => (Object.entries(config.processors).find(([key]) => key === id)?.[1] as BatchConfig | undefined)?.timeout ?? '200ms')
    .reduce((sum, timeout) => sum + parseDuration(timeout).toMilliseconds(), 0);
}

/** The window, with what it is made of (for the report). */
export function samplerLossWindow(objects: readonly Manifest[]): { ms: number; parts: string } {
  const gateway = collectorConfig(objects, 'otel-collector-config');
  const sampler = collectorConfig(objects, 'otel-sampler-config');
  const tail = sampler.processors.tail_sampling;
  if (!tail) throw new Error('the sampler config has no tail_sampling processor');
  const gatewayBatch = batchTimeoutsMs(gateway);
  const decision = parseDuration(tail.decision_wait_after_root_received ?? tail.decision_wait).toMilliseconds();
  const samplerBatch = batchTimeoutsMs(sampler);
  const ms = gatewayBatch + decision + samplerBatch + SCHEDULING_SLACK_MS;
  return { ms, parts: `gateway batch ${gatewayBatch / 1000} s + decision ${decision / 1000} s after the root + sampler batches ${samplerBatch / 1000} s + ${SCHEDULING_SLACK_MS / 1000} s scheduling slack` };
}
