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
export { OperatorInstrumentation, INSTRUMENTATION_HASH_ANNOTATION } from './operator-instrumentation';
export { SDK_LANGUAGES } from './sdk-languages';
export type { SdkLanguage } from './sdk-languages';
export type { StackEndpoints } from './assemble';
export { Endpoint } from './endpoint';
export { OtelCollector } from './collector';
export { Loki } from './loki';
export type { LokiProps } from './loki';
export { Tempo } from './tempo';
export type { TempoProps } from './tempo';
export { Prometheus } from './prometheus';
export type { PrometheusProps } from './prometheus';
export { Alertmanager } from './alertmanager';
export type { AlertmanagerProps } from './alertmanager';
export { Grafana } from './grafana';
export type { GrafanaProps } from './grafana';
export { DemoApp } from './demo-app';
export type { DemoAppProps } from './demo-app';
export { LoadGenerator } from './load-generator';
export type { LoadGeneratorProps } from './load-generator';
export { VerifyJob } from './verify-job';
export type { VerifyJobProps } from './verify-job';
export { Namespaces } from './namespaces';
export type { NamespacesProps } from './namespaces';
export { NetworkPolicies } from './network-policies';
export type { NetworkPoliciesProps, Flow, ExternalEgress, ExternalPeer, Pods } from './network-policies';
export type { ComponentProps, PodOptions, StorageProps } from './component-props';
export type { ObjectStorageBucket } from './object-storage';
export type { HttpApi } from './endpoint';
export { clashingObjects } from './unique-objects';
export { IMAGES } from './images';
export { Dev, Prod, Staging, presets } from '../overlays';
export { StackSettings, SettingsError, mergeProps } from '../settings';
export type { DeepPartial, LgtmStackProps } from '../settings';
export type * from '../settings/schema';
export type { CollectorAdditions } from '../config/collector-additions';
export type * from '../settings/otelcol-types';
