import { App } from 'cdk8s';
import { Environment } from '../overlays';
import { OtelCollector } from './collector';
import { DemoApp } from './demo-app';
import { Grafana } from './grafana';
import { LoadGenerator } from './load-generator';
import { Loki } from './loki';
import { Namespaces } from './namespaces';
import { Prometheus } from './prometheus';
import { Tempo } from './tempo';

/** Composes the whole stack for one environment into `app`, wiring each component's endpoints into the next. */
export function buildStack(app: App, env: Environment): void {
  const namespaces = new Namespaces(app, 'namespaces', { names: [env.stackNamespace, env.appNamespace] });
  const stack = { env, namespace: env.stackNamespace, dependsOn: [namespaces] };
  const apps = { env, namespace: env.appNamespace, dependsOn: [namespaces] };

  const tempo = new Tempo(app, 'tempo', stack);
  const loki = new Loki(app, 'loki', stack);
  const prometheus = new Prometheus(app, 'prometheus', stack);
  const collector = new OtelCollector(app, 'collector', {
    ...stack, traces: tempo.otlpGrpc, logs: loki.otlpHttpBase, metrics: prometheus.otlpHttpBase,
  });
  new Grafana(app, 'grafana', { ...stack, prometheus: prometheus.queryHttp, tempo: tempo.queryHttp, loki: loki.queryHttp });

  const demo = new DemoApp(app, 'demo-app', { ...apps, otlp: collector.otlpHttp });
  if (env.loadGenerator.enabled) new LoadGenerator(app, 'loadgen', { ...apps, target: demo.http });
}
