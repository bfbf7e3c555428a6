/**
 * All dashboards of the stack, keyed by the file name they are provisioned under.
 * Each model comes from the Grafana Foundation SDK builders, so panel and query shapes are
 * those of the current schema (no Angular panels).
 */
import { collectorPipelineDashboard } from './collector-pipeline';
import { serviceRedDashboard } from './service-red';
import { stackHealthDashboard } from './stack-health';
import type { StackJobs } from '../stack-jobs';

export { COLLECTOR_PIPELINE_UID } from './collector-pipeline';
export { SERVICE_RED_UID } from './service-red';
export { STACK_HEALTH_UID } from './stack-health';

/** Dashboard file name (e.g. `service-red.json`) → dashboard JSON model, for the jobs of one environment. */
export function stackDashboards(jobs: StackJobs): Record<string, object> {
  return {
    'service-red.json': serviceRedDashboard(),
    'collector-pipeline.json': collectorPipelineDashboard(jobs),
    'stack-health.json': stackHealthDashboard(jobs),
  };
}
