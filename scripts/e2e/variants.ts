/** Variants of the environments that are not shipped (so not in dist/), which the e2e run and the tests both use. */
import { presets } from '../../overlays';
import { mergeProps } from '../../settings';
import type { StackSettings } from '../../settings';
import { settingsFrom } from '../../settings/props';

/**
 * Prod sending traces and logs to external OTLP destinations with the in-cluster Tempo and Loki
 * off: not shipped (so not in dist/), checked by the contract tests and, with the real collector,
 * by `npm run e2e`.
 */
export function prodWithDestinations(): StackSettings {
  return settingsFrom(mergeProps(presets.prod, {
    backends: { tempo: false, loki: false },
    destinations: {
      traces: [{ protocol: 'otlp_grpc', endpoint: 'tempo.vendor.example:443', headersSecret: 'vendor-otlp', headers: { authorization: 'authorization' }, queryUrl: 'https://tempo.vendor.example' }],
      logs: [{ protocol: 'otlp_http', endpoint: 'https://logs.vendor.example/otlp', tls: { caConfigMap: 'vendor-ca' }, queryUrl: 'https://loki.vendor.example:8443' }],
    },
  }), 'prod').validate();
}

/**
 * Prod with Tempo 3 as microservices, for `tempo -config.verify -target=…` of every component's
 * config: a Kafka address no one runs here (verification does not connect to it).
 */
export function prodWithTempoMicroservices(): StackSettings {
  return settingsFrom(mergeProps(presets.prod, { tempo: { microservices: { kafkaAddress: 'kafka.example:9092' } } }), 'prod').validate();
}
