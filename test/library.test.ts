/**
 * The stack as a library: one construct with deep-partial props, placed in a user's own chart,
 * instrumenting the user's workloads by reference.
 */
import { App, Chart, Testing } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { CollectorAdditions, LgtmStack, LgtmStackProps, SettingsError, mergeProps, presets } from '../infra';

type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: any };
const objectsOf = (app: App): Obj[] => app.charts.flatMap((c) => c.toJson() as Obj[]);
const configMap = (objects: Obj[], name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!.data;

describe('LgtmStack props', () => {
  it('merges partial props over every default: one field changes, the rest stay', () => {
    const app = Testing.app();
    const stack = new LgtmStack(new Chart(app, 'mine'), 'lgtm', { retention: { logs: '14d' } });
    expect(stack.settings.retention).toEqual({ metrics: '7d', logs: '14d', traces: '48h' });
    expect(stack.settings.name).toBe('lgtm');
    const loki = parse(configMap(objectsOf(app), 'loki-config')['loki.yaml']);
    expect(loki.limits_config.retention_period).toBe('336h');
  });

  it('layers a preset and overrides with mergeProps', () => {
    const props = mergeProps(presets.prod, { sampling: { percentOfRest: 5 }, alerting: { ticket: { email: undefined } } });
    const stack = new LgtmStack(Testing.app(), 'prod', props);
    expect(stack.settings.sampling).toMatchObject({ enabled: true, loadBalancing: true, percentOfRest: 5, keepErrors: true });
    expect(stack.settings.alerting.ticket).toEqual({ slack: { secretName: 'alertmanager-slack', channel: '#observability' } });
  });

  it('stops with one line per bad field, naming it and what is allowed', () => {
    const build = () => new LgtmStack(Testing.app(), 'x', { collectorReplicas: 0, retention: { logs: '7days' } });
    expect(build).toThrow(SettingsError);
    expect(build).toThrow([
      "invalid settings for environment 'x':",
      '  - collectorReplicas: 0 is not allowed (an integer from 1 up)',
      "  - retention.logs: '7days' is not a duration (integers with units y, w, d, h, m, s, ms, largest first; e.g. 15d, 48h, 1h30m)",
    ].join('\n'));
  });

  it('names an unknown setting', () => {
    expect(() => new LgtmStack(Testing.app(), 'x', { lokiRetention: '14d' } as never)).toThrow(/lokiRetention: not a setting \(one of /);
  });
});

describe('LgtmStack.instrument', () => {
  function shop(stackProps = {}) {
    const app = Testing.app();
    const stack = new LgtmStack(new Chart(app, 'observability'), 'lgtm', { app: { enabled: false }, loadGenerator: { enabled: false }, ...stackProps });
    const deployment = new Deployment(new Chart(app, 'shop', { namespace: 'shop' }), 'checkout', {
      containers: [{ image: 'shop/checkout:1.0.0', portNumber: 8080 }],
    });
    return { app, stack, deployment };
  }

  it('points every container at the collector by reference, with service name and k8s resource attributes', () => {
    const { app, stack, deployment } = shop();
    stack.instrument(deployment, { serviceName: 'checkout' });
    const dep = objectsOf(app).find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'shop')!;
    const env = Object.fromEntries(dep.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom.fieldRef.fieldPath]));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(stack.collector.otlpHttp.url());
    expect(env.OTEL_SERVICE_NAME).toBe('checkout');
    expect(env.K8S_POD_NAME).toBe('metadata.name');
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toBe('service.namespace=shop,k8s.namespace.name=shop,deployment.environment.name=lgtm,k8s.pod.name=$(K8S_POD_NAME),k8s.pod.uid=$(K8S_POD_UID),k8s.node.name=$(K8S_NODE_NAME)');
  });

  it("admits the workload's namespace to the collector's OTLP ports", () => {
    const { app, stack, deployment } = shop();
    const ingress = () => objectsOf(app).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'otel-collector-ingress')!.spec.ingress;
    const admitsShop = () => ingress().some((r: any) => r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === 'shop');
    expect(admitsShop()).toBe(false);
    stack.instrument(deployment);
    expect(admitsShop()).toBe(true);
  });

  it('refuses a workload it cannot admit, naming it', () => {
    const app = Testing.app();
    const stack = new LgtmStack(new Chart(app, 'o'), 'lgtm');
    const loose = new Deployment(new Chart(app, 'no-namespace'), 'loose', { containers: [{ image: 'x/y:1' }] });
    expect(() => stack.instrument(loose)).toThrow(/^instrument\(no-namespace-loose-c8[0-9a-f]+\): the workload has no namespace/);
    const inside = new Deployment(new Chart(app, 'inside', { namespace: 'observability' }), 'inside', { containers: [{ image: 'x/y:1' }] });
    expect(() => stack.instrument(inside)).toThrow(/namespace 'observability' is the stack's own/);
  });
});

describe('knobs Helm users expect', () => {
  const objects = (props: LgtmStackProps) => {
    const app = Testing.app();
    new LgtmStack(app, 'x', props);
    return objectsOf(app);
  };
  const pod = (objs: Obj[], name: string) => objs.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name)!.spec.template;

  it('images from a mirror, one component re-tagged', () => {
    const objs = objects({ images: { registry: 'registry.example.com/mirror', components: { loki: { tag: '3.7.8' } } } });
    expect(pod(objs, 'loki').spec.containers[0].image).toBe('registry.example.com/mirror/grafana/loki:3.7.8');
    expect(pod(objs, 'tempo').spec.containers[0].image).toBe('registry.example.com/mirror/grafana/tempo:3.0.3');
  });

  it('scheduling, metadata, pull secrets and extra env on every pod; selectors untouched', () => {
    const objs = objects({
      pods: {
        nodeSelector: { pool: 'observability' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'obs', effect: 'NoSchedule' }],
        priorityClassName: 'observability', labels: { team: 'platform' }, annotations: { 'example.com/owner': 'platform' },
        imagePullSecrets: ['mirror-pull'], serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' },
        extraEnv: { loki: { GOGC: '50' } },
      },
    });
    for (const name of ['otel-collector', 'tempo', 'loki', 'prometheus', 'grafana', 'alertmanager', 'demo-app']) {
      const t = pod(objs, name);
      expect(t.spec).toMatchObject({ nodeSelector: { pool: 'observability' }, priorityClassName: 'observability', imagePullSecrets: [{ name: 'mirror-pull' }] });
      expect(t.spec.tolerations).toHaveLength(1);
      expect(t.metadata.labels.team).toBe('platform');
      expect(t.metadata.annotations['example.com/owner']).toBe('platform');
    }
    expect(pod(objs, 'loki').spec.containers[0].env).toContainEqual({ name: 'GOGC', value: '50' });
    const accounts = objs.filter((o) => o.kind === 'ServiceAccount');
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts) expect(a.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::1:role/x');
    const deployment = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-app')!;
    expect(deployment.spec.selector.matchLabels).not.toHaveProperty('team');
  });

  it('extra volumes per workload and topology spread for every pod', () => {
    const objs = objects({
      pods: {
        extraVolumes: { grafana: [{ volume: { name: 'extra-ca', configMap: { name: 'corporate-ca' } }, mountPath: '/etc/ssl/corporate' }] },
        topologySpread: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      },
    });
    const grafana = pod(objs, 'grafana').spec;
    expect(grafana.volumes).toContainEqual({ name: 'extra-ca', configMap: { name: 'corporate-ca' } });
    expect(grafana.containers[0].volumeMounts).toContainEqual({ name: 'extra-ca', mountPath: '/etc/ssl/corporate', readOnly: true });
    expect(pod(objs, 'tempo').spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'tempo' } },
    }]);
  });

  it('refuses a latest tag and a registry with a scheme, naming the field', () => {
    expect(() => objects({ images: { registry: 'https://r.example.com', components: { tempo: { tag: 'latest' } } } })).toThrow([
      "invalid settings for environment 'x':",
      "  - images.registry: 'https://r.example.com' is not a registry (host[:port][/path], no scheme; e.g. registry.example.com/mirror)",
      "  - images.components.tempo.tag: 'latest' must be a pinned tag (e.g. 1.2.3), not latest or empty",
    ].join('\n'));
  });

  it("merges the user's own collector components into named pipelines, checked", () => {
    const additions: CollectorAdditions = {
      processors: { 'attributes/team': { actions: [{ key: 'team', value: 'shop', action: 'insert' }] } },
      exporters: { 'otlp_http/vendor': { endpoint: 'https://otlp.vendor.example', retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '300s' }, sending_queue: { enabled: true, num_consumers: 2, queue_size: 1000 } } },
      pipelines: { traces: { processors: ['attributes/team'], exporters: ['otlp_http/vendor'] } },
    };
    const config = parse(configMap(objects({ collector: { additions } }), 'otel-collector-config')['config.yaml']);
    expect(config.service.pipelines.traces.processors.slice(-2)).toEqual(['attributes/team', 'batch']);
    expect(config.service.pipelines.traces.exporters).toContain('otlp_http/vendor');
    expect(config.exporters['otlp_http/vendor'].endpoint).toBe('https://otlp.vendor.example');
    expect(() => objects({ collector: { additions: { pipelines: { profiles: { exporters: ['x'] } } } } as never })).toThrow([
      "invalid settings for environment 'x':",
      '  - collector.additions.pipelines.profiles: no such pipeline (one of traces, metrics, logs)',
    ].join('\n'));
  });
});

describe('destinations: external backends per signal', () => {
  const vendor = {
    protocol: 'otlp_http' as const, endpoint: 'https://otlp.vendor.example/otlp', headersSecret: 'vendor-otlp',
    headers: { authorization: 'authorization' }, queryUrl: 'https://tempo.vendor.example', tls: { caConfigMap: 'vendor-ca' },
  };
  const build = (props: LgtmStackProps) => {
    const app = Testing.app();
    const stack = new LgtmStack(app, 'x', props);
    return { stack, objs: objectsOf(app) };
  };

  it('adds an exporter per destination beside the in-cluster backend, credentials from the Secret by reference', () => {
    const { objs } = build({ destinations: { traces: [vendor] } });
    const config = parse(configMap(objs, 'otel-collector-config')['config.yaml']);
    expect(config.service.pipelines.traces.exporters).toEqual(expect.arrayContaining(['otlp_grpc/tempo', 'otlp_http/traces-0']));
    expect(config.exporters['otlp_http/traces-0']).toMatchObject({
      endpoint: 'https://otlp.vendor.example/otlp', headers: { authorization: '${env:OTEL_LGTM_TRACES_0_AUTHORIZATION}' },
      tls: { ca_file: '/etc/otelcol/destinations/vendor-ca/ca.crt' }, sending_queue: { enabled: true },
    });
    const container = objs.find((o) => o.metadata.name === 'otel-collector' && o.spec?.template)!.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'OTEL_LGTM_TRACES_0_AUTHORIZATION', valueFrom: { secretKeyRef: { name: 'vendor-otlp', key: 'authorization' } } });
    expect(JSON.stringify(objs.filter((o) => o.kind === 'ConfigMap'))).not.toContain('vendor-otlp');
  });

  it('with Tempo and Loki off: no in-cluster backend, every tier exports to the destinations, Grafana queries them, egress opens', () => {
    const { stack, objs } = build(mergeProps(presets.prod, {
      backends: { tempo: false, loki: false },
      destinations: { traces: [vendor], logs: [{ protocol: 'otlp_grpc', endpoint: 'loki.vendor.example:443', queryUrl: 'https://loki.vendor.example' }] },
    }));
    expect(objs.filter((o) => ['tempo', 'loki'].includes(o.metadata.name) && o.spec?.template)).toEqual([]);
    const sampler = parse(configMap(objs, 'otel-sampler-config')['config.yaml']);
    expect(sampler.service.pipelines['traces/sampled'].exporters).toEqual(['otlp_http/traces-0']);
    expect(sampler.exporters).not.toHaveProperty('otlp_grpc/tempo');
    const gateway = parse(configMap(objs, 'otel-collector-config')['config.yaml']);
    expect(gateway.service.pipelines.logs.exporters).toEqual(['otlp_grpc/logs-0']);
    const datasources = parse(configMap(objs, 'grafana-datasources')['datasources.yaml']).datasources;
    expect(datasources.find((d: any) => d.type === 'tempo').url).toBe('https://tempo.vendor.example');
    expect(datasources.find((d: any) => d.type === 'loki').url).toBe('https://loki.vendor.example');
    expect(stack.endpoints.tempo.url()).toBe('https://tempo.vendor.example');
    const egress = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'otel-sampler-egress')!.spec.egress;
    expect(egress.some((r: any) => r.to[0].ipBlock && r.ports.some((p: any) => p.port === 443))).toBe(true);
  });

  it('with Prometheus off: metrics to the destination, Grafana queries it, no Prometheus or Alertmanager, nothing points at them', () => {
    const mimir = { protocol: 'otlp_http' as const, endpoint: 'https://mimir.example.com/otlp', queryUrl: 'https://mimir.example.com/prometheus' };
    const { stack, objs } = build({ backends: { prometheus: false }, destinations: { metrics: [mimir] } });
    expect(objs.filter((o) => ['prometheus', 'alertmanager'].includes(o.metadata.name) && o.spec?.template)).toEqual([]);
    const gateway = parse(configMap(objs, 'otel-collector-config')['config.yaml']);
    expect(gateway.service.pipelines.metrics.exporters).toEqual(['otlp_http/metrics-0']);
    const datasources = parse(configMap(objs, 'grafana-datasources')['datasources.yaml']).datasources;
    expect(datasources.find((d: any) => d.uid === 'prometheus').url).toBe('https://mimir.example.com/prometheus');
    expect(datasources.some((d: any) => d.type === 'alertmanager')).toBe(false);
    expect(stack.endpoints.prometheus.url()).toBe('https://mimir.example.com/prometheus');
    expect(JSON.stringify(objs)).not.toMatch(/prometheus\.observability\.svc|alertmanager\.observability\.svc/);
    expect(() => build({ backends: { prometheus: false }, destinations: { metrics: [mimir] }, remoteWrite: { url: 'https://m.example.com/api/v1/push' } }))
      .toThrow(/remoteWrite: needs backends.prometheus/);
  });

  it('refuses a backend turned off without a destination Grafana can query, and malformed destinations, naming the field', () => {
    expect(() => build({ backends: { loki: false }, destinations: { traces: [{ protocol: 'otlp_grpc', endpoint: 'https://x' }], logs: [{ protocol: 'otlp_http', endpoint: 'https://l.example', headers: { authorization: 'token' } }] } })).toThrow([
      "invalid settings for environment 'x':",
      "  - destinations.traces[0].endpoint: 'https://x' is not host:port (e.g. tempo.example.com:443)",
      '  - destinations.logs[0].headers: need headersSecret (the Secret the values come from)',
      '  - backends.loki: off needs a destinations.logs entry with a queryUrl (where logs then go, and where Grafana reads them)',
    ].join('\n'));
  });
});
