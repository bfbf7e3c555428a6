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
export type { StackEndpoints } from './assemble';
export { Endpoint } from './endpoint';
export { OtelCollector } from './collector';
export { IMAGES } from './images';
export { presets } from '../overlays';
export { StackSettings, SettingsError, mergeProps } from '../settings';
export type { DeepPartial, LgtmStackProps } from '../settings';
export type * from '../settings/schema';
export type { CollectorAdditions } from '../config/collector-additions';
export type * from '../settings/otelcol-types';
