/**
 * External destinations in a generated collector config: for each signal, one OTLP exporter per
 * destination, after the in-cluster backend's exporter (when that backend exists) in every pipeline
 * that sends the signal out of the tier. Header values are `${env:…}` references, filled from a
 * Secret by the pod (infra/collector.ts), so no credential is in the config.
 */
import { DestinationSignal, destinationId, prometheusReplicaExporter } from '../settings/collector-tiers';
import type { Destination, DestinationSettings } from '../settings/schema';
import type { DeliveryConfig, OtlpExporterConfig } from '../settings/otelcol-types';

export type { DestinationSignal } from '../settings/collector-tiers';

/** The signals, in the order their exporters are written, and the in-cluster exporter each has in the generated configs. */
export const BACKEND_EXPORTERS = { traces: 'otlp_grpc/tempo', logs: 'otlp_http/loki', metrics: 'otlp_http/prometheus' } as const satisfies Record<DestinationSignal, string>;

/** Destinations of some signals; a signal left out has none. */
export type Destinations = Readonly<Partial<DestinationSettings>>;

/** The environment variable a header's value comes from. */
export function headerVariable(signal: DestinationSignal, index: number, header: string): string {
  return `OTEL_LGTM_${signal}_${index}_${header}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Where a destination's CA file is mounted. */
export function destinationCaFile(caConfigMap: string): string {
  return `/etc/otelcol/destinations/${caConfigMap}/ca.crt`;
}

/** One destination's exporter config. */
function exporterConfig(signal: DestinationSignal, index: number, d: Destination, delivery: DeliveryConfig): OtlpExporterConfig {
  const headers = Object.fromEntries(Object.keys(d.headers ?? {}).map((h) => [h, `\${env:${headerVariable(signal, index, h)}}`]));
  const tls = d.tls?.insecure ? { insecure: true } : d.tls?.caConfigMap ? { ca_file: destinationCaFile(d.tls.caConfigMap) } : undefined;
  return { endpoint: d.endpoint, ...(Object.keys(headers).length > 0 ? { headers } : {}), ...(tls ? { tls } : {}), ...delivery };
}

/**
 * The exporters of a pipeline that sends `signal` out of its tier: the in-cluster backend's when it
 * exists (`backend`: true for its one exporter, or the ids of several), then `local` ones (e.g.
 * debug), then one per destination of the signal.
 */
export function signalExporters(signal: DestinationSignal, backend: boolean | readonly string[], destinations: Destinations, local: readonly string[] = []): string[] {
  const own = backend === true ? [BACKEND_EXPORTERS[signal]] : backend === false ? [] : backend;
  return [...own, ...local, ...(destinations[signal] ?? []).map((d, i) => destinationId(signal, i, d))];
}

/** Prometheus's OTLP base URL, or each replica's of an HA pair. */
export type PrometheusTarget = string | readonly string[];

/**
 * The exporters to the in-cluster Prometheus: `otlp_http/prometheus` for one; for the replicas of a
 * pair one each, every one with its own queue and retry, so each replica gets every point and one
 * that is down holds up no other.
 */
export function prometheusExporters(target: PrometheusTarget | undefined, delivery: DeliveryConfig): Record<string, OtlpExporterConfig> {
  if (target === undefined) return {};
  if (typeof target === 'string') return { [BACKEND_EXPORTERS.metrics]: { endpoint: target, ...delivery } };
  return Object.fromEntries(target.map((endpoint, i) => [prometheusReplicaExporter(i), { endpoint, ...delivery }]));
}

/** The metrics pipeline's in-cluster exporter ids (see {@link prometheusExporters}). */
export function prometheusExporterIds(target: PrometheusTarget | undefined): boolean | string[] {
  return target === undefined ? false : typeof target === 'string' ? true : target.map((_, i) => prometheusReplicaExporter(i));
}

/**
 * The exporter configs of the destinations of `signals` (those a tier sends out), signal by signal
 * in BACKEND_EXPORTERS order; `delivery` is the queue and retry of the tier's own exporters.
 */
export function destinationExporters(destinations: Destinations, signals: readonly DestinationSignal[], delivery: DeliveryConfig): Record<string, OtlpExporterConfig> {
  const ordered = (Object.keys(BACKEND_EXPORTERS) as DestinationSignal[]).filter((signal) => signals.includes(signal));
  return Object.fromEntries(ordered.flatMap((signal) => (destinations[signal] ?? []).map((d, i) => [destinationId(signal, i, d), exporterConfig(signal, i, d, delivery)])));
}
