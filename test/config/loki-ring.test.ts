/** Loki's "HA monolithic" config: several `-target=all` replicas on one memberlist ring, each with its WAL. */
import { lokiConfig } from '../../config/loki';
import { toYaml } from '../../config/yaml';

const base = { ports: { http: 3100, grpc: 9095, memberlist: 7946 }, retention: '168h', dataDir: '/var/loki', ingestionRateMb: 16, ingestionBurstMb: 32 };
const s3 = { kind: 's3', bucket: 'logs', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1', insecure: false } as const;
const ring = { replicationFactor: 3, joinMembers: ['dns+loki-memberlist.observability.svc:7946'], clusterLabel: 'loki.observability' };

describe('lokiConfig on a ring', () => {
  const config = lokiConfig({ ...base, objectStore: s3, ring });

  it('replicates every stream RF times over a memberlist ring joined through the headless Service', () => {
    expect(config.common.replication_factor).toBe(3);
    expect(config.common.ring).toEqual({ kvstore: { store: 'memberlist' } });
    expect(config.memberlist).toEqual({ join_members: ['dns+loki-memberlist.observability.svc:7946'], bind_port: 7946, cluster_label: 'loki.observability' });
  });

  it('lets each replica advertise its own pod address instead of loopback', () => {
    expect(config.common).not.toHaveProperty('instance_addr');
  });

  it("keeps the write-ahead log on the replica's own volume and everything else in the bucket", () => {
    expect(config.ingester).toEqual({ wal: { enabled: true, dir: '/var/loki/wal' } });
    expect(config.common.path_prefix).toBe('/var/loki');
    expect(config.common.storage).toHaveProperty('s3');
    expect(config.schema_config.configs[0].object_store).toBe('s3');
  });
});

describe('lokiConfig as one process', () => {
  const config = lokiConfig({ ...base, ports: { http: 3100, grpc: 9095 } });

  it('keeps its ring in memory on loopback, with replication factor 1 and no memberlist or ingester block', () => {
    expect(config.common).toMatchObject({ instance_addr: '127.0.0.1', replication_factor: 1, ring: { kvstore: { store: 'inmemory' } } });
    expect(Object.keys(config)).toEqual(['auth_enabled', 'server', 'common', 'schema_config', 'limits_config', 'compactor', 'analytics']);
    expect(toYaml(config)).not.toMatch(/memberlist|wal/);
  });

  it('refuses a ring without a memberlist port', () => {
    expect(() => lokiConfig({ ...base, ports: { http: 3100, grpc: 9095 }, objectStore: s3, ring })).toThrow('lokiConfig: a ring needs ports.memberlist');
  });
});
