import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Alertmanager, receiverPorts } from './alertmanager';
import { stackDashboards } from '../config/dashboards';
import type { ScrapeJobs } from '../config/scrape-jobs';
import { DEFAULT_RULE_SETTINGS, RuleFile, prometheusRules } from '../config/rules';
import { StackSettings } from '../settings';
import { SettingsError } from '../settings/validation';
import { checkMetricPipeline } from './pipeline-check';
import { buildClusterTelemetry } from './cluster-telemetry';
import { OtelCollector } from './collector';
import { DemoApp } from './demo-app';
import { Grafana } from './grafana';
import { LoadGenerator } from './load-generator';
import { Loki } from './loki';
import { Namespaces, TELEMETRY_CLIENT_LABEL } from './namespaces';
import { Flow, NetworkPolicies, Pods } from './network-policies';
import { Endpoint, HttpApi, externalApi, portOfHostPort, portOfUrl } from './endpoint';
import { objectStoragePort } from './object-storage';
import { Prometheus } from './prometheus';
import { Tempo } from './tempo';
import { VerifyJob } from './verify-job';
import { Workload } from './workload';
import { componentChart } from './component-props';
import {
  alertmanagerProps, collectorProps, demoAppProps, grafanaProps, loadGeneratorProps, lokiProps, prometheusProps, tempoProps, verifyJobProps,
} from './props-from-settings';
import type { EstimatedParts } from './series-sources';

const API_SERVER_PORTS = [443, 6443];

/** The sampler tier's connections: from the gateways, to Tempo and Prometheus, scraped by Prometheus. */
function samplerFlows(gateway: Workload, sampler: Workload, tempo: Workload | undefined, prometheus: Workload | undefined): Flow[] {
  return [
    { from: gateway, to: sampler, ports: ['otlp-grpc'] },
    ...(tempo ? [{ from: sampler, to: tempo, ports: ['otlp-grpc'] }] : []),
    ...(prometheus ? [{ from: sampler, to: prometheus, ports: ['http'] }, { from: prometheus, to: sampler, ports: ['metrics'] }] : []),
  ];
}

/** The addresses of the stack's HTTP APIs (in-cluster, or a destination's for a backend that is off): what `verify` talks to by default. */
export interface StackEndpoints {
  /** The collector's OTLP/HTTP receiver. */
  readonly collectorOtlpHttp: Endpoint;
  readonly tempo: HttpApi;
  readonly loki: HttpApi;
  readonly prometheus: HttpApi;
  readonly grafana: Endpoint;
}

/** The TCP ports of every external destination. */
function destinationPorts(env: StackSettings): number[] {
  const ports = Object.values(env.destinations).flat()
    .map((d) => (d.protocol === 'otlp_grpc' ? portOfHostPort(d.endpoint, d.tls?.insecure ?? false) : portOfUrl(d.endpoint)));
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** The verify Job sends its probe to the collector and asks every backend's HTTP API. */
function verifyFlows(verify: Pods, collector: Workload, backends: readonly Workload[]): Flow[] {
  return [{ from: verify, to: collector, ports: ['otlp-http'] }, ...backends.map((to) => ({ from: verify, to, ports: ['http'] }))];
}

/** What `assembleStack` made, for the construct that owns the stack. */
export interface AssembledStack {
  /** The stack's APIs. */
  readonly endpoints: StackEndpoints;
  /** The collector, whose endpoints instrumented workloads send to. */
  readonly collector: OtelCollector;
  /** The stack namespace's policies, when the environment has them (to admit instrumented workloads). */
  readonly networkPolicies?: NetworkPolicies;
  /** The scrape jobs every rule and dashboard selects (config/scrape-jobs.ts). */
  readonly jobs: ScrapeJobs;
  /** The rule file: what the in-cluster Prometheus loads, or an external ruler should when it is off. */
  readonly rules: RuleFile;
  /** What the active-series estimate reads (./series-sources). */
  readonly estimated: EstimatedParts;
}

/** Composes the whole stack for one environment into `app`, wiring each component's endpoints into the next. */
export function assembleStack(app: Construct, env: StackSettings): AssembledStack {
  const agentNamespace = env.clusterTelemetry.enabled ? env.clusterTelemetry.agentNamespace : undefined;
  const namespaces = new Chart(app, 'namespaces', { disableResourceNameHashes: true });
  new Namespaces(namespaces, 'namespaces', { stack: env.stackNamespace, apps: env.app.enabled ? [env.appNamespace] : [], agent: agentNamespace });
  // One chart per component, so each lands in a file of its own (in apply order: the namespaces' first).
  const chart = (id: string, namespace: string): Chart => componentChart(app, id, namespace, namespaces);
  const inStack = (id: string) => chart(id, env.stackNamespace);

  // A backend that is off is replaced by a destination (validated: one with a queryUrl exists).
  const tempo = env.backends.tempo ? new Tempo(inStack('tempo'), 'tempo', tempoProps(env)) : undefined;
  const loki = env.backends.loki ? new Loki(inStack('loki'), 'loki', lokiProps(env)) : undefined;
  // The query API of a signal's backend that is off: its destination's (validation requires one).
  const destinationApi = (signal: keyof StackSettings['destinations']): HttpApi => externalApi(env.destinations[signal].find((d) => d.queryUrl)!.queryUrl!);
  const tempoApi: HttpApi = tempo?.queryHttp ?? destinationApi('traces');
  const lokiApi: HttpApi = loki?.queryHttp ?? destinationApi('logs');
  const present = <T>(...items: Array<T | undefined>): T[] => items.filter((i): i is T => i !== undefined);
  // Alertmanager receives what Prometheus's rules fire: with Prometheus off it has no sender here.
  const alertmanager = env.backends.prometheus ? new Alertmanager(inStack('alertmanager'), 'alertmanager', alertmanagerProps(env)) : undefined;
  const prometheus = alertmanager ? new Prometheus(inStack('prometheus'), 'prometheus', prometheusProps(env, { alertmanagers: alertmanager.alertReceivers })) : undefined;
  const prometheusApi: HttpApi = prometheus?.queryHttp ?? destinationApi('metrics');
  const collector = new OtelCollector(inStack('collector'), 'collector', collectorProps(env, {
    traces: tempo?.otlpGrpc, logs: loki?.otlpHttpBase, metrics: prometheus?.otlpReceivers,
  }));
  const grafana = new Grafana(inStack('grafana'), 'grafana', grafanaProps(env, {
    // Produced at synthesis, when `jobs` below holds every workload, Grafana's own included.
    prometheus: prometheusApi, tempo: tempoApi, loki: lokiApi, alertmanager: alertmanager?.http,
    dashboards: () => dashboards,
  }));
  const cluster = env.clusterTelemetry.enabled ? buildClusterTelemetry(app, env, namespaces, collector, API_SERVER_PORTS, prometheus) : undefined;
  // Every job selector of the rules and dashboards comes from the workloads this environment runs.
  // The cluster receiver is a collector too: its export failures alert like the gateway's.
  const collectors = [collector.workload, ...(collector.sampler ? [collector.sampler] : []), ...(cluster ? [cluster.receiver] : [])];
  const tempoWorkloads = tempo?.workloads ?? [];
  const monitored = [...collectors, ...tempoWorkloads, ...present(loki?.workload, prometheus?.workload), grafana.workload, ...present(alertmanager?.workload)];
  // The node agents run in their own namespace and are scraped there: a collector tier like the others.
  const agentJobs = cluster && prometheus ? [cluster.agent.name] : [];
  // A backend's scraped jobs: one per workload (Tempo's microservices are several), none when it is off.
  const scraped = (...ws: Array<Workload | undefined>) => {
    const names = present(...ws).filter((w) => w.scraped).map((w) => w.name);
    return names.length === 0 ? undefined : names.length === 1 ? names[0] : names;
  };
  const jobs: ScrapeJobs = {
    scraped: [...monitored.filter((w) => w.scraped).map((w) => w.name), ...agentJobs],
    collectors: [...collectors.map((w) => w.name), ...agentJobs],
    // Each backend's own alerts select its job; a backend that is off has none.
    backends: Object.fromEntries(Object.entries({
      loki: scraped(loki?.workload), tempo: scraped(...tempoWorkloads), prometheus: scraped(prometheus?.workload), alertmanager: scraped(alertmanager?.workload),
    }).filter(([, job]) => job !== undefined)),
  };
  const scope = { clusterTelemetry: cluster !== undefined, alertmanagerCluster: (alertmanager?.alertReceivers.length ?? 0) > 1 };
  prometheus?.monitor(jobs, scope);
  // Without an in-cluster Prometheus, the same rule file is for the external ruler (`otel-lgtm rules`).
  const rules = prometheus?.ruleFile() ?? prometheusRules(DEFAULT_RULE_SETTINGS, jobs, { ...scope, alerts: env.alerts });
  const dashboards = stackDashboards(jobs, { cluster: scope.clusterTelemetry });
  const pipelineProblems = checkMetricPipeline(env, { collector, cluster, jobs, rules, dashboards });
  if (pipelineProblems.length > 0) throw new SettingsError(env.name, pipelineProblems);
  alertmanager?.collectorExportsTo(present(collector.sampler, ...tempoWorkloads, loki?.workload, prometheus?.workload));

  if (env.app.enabled) {
    const demo = new DemoApp(chart('demo-app', env.appNamespace), 'demo-app', demoAppProps(env, { otlp: collector.otlpHttp }));
    if (env.loadGenerator.enabled) new LoadGenerator(chart('loadgen', env.appNamespace), 'loadgen', loadGeneratorProps(env, { target: demo.http }));
  }

  const endpoints: StackEndpoints = {
    collectorOtlpHttp: collector.otlpHttp, tempo: tempoApi, loki: lokiApi, prometheus: prometheusApi, grafana: grafana.http,
  };
  const verify = env.verifyJob.enabled ? new VerifyJob(inStack('verify'), 'verify', verifyJobProps(env, { endpoints })).pods : undefined;

  let networkPolicies: NetworkPolicies | undefined;
  if (env.networkPolicies.enabled) {
    // Traces enter Tempo at `t` (the process, or its distributors) and are queried at `tq` (the process, or its query-frontends).
    const [c, t, tq, l, p, g] = [collector.workload, tempo?.workload, tempo?.queryWorkload, loki?.workload, prometheus?.workload, grafana.workload];
    const a = alertmanager?.workload;
    const collectorTiers = present(c, collector.sampler);
    const queryPorts = [...new Set([...(t ? [] : [tempoApi]), ...(l ? [] : [lokiApi]), ...(p ? [] : [prometheusApi])].map((api) => portOfUrl(api.url())))];
    // Prometheus scrapes every scraped workload of the namespace (when it runs).
    const scrapes = (to: Workload | undefined, port = 'metrics'): Flow[] => (p && to ? [{ from: p, to, ports: [port] }] : []);
    networkPolicies = new NetworkPolicies(inStack('network-policies'), 'network-policies', {
      flows: [
        { from: { namespaceLabels: TELEMETRY_CLIENT_LABEL }, to: c, ports: ['otlp-grpc', 'otlp-http'] },
        // With a sampler tier, traces reach Tempo only through it.
        ...(collector.sampler || !t ? [] : [{ from: c, to: t, ports: ['otlp-grpc'] }]),
        ...present(l, p).map((to) => ({ from: c, to, ports: ['http'] })),
        ...present(tq, l, p).map((to) => ({ from: g, to, ports: ['http'] })),
        ...scrapes(c),
        ...present(...tempoWorkloads, l).flatMap((to) => scrapes(to, 'http')),
        ...scrapes(g, 'http'),
        ...scrapes(p, 'http'),
        { from: { namespaceLabels: { 'kubernetes.io/metadata.name': env.networkPolicies.ingressControllerNamespace } }, to: g, ports: ['http'] },
        ...(collector.sampler ? samplerFlows(c, collector.sampler, t, p) : []),
        ...(verify ? verifyFlows(verify, c, present(tq, l, p, g)) : []),
        // Alerts in (and scrapes); Grafana reads alerts and silences.
        ...(a && p ? [{ from: p, to: a, ports: ['http'] }, { from: g, to: a, ports: ['http'] }] : []),
        // Alertmanager replicas gossip with each other (silences, the notification log).
        ...(a && alertmanager.alertReceivers.length > 1 ? [{ from: a, to: a, ports: ['cluster'] }] : []),
        ...(cluster ? [...cluster.flows, ...scrapes(cluster.receiver)] : []),
        // Loki's replicas: gossip (memberlist) and pushes and queries between them (gRPC, by pod address from the ring).
        ...(loki?.memberlist && l ? [{ from: l, to: l, ports: ['memberlist', 'grpc'] }] : []),
        // Tempo's microservices: rings (memberlist), queriers to frontends and workers to the scheduler (gRPC), live-store queries (HTTP and gRPC).
        ...(tempo?.peers ? [{ from: tempo.peers, to: tempo.peers, ports: ['http', 'grpc', 'memberlist'] }] : []),
      ],
      externalEgress: [
        // The API server's address differs per cluster: pod discovery and k8s_attributes reach it on its usual ports.
        { from: c, ports: API_SERVER_PORTS },
        ...present(p).map((from) => ({ from, ports: API_SERVER_PORTS })),
        ...(env.objectStorage ? present<Pods>(tempo?.peers ?? t, l).map((from) => ({ from, ports: [objectStoragePort(env.objectStorage!)] })) : []),
        // Tempo's microservices write to and read from your Kafka.
        ...(tempo?.peers && env.tempo.microservices ? [{ from: tempo.peers, ports: [portOfHostPort(env.tempo.microservices.kafkaAddress, false)] }] : []),
        // External destinations: every collector tier may send to them; Grafana and verify query a backend that is off there.
        ...(destinationPorts(env).length > 0 ? collectorTiers.map((from) => ({ from, ports: destinationPorts(env) })) : []),
        ...(queryPorts.length > 0 ? present<Pods>(g, verify).map((from) => ({ from, ports: queryPorts })) : []),
        ...(env.remoteWrite ? present(p).map((from) => ({ from, ports: [portOfUrl(env.remoteWrite!.url)] })) : []),
        // Notifications leave the cluster (Slack, PagerDuty, webhooks, the SMTP relay).
        ...present(a).map((from) => ({ from, ports: receiverPorts([env.alerting.page, env.alerting.ticket]) })),
        ...(cluster?.externalEgress ?? []),
      ],
    });
  }
  const estimated: EstimatedParts = {
    scraped: [
      ...collectors.map((w) => [w, 'collector'] as const),
      ...tempoWorkloads.map((w) => [w, 'tempo'] as const), [loki?.workload, 'loki'], [prometheus?.workload, 'prometheus'], [grafana.workload, 'grafana'], [alertmanager?.workload, 'alertmanager'],
    ],
    agentJobs,
    collectorConfigs: [collector.configs.gateway, collector.configs.sampler],
    rules,
  };
  return { endpoints, collector, networkPolicies, jobs, rules, estimated };
}
