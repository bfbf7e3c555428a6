import { ENVIRONMENTS, UnknownEnvironmentError, environmentNamed } from '../../overlays';
import { StackSettings, SettingsError } from '../../settings';
import { DEFAULT_RESOURCES, DEFAULT_SAMPLING } from '../../settings/stack-settings';
import { MEASURED_RSS_MIB } from '../../settings/measured';
import { DEFAULT_CLUSTER_TELEMETRY } from '../../settings/cluster-telemetry';
import { parseQuantity } from '../../settings/units';
import { durationSeconds } from '../../settings/validation';

/** An environment that overrides one thing, as a user's overlay would. */
function overlay(overrides: Partial<Record<keyof StackSettings, unknown>>): StackSettings {
  class Custom extends StackSettings {
    readonly name = 'custom';
  }
  return Object.assign(new Custom(), overrides);
}

describe('environment settings', () => {
  it.each(Object.keys(ENVIRONMENTS))('%s is valid', (name) => {
    expect(environmentNamed(name).problems()).toEqual([]);
  });

  it('rejects an unknown environment, listing the valid ones', () => {
    expect(() => environmentNamed('qa')).toThrow(new UnknownEnvironmentError('qa', ['dev', 'staging', 'prod']));
    expect(() => environmentNamed('qa')).toThrow("unknown environment 'qa' (valid: dev, staging, prod)");
    expect(() => environmentNamed('toString')).toThrow(UnknownEnvironmentError);
  });

  it('names the field and the accepted form of a bad memory quantity', () => {
    const env = overlay({ resources: { ...DEFAULT_RESOURCES, loki: { requests: { cpu: '100m', memory: '512MB' }, limits: { cpu: '1', memory: '1Gi' } } } });
    expect(env.problems()).toEqual([
      "resources.loki.requests.memory: '512MB' is not a Kubernetes quantity (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, Ti; e.g. 250m, 512Mi, 10Gi)",
    ]);
  });

  it('rejects a request above its limit', () => {
    const env = overlay({ resources: { ...DEFAULT_RESOURCES, tempo: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } });
    expect(env.problems()).toEqual(['resources.tempo.requests.cpu: 2 exceeds limits.cpu 1 (a request must not exceed its limit)']);
  });

  it('rejects replicas below one and fractional replicas', () => {
    expect(overlay({ collectorReplicas: 0 }).problems()).toEqual(['collectorReplicas: 0 is not allowed (an integer from 1 up)']);
    expect(overlay({ collectorReplicas: 1.5 }).problems()).toEqual(['collectorReplicas: 1.5 is not allowed (an integer from 1 up)']);
  });

  it('rejects a retention that is not a duration', () => {
    expect(overlay({ retention: { metrics: '7days', logs: '72h', traces: '' } }).problems()).toEqual([
      "retention.metrics: '7days' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)",
      "retention.traces: '' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)",
    ]);
  });

  it('rejects log retention under Loki\'s 24h minimum', () => {
    expect(overlay({ retention: { metrics: '7d', logs: '12h', traces: '48h' } }).problems()).toEqual([
      "retention.logs: '12h' is shorter than Loki's minimum retention of 24h",
    ]);
  });

  it('rejects an unpinned app image, a bad pull policy and a bad storage class', () => {
    const env = overlay({
      app: { ...new (ENVIRONMENTS.dev().constructor as new () => StackSettings)().app, image: 'demo-app:latest' },
      imagePullPolicy: 'Sometimes',
      persistence: { enabled: true, storageClass: 'Fast_SSD', size: { prometheus: '1Gi', loki: '1Gi', tempo: '1Gi', grafana: '10GB' } },
    });
    expect(env.problems()).toEqual([
      "imagePullPolicy: 'Sometimes' is not allowed (one of Always, IfNotPresent, Never)",
      "app.image: 'demo-app:latest' must carry a pinned tag (e.g. name:1.2.3), not latest or none",
      "persistence.size.grafana: '10GB' is not a Kubernetes quantity (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, Ti; e.g. 250m, 512Mi, 10Gi)",
      "persistence.storageClass: 'Fast_SSD' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
    ]);
  });

  it('rejects tail sampling spread over several collector replicas', () => {
    const env = overlay({ collectorReplicas: 2, sampling: { ...DEFAULT_SAMPLING, enabled: true } });
    expect(env.problems()).toEqual([expect.stringMatching(/^sampling.enabled with more than one collector replica .* and no load-balancing tier/)]);
    const autoscaled = overlay({ collectorAutoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilizationPercent: 80 }, sampling: { ...DEFAULT_SAMPLING, enabled: true } });
    expect(autoscaled.problems()).toHaveLength(1);
    expect(overlay({ collectorReplicas: 2 }).problems()).toEqual([]);
    expect(overlay({ collectorReplicas: 2, sampling: { ...DEFAULT_SAMPLING, enabled: true, loadBalancing: true } }).problems()).toEqual([]);
    expect(overlay({ sampling: { ...DEFAULT_SAMPLING, loadBalancing: true } }).problems())
      .toEqual(['sampling.loadBalancing: needs sampling.enabled (the sampler tier exists only to tail-sample)']);
  });

  it('refuses deciding after the root no sooner than decision_wait itself', () => {
    expect(overlay({ sampling: { ...DEFAULT_SAMPLING, decisionWaitSeconds: 5, decisionAfterRootSeconds: 5 } }).problems())
      .toEqual(['sampling.decisionAfterRootSeconds: 5 is not allowed (an integer from 0 to 4)']);
    expect(overlay({ sampling: { ...DEFAULT_SAMPLING, decisionAfterRootSeconds: 0 } }).problems()).toEqual([]);
  });

  it('rejects a CORS entry that is not an origin', () => {
    expect(overlay({ collector: { corsAllowedOrigins: ['example.com/path'], debugExporter: false, profiling: false, distribution: 'contrib' } }).problems()).toEqual([
      "collector.corsAllowedOrigins[0]: 'example.com/path' is not an origin (scheme://host[:port], e.g. https://app.example.com)",
    ]);
  });

  it('rejects an Ingress without a host and autoscaling bounds that cannot hold', () => {
    const env = overlay({
      grafana: { anonymousAccess: false, adminCredentials: { secretName: 'a', generateDevSecret: false }, ingress: { host: '', tlsSecretName: 'tls', className: 'nginx' } },
      app: { ...ENVIRONMENTS.prod().app, autoscaling: { minReplicas: 4, maxReplicas: 2, cpuUtilizationPercent: 170 } },
    });
    expect(env.problems()).toEqual([
      'app.autoscaling.maxReplicas: 2 is not allowed (an integer from 4 up)',
      'app.autoscaling.cpuUtilizationPercent: 170 is not allowed (an integer from 1 to 100)',
      "grafana.ingress.host: '' is not a host name (a DNS name such as grafana.example.com; required for an Ingress)",
    ]);
  });

  it('rejects object storage without credentials or with malformed endpoint and buckets, and a bad remote-write URL', () => {
    const env = overlay({
      objectStorage: { endpoint: 'https://s3.amazonaws.com', region: '', buckets: { traces: 'Traces_Bucket', logs: 'logs' }, credentialsSecret: '', insecure: false },
      remoteWrite: { url: 'mimir:9009/api/v1/push' },
    });
    expect(env.problems()).toEqual([
      'objectStorage.credentialsSecret: required (a Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the stack namespace)',
      "objectStorage.endpoint: 'https://s3.amazonaws.com' is not host[:port] (no scheme; e.g. s3.eu-west-1.amazonaws.com)",
      'objectStorage.region: required (e.g. eu-west-1; any value for MinIO)',
      "objectStorage.buckets.traces: 'Traces_Bucket' is not an S3 bucket name (3-63 lowercase letters, digits, '.', '-')",
      "remoteWrite.url: 'mimir:9009/api/v1/push' is not an http(s) URL (e.g. https://mimir.example.com/api/v1/push)",
    ]);
  });

  it('rejects cluster telemetry with a shared namespace, a relative checkpoint path, bad names, an unknown metric and a request above its limit', () => {
    const env = overlay({
      clusterTelemetry: {
        ...DEFAULT_CLUSTER_TELEMETRY,
        agentNamespace: 'observability',
        checkpointHostPath: 'var/lib/agent',
        logs: { includeNamespaces: [], excludeNamespaces: ['Kube_System'], excludeContainers: [] },
        metricAllowlist: ['k8s.pod.cpu.usage', 'k8s.pod.cpu.utilisation'],
        agentResources: { requests: { cpu: '1', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      },
    });
    expect(env.problems()).toEqual([
      "clusterTelemetry.logs.excludeNamespaces[0]: 'Kube_System' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
      "clusterTelemetry.agentNamespace: 'observability' is already used by the stack or the app; the agent needs a namespace of its own (its Pod Security level is privileged)",
      "clusterTelemetry.checkpointHostPath: 'var/lib/agent' is not an absolute directory path (e.g. /var/lib/otel-lgtm/node-agent)",
      "clusterTelemetry.metricAllowlist[1]: 'k8s.pod.cpu.utilisation' is not a metric kubelet_stats or k8s_cluster emits by default (e.g. k8s.pod.cpu.usage, k8s.pod.phase)",
      'clusterTelemetry.agentResources.requests.cpu: 1 exceeds limits.cpu 500m (a request must not exceed its limit)',
    ]);
    expect(overlay({ clusterTelemetry: { ...DEFAULT_CLUSTER_TELEMETRY, enabled: false, agentNamespace: 'observability' } }).problems()).toEqual([]);
  });

  it('validate() throws a SettingsError carrying every problem', () => {
    const env = overlay({ collectorReplicas: 0, retention: { metrics: 'soon', logs: '72h', traces: '48h' } });
    expect(() => env.validate()).toThrow(SettingsError);
    expect(() => env.validate()).toThrow(/invalid settings for environment 'custom':\n {2}- collectorReplicas: .*\n {2}- retention.metrics: /);
  });
});

describe('quantity and duration arithmetic', () => {
  it.each([['250m', 0.25], ['1', 1], ['512Mi', 512 * 2 ** 20], ['1Gi', 2 ** 30], ['2G', 2e9], ['1e3', 1000]])('%s = %d', (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v);
  });

  it.each([['15d', 15 * 86400], ['48h', 172800], ['1h30m', 5400], ['1w', 604800]])('%s = %d s', (d, s) => {
    expect(durationSeconds(d)).toBe(s);
  });
});

describe('memory requests are sized from measurement', () => {
  it.each(Object.keys(ENVIRONMENTS))('%s requests at least the measured RSS of every workload', (name) => {
    const env = ENVIRONMENTS[name]();
    for (const [workload, mib] of Object.entries(MEASURED_RSS_MIB)) {
      const request = parseQuantity(env.resources[workload as keyof typeof MEASURED_RSS_MIB].requests.memory) / 2 ** 20;
      expect([workload, request >= mib]).toEqual([workload, true]);
    }
  });
});
