import { lokiArgs, lokiConfig } from '../../config/loki';
import { KUBERNETES_IDENTITY_ATTRIBUTES, PROMOTED_RESOURCE_ATTRIBUTES, prometheusArgs, prometheusConfig } from '../../config/prometheus';
import { tempoConfig } from '../../config/tempo';
import type { ObjectStore } from '../../config/object-storage';
import { toYaml } from '../../config/yaml';

describe('tempoConfig', () => {
  const config = tempoConfig({ ports: { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318 }, retention: '168h', dataDir: '/data' });

  it("streams search results over HTTP, as Grafana 13's Tempo datasource asks for", () => {
    expect(config.stream_over_http_enabled).toBe(true);
  });

  it('binds OTLP receivers to all interfaces (Tempo ≥ 2.7 defaults to localhost)', () => {
    expect(config.distributor.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
  });

  it('keeps the WALs, the scheduler\'s work and the vParquet4 blocks on the data volume', () => {
    expect(config.storage.trace).toEqual({ backend: 'local', wal: { path: '/data/wal' }, block: { version: 'vParquet4' }, local: { path: '/data/blocks' } });
    expect(config.live_store).toMatchObject({ wal: { path: '/data/live-store/traces' }, shutdown_marker_dir: '/data/live-store/shutdown-marker' });
    expect(config.backend_scheduler.local_work_path).toBe('/data/backend-scheduler');
  });

  it('is a Tempo 3 config: no ingester or compactor block (Tempo 3 refuses them)', () => {
    expect(Object.keys(config)).not.toEqual(expect.arrayContaining(['ingester']));
    expect(Object.keys(config)).not.toContain('compactor');
  });

  it('applies the one retention where the scheduler plans retention jobs and where the worker runs them', () => {
    expect(config.backend_worker.compaction.block_retention).toBe('168h');
    expect(config.backend_scheduler.provider.compaction.compaction.block_retention).toBe('168h');
  });

  it('moves idle traces to the live-store WAL after 10 s by default, or as set, and lets searches see them as soon as they are complete', () => {
    expect(config.live_store).toMatchObject({ max_trace_idle: '10s', flush_check_period: '10s' });
    expect(config.query_frontend.query_end_cutoff).toBe('10s');
    const fresh = tempoConfig({ ports: { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318 }, retention: '168h', dataDir: '/data', traceIdlePeriodMs: 1000, flushCheckPeriodMs: 500 });
    expect(fresh.live_store).toMatchObject({ max_trace_idle: '1s', flush_check_period: '500ms' });
    expect(fresh.query_frontend.query_end_cutoff).toBe('1s');
  });
});

describe('lokiConfig', () => {
  const config = lokiConfig({ ports: { http: 3100, grpc: 9095 }, retention: '7d', dataDir: '/data', ingestionRateMb: 4, ingestionBurstMb: 8 });

  it('uses schema v13 on tsdb, which structured metadata (OTLP trace ids) needs', () => {
    expect(config.schema_config.configs).toEqual([expect.objectContaining({ store: 'tsdb', schema: 'v13' })]);
    expect(config.limits_config.allow_structured_metadata).toBe(true);
  });

  it('indexes only a few bounded OTLP resource attributes and applies ingestion limits', () => {
    expect(config.limits_config.otlp_config.resource_attributes).toEqual({
      ignore_defaults: true,
      attributes_config: [{ action: 'index_label', attributes: ['service.name', 'service.namespace', 'deployment.environment.name', 'k8s.namespace.name', 'k8s.container.name'] }],
    });
    expect(config.limits_config).toMatchObject({ ingestion_rate_mb: 4, ingestion_burst_size_mb: 8 });
  });

  it('enforces retention through the compactor, on the data volume', () => {
    expect(config.limits_config.retention_period).toBe('7d');
    expect(config.compactor).toEqual({ working_directory: '/data/compactor', retention_enabled: true, delete_request_store: 'filesystem' });
    expect(config.common.storage).toEqual({ filesystem: { chunks_directory: '/data/chunks', rules_directory: '/data/rules' } });
  });
});

describe('object storage', () => {
  const s3 = { kind: 's3', bucket: 'b', endpoint: 'minio.storage.svc:9000', region: 'us-east-1', insecure: true } as const;
  const gcs = { kind: 'gcs', bucket: 'acme-logs' } as const;
  const azure = { kind: 'azure', bucket: 'logs', accountName: 'acmeobs', endpointSuffix: 'blob.core.usgovcloudapi.net' } as const;
  const tempo = (objectStore?: ObjectStore) => tempoConfig({ ports: { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318 }, retention: '168h', dataDir: '/data', objectStore });
  const loki = (objectStore?: ObjectStore) => lokiConfig({ ports: { http: 3100, grpc: 9095 }, retention: '7d', dataDir: '/data', ingestionRateMb: 4, ingestionBurstMb: 8, objectStore });

  it('moves Tempo blocks to the bucket of each kind, keeping the WAL on the volume and no credential in the file', () => {
    const common = { wal: { path: '/data/wal' }, block: { version: 'vParquet4' } };
    expect(tempo(s3).storage.trace).toEqual({ ...common, backend: 's3', s3: { bucket: 'b', endpoint: 'minio.storage.svc:9000', region: 'us-east-1', insecure: true } });
    expect(tempo(gcs).storage.trace).toEqual({ ...common, backend: 'gcs', gcs: { bucket_name: 'acme-logs' } });
    // Tempo reads the account key from AZURE_STORAGE_KEY itself.
    expect(tempo(azure).storage.trace).toEqual({
      ...common, backend: 'azure', azure: { storage_account_name: 'acmeobs', container_name: 'logs', endpoint_suffix: 'blob.core.usgovcloudapi.net' },
    });
    for (const store of [s3, gcs, azure]) expect(JSON.stringify(tempo(store))).not.toMatch(/access_key|secret|account_key|service_account/);
  });

  it('moves Loki chunks, index and delete requests to the bucket of each kind', () => {
    expect(loki(s3).common.storage).toEqual({ s3: { bucketnames: 'b', endpoint: 'minio.storage.svc:9000', region: 'us-east-1', insecure: true, s3forcepathstyle: true } });
    expect(loki(gcs).common.storage).toEqual({ gcs: { bucket_name: 'acme-logs' } });
    for (const [store, kind] of [[s3, 's3'], [gcs, 'gcs'], [azure, 'azure']] as const) {
      expect(loki(store).schema_config.configs[0].object_store).toBe(kind);
      expect(loki(store).compactor.delete_request_store).toBe(kind);
    }
  });

  it("gives Loki Azure's account key only as a reference to its environment variable, expanded by -config.expand-env", () => {
    expect(loki(azure).common.storage).toEqual({
      azure: { account_name: 'acmeobs', container_name: 'logs', account_key: '${AZURE_STORAGE_KEY}', endpoint_suffix: 'blob.core.usgovcloudapi.net' },
    });
    expect(lokiArgs('/etc/loki/loki.yaml', azure)).toEqual(['-config.file=/etc/loki/loki.yaml', '-config.expand-env=true']);
    // Expansion would touch any other `$` in the file: there is none.
    expect(toYaml(loki(azure)).match(/\$/g)).toHaveLength(1);
    for (const store of [undefined, s3, gcs]) expect(lokiArgs('/etc/loki/loki.yaml', store)).toEqual(['-config.file=/etc/loki/loki.yaml']);
  });
});

describe('prometheusConfig', () => {
  const annotations = { scrape: 'prometheus.io/scrape', port: 'prometheus.io/port', path: 'prometheus.io/path' };
  const config = prometheusConfig({ environment: 'dev', scrapeNamespaces: ['obs'], annotations, ruleFiles: '/r/*.yaml' });

  it('accepts late OTLP samples and promotes a few bounded resource attributes', () => {
    expect(config.storage.tsdb.out_of_order_time_window).toBe('30m');
    expect(config.otlp.promote_resource_attributes).toEqual([...PROMOTED_RESOURCE_ATTRIBUTES, ...KUBERNETES_IDENTITY_ATTRIBUTES]);
    expect(config.otlp.promote_resource_attributes).not.toContain('k8s.pod.uid');
  });

  it('pushes to a long-term store with credentials read from files', () => {
    const withRemote = prometheusConfig({
      environment: 'dev', scrapeNamespaces: ['obs'], annotations, ruleFiles: '/r/*.yaml',
      remoteWrite: { url: 'https://mimir.example.com/api/v1/push', basicAuth: { usernameFile: '/s/username', passwordFile: '/s/password' } },
    });
    expect(withRemote.remote_write).toEqual([{
      url: 'https://mimir.example.com/api/v1/push', send_exemplars: true, basic_auth: { username_file: '/s/username', password_file: '/s/password' },
    }]);
    expect(config).not.toHaveProperty('remote_write');
  });

  it('loads the rule files', () => {
    expect(config.rule_files).toEqual(['/r/*.yaml']);
  });

  it('scrapes only annotated, running pods of the stack namespace, at their annotated port and path', () => {
    const job = config.scrape_configs.find((j) => j.job_name === 'stack-pods')!;
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['obs'] } }]);
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
    const address = job.relabel_configs!.find((r) => r.target_label === '__address__')!;
    expect(address.source_labels).toEqual(['__meta_kubernetes_pod_ip', '__meta_kubernetes_pod_annotation_prometheus_io_port']);
    // What Prometheus does with it: join with ';', match, substitute.
    const joined = ['10.1.2.3', '8888'].join(address.separator);
    expect(joined.replace(new RegExp(`^${address.regex}$`), address.replacement!.replace(/\$(\d)/g, '$$$1'))).toBe('10.1.2.3:8888');
  });

  it('caps retention at 85 % of the volume when its size is known', () => {
    expect(prometheusArgs({ configFile: '/c', dataDir: '/d', retention: '15d', volumeBytes: 50 * 2 ** 30 })).toContain('--storage.tsdb.retention.size=43520MB');
    expect(prometheusArgs({ configFile: '/c', dataDir: '/d', retention: '15d' }).some((a) => a.includes('retention.size'))).toBe(false);
  });

  it('turns on the OTLP and remote-write receivers and exemplars, with retention from settings', () => {
    expect(prometheusArgs({ configFile: '/c/p.yaml', dataDir: '/d', retention: '15d' })).toEqual([
      '--config.file=/c/p.yaml', '--storage.tsdb.path=/d', '--storage.tsdb.retention.time=15d',
      '--web.enable-otlp-receiver', '--web.enable-remote-write-receiver', '--enable-feature=exemplar-storage',
    ]);
  });
});
