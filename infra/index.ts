/**
 * otel-lgtm-cdk8s: an OpenTelemetry observability stack (collector, Tempo, Loki, Prometheus,
 * Alertmanager, Grafana) for Kubernetes as one cdk8s construct.
 *
 * ```ts
 * import { App, Chart } from 'cdk8s';
 * import { LgtmStack, mergeProps, presets } from 'otel-lgtm-cdk8s';
 *
 * const app = new App();
 * const chart = new Chart(app, 'observability');
 * const stack = new LgtmStack(chart, 'lgtm', mergeProps(presets.prod, { retention: { logs: '14d' } }));
 * stack.instrument(myDeployment);
 * app.synth();
 * ```
 */
export { LgtmStack } from './lgtm-stack';
export type { InstrumentOptions } from './instrument';
export type { StackEndpoints } from './stack';
export { Endpoint } from './endpoint';
export { OtelCollector } from './collector';
export { IMAGES } from './images';
export { Environment, SettingsError, mergeProps, presets } from '../overlays';
export type { DeepPartial, LgtmStackProps } from '../overlays';
export type * from '../overlays/settings';
export type { CollectorAdditions } from '../config/collector-additions';
export type * from '../config/otelcol-types';
