import { App } from 'cdk8s';
import { Alertmanager, receiverPorts } from './alertmanager';
import { stackDashboards } from '../config/dashboards';
import { Environment } from '../overlays';
import { OtelCollector } from './collector';
import { DemoApp } from './demo-app';
import { Grafana } from './grafana';
import { LoadGenerator } from './load-generator';
import { Loki } from './loki';
import { Namespaces, TELEMETRY_CLIENT_LABEL } from './namespaces';
import { Flow, NetworkPolicies } from './network-policies';
import { portOfHostPort, portOfUrl } from './endpoint';
import { Prometheus } from './prometheus';
import { Tempo } from './tempo';
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

/** Composes the whole stack for one environment into `app`, wiring each component's endpoints into the next. */
export function buildStack(app: App, env: Environment): void {
  const namespaces = new Namespaces(app, 'namespaces', { stack: env.stackNamespace, apps: [env.appNamespace] });
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
    ...stack, prometheus: prometheus.queryHttp, tempo: tempo.queryHttp, loki: loki.queryHttp, alertmanager: alertmanager.http, dashboards: stackDashboards(),
  });
  prometheus.alertWhenDown([collector.workload, ...(collector.sampler ? [collector.sampler] : []), tempo.workload, loki.workload, prometheus.workload, grafana.workload]);
  prometheus.alertWhenDown([alertmanager.workload]);
  alertmanager.collectorExportsTo([...(collector.sampler ? [collector.sampler] : []), tempo.workload, loki.workload, prometheus.workload]);

  const demo = new DemoApp(app, 'demo-app', { ...apps, otlp: collector.otlpHttp, otlpCaConfigMap: env.collector.otlpTls?.caConfigMapName });
  if (env.loadGenerator.enabled) new LoadGenerator(app, 'loadgen', { ...apps, target: demo.http });

  if (env.networkPolicies.enabled) {
    const [c, t, l, p, g] = [collector.workload, tempo.workload, loki.workload, prometheus.workload, grafana.workload];
    new NetworkPolicies(app, 'network-policies', {
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
        // Alerts in (and scrapes); Grafana reads alerts and silences.
        { from: p, to: alertmanager.workload, ports: ['http'] },
        { from: g, to: alertmanager.workload, ports: ['http'] },
      ],
      externalEgress: [
        // The API server's address differs per cluster: pod discovery and k8s_attributes reach it on its usual ports.
        { from: c, ports: API_SERVER_PORTS },
        { from: p, ports: API_SERVER_PORTS },
        ...(env.objectStorage ? [t, l].map((from) => ({ from, ports: [portOfHostPort(env.objectStorage!.endpoint, env.objectStorage!.insecure)] })) : []),
        ...(env.remoteWrite ? [{ from: p, ports: [portOfUrl(env.remoteWrite.url)] }] : []),
        // Notifications leave the cluster (Slack, PagerDuty, webhooks, the SMTP relay).
        { from: alertmanager.workload, ports: receiverPorts([env.alerting.page, env.alerting.ticket]) },
      ],
    });
  }
}
