/**
 * The generated HA Loki config, rewritten to run its replicas as processes on one machine. Only
 * what a pod gets from Kubernetes and a process here does not is changed:
 *
 * | field | in a cluster | here |
 * |---|---|---|
 * | `server.http_listen_address`, `server.grpc_listen_address` | all interfaces of the pod | the replica's loopback address |
 * | `common.instance_addr` (the ring address) | eth0's, the pod IP | the replica's loopback address |
 * | `common.ring.instance_id` | the hostname, one per pod | `loki-<n>` (one host: every replica would be one ingester) |
 * | `memberlist.bind_addr`, `memberlist.advertise_addr` | the pod IP | the replica's loopback address |
 * | `memberlist.join_members` | the headless Service's DNS name | every replica's `address:port` |
 * | `common.path_prefix`, `ingester.wal.dir`, `compactor.working_directory` | the replica's own volume | a folder per replica |
 * | `common.storage`, `schema_config…object_store`, `compactor.delete_request_store` | the bucket | one local folder shared by every replica, standing in for it |
 */
import { join } from 'node:path';

/** One replica to run: its name, address, folder and rewritten config. */
export interface LocalReplica {
  readonly name: string;
  readonly address: string;
  readonly dir: string;
  readonly config: LokiFile;
}

/** A Loki config file as parsed YAML. */
export type LokiFile = Record<string, any>;

/** The fields `localRing` rewrites, as dotted paths (`schema_config.configs.0.object_store` for each period). */
export const LOCALLY_REWRITTEN = [
  'server.http_listen_address', 'server.grpc_listen_address', 'common.instance_addr', 'common.ring.instance_id',
  'memberlist.bind_addr', 'memberlist.advertise_addr', 'memberlist.join_members',
  'common.path_prefix', 'ingester.wal.dir', 'compactor.working_directory',
  'common.storage', 'schema_config.configs.*.object_store', 'compactor.delete_request_store',
] as const;

/** One config per address, from the generated ring config; `work` holds each replica's folder and the shared store. */
export function localRing(generated: LokiFile, addresses: readonly string[], work: string): LocalReplica[] {
  if (generated.common?.ring?.kvstore?.store !== 'memberlist' || !generated.memberlist) {
    throw new Error('the Loki config has no memberlist ring (is this the config of more than one replica?)');
  }
  const port = generated.memberlist.bind_port as number;
  const store = join(work, 'object-store');
  return addresses.map((address, i) => {
    const name = `loki-${i + 1}`;
    const dir = join(work, name);
    const config: LokiFile = structuredClone(generated);
    config.server = { ...config.server, http_listen_address: address, grpc_listen_address: address };
    config.common = {
      ...config.common,
      instance_addr: address,
      path_prefix: dir,
      ring: { ...config.common.ring, instance_id: name },
      storage: { filesystem: { chunks_directory: join(store, 'chunks'), rules_directory: join(store, 'rules') } },
    };
    config.memberlist = { ...config.memberlist, bind_addr: [address], advertise_addr: address, join_members: addresses.map((a) => `${a}:${port}`) };
    config.ingester = { ...config.ingester, wal: { ...config.ingester?.wal, dir: join(dir, 'wal') } };
    config.compactor = { ...config.compactor, working_directory: join(dir, 'compactor'), delete_request_store: 'filesystem' };
    config.schema_config = { ...config.schema_config, configs: config.schema_config.configs.map((c: LokiFile) => ({ ...c, object_store: 'filesystem' })) };
    return { name, address, dir, config };
  });
}
