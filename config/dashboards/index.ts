/**
 * All dashboards of the stack, keyed by the file name they are provisioned under.
 * Each model comes from the Grafana Foundation SDK builders, so panel and query shapes are
 * those of the current schema (no Angular panels).
 */
import { collectorPipelineDashboard } from './collector-pipeline';
import { kubernetesEventsDashboard } from './kubernetes-events';
import { kubernetesNodesDashboard } from './kubernetes-nodes';
import { serviceRedDashboard } from './service-red';
import { stackHealthDashboard } from './stack-health';
import type { ScrapeJobs } from '../scrape-jobs';

export { COLLECTOR_PIPELINE_UID } from './collector-pipeline';
export { KUBERNETES_EVENTS_UID } from './kubernetes-events';
export { KUBERNETES_NODES_UID } from './kubernetes-nodes';
export { SERVICE_RED_UID } from './service-red';
export { STACK_HEALTH_UID } from './stack-health';

/**
 * Dashboard file name (e.g. `service-red.json`) → dashboard JSON model, for the jobs of one environment;
 * with `cluster`, also the Kubernetes nodes-and-pods and events dashboards.
 */
export function stackDashboards(jobs: ScrapeJobs, opts: { readonly cluster?: boolean } = {}): Record<string, object> {
  return {
    'service-red.json': serviceRedDashboard(),
    'collector-pipeline.json': collectorPipelineDashboard(jobs),
    'stack-health.json': stackHealthDashboard(jobs),
    ...(opts.cluster ? { 'kubernetes-nodes.json': kubernetesNodesDashboard(), 'kubernetes-events.json': kubernetesEventsDashboard() } : {}),
  };
}
