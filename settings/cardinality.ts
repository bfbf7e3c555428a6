import type { BudgetSettings, CardinalityAssumptions } from './schema';
import { checkInteger, checkNumber } from './validation';

/** A small cluster: 3 nodes, 60 pods, a handful of workloads of each kind; no services beyond those the stack knows. */
export const DEFAULT_CARDINALITY: CardinalityAssumptions = {
  nodes: 3,
  podsPerNode: 20,
  containersPerPod: 1.2,
  persistentVolumeClaims: 10,
  deployments: 20,
  statefulSets: 5,
  daemonSets: 4,
  jobs: 5,
  namespaces: 10,
  services: 0,
  instancesPerService: 2,
  operationsPerService: 10,
  peersPerService: 2,
};

/** Problems with the assumptions and the budget, one line per field. */
export function cardinalityProblems(a: CardinalityAssumptions, budget: BudgetSettings): string[] {
  const counts = (['nodes', 'podsPerNode', 'persistentVolumeClaims', 'deployments', 'statefulSets', 'daemonSets', 'jobs', 'namespaces', 'services', 'operationsPerService', 'peersPerService'] as const)
    .flatMap((k) => checkInteger(`cardinality.${k}`, a[k], k === 'nodes' || k === 'namespaces' ? 1 : 0, 100000));
  return [
    ...counts,
    ...checkInteger('cardinality.instancesPerService', a.instancesPerService, 1, 10000),
    ...checkNumber('cardinality.containersPerPod', a.containersPerPod, 1, 50),
    ...(budget.activeSeries === undefined ? [] : checkInteger('budget.activeSeries', budget.activeSeries, 1, 1e9)),
  ];
}
