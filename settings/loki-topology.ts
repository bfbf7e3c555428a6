/**
 * The rules of Loki's "HA monolithic" shape (several `-target=all` replicas on one memberlist ring),
 * shared by validation (`loki.*` settings) and the `Loki` construct used alone (its props).
 *
 * A write succeeds once a majority of a stream's RF copies has it (the write quorum,
 * floor(RF / 2) + 1), and a query of recent data needs as many ingesters of the stream to answer.
 * So a drain may take at most RF − quorum replicas at once (1 for RF 3, 2 for RF 5): any more and
 * some stream could lose its quorum. That is always below RF − 1 (where data could be lost), and
 * 0 for RF 1 or 2, where any drain would break writes: those are refused with more than one replica.
 */
import { checkInteger } from './validation';

/** Copies of a stream a write needs: a majority of the replication factor. */
export function writeQuorum(replicationFactor: number): number {
  return Math.floor(replicationFactor / 2) + 1;
}

/** Replicas a drain may take at once without any stream losing its write quorum: RF − quorum. */
export function lokiMaxUnavailable(replicationFactor: number): number {
  return replicationFactor - writeQuorum(replicationFactor);
}

/** The replication factor of a topology: as set, else 3 with more than one replica, else 1. */
export function lokiReplicationFactor(topology: { readonly replicas: number; readonly replicationFactor?: number }): number {
  return topology.replicationFactor ?? (topology.replicas > 1 ? 3 : 1);
}

/**
 * Every problem with a Loki topology, one line per field; `prefix` is how the fields are named
 * (`loki.` for settings, none for the construct's props).
 */
export function lokiTopologyProblems(
  topology: { readonly replicas: number; readonly replicationFactor?: number },
  onObjectStorage: boolean,
  prefix = 'loki.',
): string[] {
  const replicas = `${prefix}replicas`;
  const factor = `${prefix}replicationFactor`;
  const rf = lokiReplicationFactor(topology);
  const problems = [...checkInteger(replicas, topology.replicas, 1), ...checkInteger(factor, rf, 1)];
  if (problems.length > 0) return problems;
  if (rf > topology.replicas) {
    problems.push(`${factor}: ${rf} is more than ${replicas} ${topology.replicas} (each copy of a stream needs a replica of its own)`);
  } else if (topology.replicas > 1 && lokiMaxUnavailable(rf) < 1) {
    problems.push(`${factor}: ${rf} with ${topology.replicas} replicas: a write needs ${writeQuorum(rf)} of its ${rf} copies, so no replica may be `
      + 'drained and the PodDisruptionBudget would block every drain (use 3 or more)');
  }
  if (topology.replicas > 1 && !onObjectStorage) {
    problems.push(`${replicas}: ${topology.replicas} on filesystem storage: replicas in a cluster cannot share a filesystem (set objectStorage: S3, GCS or Azure)`);
  }
  return problems;
}
