/** scripts/loki-ha: prod's ring config rewritten for processes on one machine, only where a pod differs from a process. */
import { parse } from 'yaml';
import { LOCALLY_REWRITTEN, localRing } from '../../scripts/loki-ha/local-ring';
import { argsWithConfig, lokiOf } from '../../scripts/loki-ha/verify-configs';
import { objectsOf, synthesize } from '../support/synth';

/** Leaf paths whose values differ between two parsed configs (added and removed keys included), array indices as `*`. */
function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b) && !(Array.isArray(a) && at.endsWith('join_members'))) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths((a as any)[k], (b as any)[k], at ? `${at}.${Array.isArray(a) ? '*' : k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

const prod = lokiOf(objectsOf(synthesize('prod')));
const generated = parse(prod.file);
const addresses = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
const ring = localRing(generated, addresses, '/tmp/ha');

describe('localRing', () => {
  it("runs one process per replica of prod's StatefulSet, with the container's own arguments", () => {
    expect(prod.replicas).toBe(3);
    expect(ring.map((r) => [r.name, r.address, r.dir])).toEqual([
      ['loki-1', '127.0.0.11', '/tmp/ha/loki-1'], ['loki-2', '127.0.0.12', '/tmp/ha/loki-2'], ['loki-3', '127.0.0.13', '/tmp/ha/loki-3'],
    ]);
    expect(argsWithConfig(prod.args, '/tmp/ha/loki-1/loki.yaml')).toEqual(['-config.file=/tmp/ha/loki-1/loki.yaml']);
  });

  it('changes only the documented fields: addresses, the ring instance id, the replica folders and the shared store', () => {
    const changed = new Set(ring.flatMap((r) => changedPaths(generated, r.config)).map((p) => p.replace(/^common\.storage\..*/, 'common.storage')));
    expect([...changed].sort()).toEqual([...LOCALLY_REWRITTEN].sort());
    // The ring itself is the generated one: replication factor, memberlist port and label, limits, schema.
    expect(ring[0].config.common.replication_factor).toBe(3);
    expect(ring[0].config.memberlist).toMatchObject({ bind_port: 7946, cluster_label: 'loki.observability' });
  });

  it('gives each replica its own address, id and folder, and all of them one store and one member list', () => {
    const [one, two] = ring.map((r) => r.config);
    expect(one.common.ring.instance_id).not.toBe(two.common.ring.instance_id);
    expect(one.memberlist.join_members).toEqual(['127.0.0.11:7946', '127.0.0.12:7946', '127.0.0.13:7946']);
    expect(two.memberlist).toMatchObject({ bind_addr: ['127.0.0.12'], advertise_addr: '127.0.0.12' });
    expect(two.ingester.wal.dir).toBe('/tmp/ha/loki-2/wal');
    expect(one.common.storage).toEqual(two.common.storage);
    expect(one.common.storage).toEqual({ filesystem: { chunks_directory: '/tmp/ha/object-store/chunks', rules_directory: '/tmp/ha/object-store/rules' } });
  });

  it("refuses a config without a ring (dev's one process)", () => {
    expect(() => localRing(parse(lokiOf(objectsOf(synthesize('dev'))).file), addresses, '/tmp/ha'))
      .toThrow('the Loki config has no memberlist ring (is this the config of more than one replica?)');
  });
});
