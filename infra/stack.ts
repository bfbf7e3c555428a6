import { Construct } from 'constructs';
import { Alertmanager, receiverPorts } from './alertmanager';
import { stackDashboards } from '../config/dashboards';
import type { StackJobs } from '../config/stack-jobs';
import { Environment } from '../overlays';
import { buildClusterTelemetry } from './cluster-telemetry';
import { OtelCollector } from './collector';
import { DemoApp } from './demo-app';
import { Grafana } from './grafana';
import { LoadGenerator } from './load-generator';
import { Loki } from './loki';
import { Namespaces, TELEMETRY_CLIENT_LABEL } from './namespaces';
import { Flow, NetworkPolicies, Pods } from './network-policies';
import { Endpoint, portOfHostPort, portOfUrl } from './endpoint';
import { Prometheus } from './prometheus';
import { Tempo } from './tempo';
import { VerifyJob } from './verify-job';
import { Workload } from './workload';

const API_SERVER_PORTS = [443, 6443];

/** The sampler tier's connections: from the gateways, to Tempo and Prometheus, scraped by Prometheus. */
function samplerFlows(gateway: Workload, sampler: Workload, tempo: Workload, prometheus: Workload): Flow[] {
  return [
    { from: gateway, to: sampler, ports: ['otlp-grpc'] },
    { from: sampler, to: tempo, ports: ['otlp-grpc'] },
    { from: sampler, to: prometheus, ports: ['http'] },
    { from: prometheus, to: sampler, ports: ['metrics'] },
  ];
}

/** The in-cluster addresses of the stack's HTTP APIs: what `verify` talks to by default. */
export interface StackEndpoints {
  /** The collector's OTLP/HTTP receiver. */
  readonly collectorOtlpHttp: Endpoint;
  readonly tempo: Endpoint;
  readonly loki: Endpoint;
  readonly prometheus: Endpoint;
  readonly grafana: Endpoint;
}

/** The verify Job sends its probe to the collector and asks every backend's HTTP API. */
function verifyFlows(verify: Pods, collector: Workload, backends: readonly Workload[]): Flow[] {
  return [{ from: verify, to: collector, ports: ['otlp-http'] }, ...backends.map((to) => ({ from: verify, to, ports: ['http'] }))];
}

/** What `buildStack` made, for the construct that owns the stack. */
export interface BuiltStack {
  /** The stack's APIs. */
  readonly endpoints: StackEndpoints;
  /** The collector, whose endpoints instrumented workloads send to. */
  readonly collector: OtelCollector;
  /** The stack namespace's policies, when the environment has them (to admit instrumented workloads). */
  readonly networkPolicies?: NetworkPolicies;
}

/** Composes the whole stack for one environment into `app`, wiring each component's endpoints into the next. */
export function buildStack(app: Construct, env: Environment): BuiltStack {
  const agentNamespace = env.clusterTelemetry.enabled ? env.clusterTelemetry.agentNamespace : undefined;
  const namespaces = new Namespaces(app, 'namespaces', { stack: env.stackNamespace, apps: env.app.enabled ? [env.appNamespace] : [], agent: agentNamespace });
  const stack = { env, namespace: env.stackNamespace, dependsOn: [namespaces] };
  const apps = { env, namespace: env.appNamespace, dependsOn: [namespaces] };

  const tempo = new Tempo(app, 'tempo', stack);
  const loki = new Loki(app, 'loki', stack);
  const alertmanager = new Alertmanager(app, 'alertmanager', stack);
  const prometheus = new Prometheus(app, 'prometheus', { ...stack, alertmanager: alertmanager.http });
  const collector = new OtelCollector(app, 'collector', {
    ...stack, traces: tempo.otlpGrpc, logs: loki.otlpHttpBase, metrics: prometheus.otlpHttpBase,
  });
  const grafana = new Grafana(app, 'grafana', {
    // Produced at synthesis, when `jobs` below holds every workload, Grafana's own included.
    ...stack, prometheus: prometheus.queryHttp, tempo: tempo.queryHttp, loki: loki.queryHttp, alertmanager: alertmanager.http,
    dashboards: () => stackDashboards(jobs, { cluster: env.clusterTelemetry.enabled }),
  });
  const cluster = env.clusterTelemetry.enabled ? buildClusterTelemetry(app, env, namespaces, collector, API_SERVER_PORTS) : undefined;
  // Every job selector of the rules and dashboards comes from the workloads this environment runs.
  // The cluster receiver is a collector too: its export failures alert like the gateway's.
  const collectors = [collector.workload, ...(collector.sampler ? [collector.sampler] : []), ...(cluster ? [cluster.receiver] : [])];
  const monitored = [...collectors, tempo.workload, loki.workload, prometheus.workload, grafana.workload, alertmanager.workload];
  const jobs: StackJobs = { scraped: monitored.filter((w) => w.scraped).map((w) => w.name), collectors: collectors.map((w) => w.name) };
  prometheus.monitor(jobs);
  alertmanager.collectorExportsTo([...(collector.sampler ? [collector.sampler] : []), tempo.workload, loki.workload, prometheus.workload]);

  if (env.app.enabled) {
    const demo = new DemoApp(app, 'demo-app', { ...apps, otlp: collector.otlpHttp, otlpCaConfigMap: env.collector.otlpTls?.caConfigMapName });
    if (env.loadGenerator.enabled) new LoadGenerator(app, 'loadgen', { ...apps, target: demo.http });
  }

  const endpoints: StackEndpoints = {
    collectorOtlpHttp: collector.otlpHttp, tempo: tempo.queryHttp, loki: loki.queryHttp, prometheus: prometheus.queryHttp, grafana: grafana.http,
  };
  const verify = env.verifyJob.enabled ? new VerifyJob(app, 'verify', { ...stack, endpoints }).pods : undefined;

  let networkPolicies: NetworkPolicies | undefined;
  if (env.networkPolicies.enabled) {
    const [c, t, l, p, g] = [collector.workload, tempo.workload, loki.workload, prometheus.workload, grafana.workload];
    networkPolicies = new NetworkPolicies(app, 'network-policies', {
      ...stack,
      flows: [
        { from: { namespaceLabels: TELEMETRY_CLIENT_LABEL }, to: c, ports: ['otlp-grpc', 'otlp-http'] },
        // With a sampler tier, traces reach Tempo only through it.
        ...(collector.sampler ? [] : [{ from: c, to: t, ports: ['otlp-grpc'] }]),
        { from: c, to: l, ports: ['http'] },
        { from: c, to: p, ports: ['http'] },
        { from: g, to: t, ports: ['http'] },
        { from: g, to: l, ports: ['http'] },
        { from: g, to: p, ports: ['http'] },
        { from: p, to: c, ports: ['metrics'] },
        { from: p, to: t, ports: ['http'] },
        { from: p, to: l, ports: ['http'] },
        { from: p, to: g, ports: ['http'] },
        { from: p, to: p, ports: ['http'] },
        { from: { namespaceLabels: { 'kubernetes.io/metadata.name': env.networkPolicies.ingressControllerNamespace } }, to: g, ports: ['http'] },
        ...(collector.sampler ? samplerFlows(c, collector.sampler, t, p) : []),
        ...(verify ? verifyFlows(verify, c, [t, l, p, g]) : []),
        // Alerts in (and scrapes); Grafana reads alerts and silences.
        { from: p, to: alertmanager.workload, ports: ['http'] },
        { from: g, to: alertmanager.workload, ports: ['http'] },
        ...(cluster ? [...cluster.flows, { from: p, to: cluster.receiver, ports: ['metrics'] }] : []),
      ],
      externalEgress: [
        // The API server's address differs per cluster: pod discovery and k8s_attributes reach it on its usual ports.
        { from: c, ports: API_SERVER_PORTS },
        { from: p, ports: API_SERVER_PORTS },
        ...(env.objectStorage ? [t, l].map((from) => ({ from, ports: [portOfHostPort(env.objectStorage!.endpoint, env.objectStorage!.insecure)] })) : []),
        ...(env.remoteWrite ? [{ from: p, ports: [portOfUrl(env.remoteWrite.url)] }] : []),
        // Notifications leave the cluster (Slack, PagerDuty, webhooks, the SMTP relay).
        { from: alertmanager.workload, ports: receiverPorts([env.alerting.page, env.alerting.ticket]) },
        ...(cluster?.externalEgress ?? []),
      ],
    });
  }
  return { endpoints, collector, networkPolicies };
}
