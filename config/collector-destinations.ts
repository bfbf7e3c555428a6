/**
 * External destinations in a generated collector config: for each signal, one OTLP exporter per
 * destination, after the in-cluster backend's exporter (when that backend exists) in every pipeline
 * that sends the signal out of the tier. Header values are `${env:…}` references, filled from a
 * Secret by the pod (infra/collector.ts), so no credential is in the config.
 */
import { DestinationSignal, destinationId } from '../settings/collector-tiers';
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
 * exists (`backend`), then `local` ones (e.g. debug), then one per destination of the signal.
 */
export function signalExporters(signal: DestinationSignal, backend: boolean, destinations: Destinations, local: readonly string[] = []): string[] {
  return [...(backend ? [BACKEND_EXPORTERS[signal]] : []), ...local, ...(destinations[signal] ?? []).map((d, i) => destinationId(signal, i, d))];
}

/**
 * The exporter configs of the destinations of `signals` (those a tier sends out), signal by signal
 * in BACKEND_EXPORTERS order; `delivery` is the queue and retry of the tier's own exporters.
 */
export function destinationExporters(destinations: Destinations, signals: readonly DestinationSignal[], delivery: DeliveryConfig): Record<string, OtlpExporterConfig> {
  const ordered = (Object.keys(BACKEND_EXPORTERS) as DestinationSignal[]).filter((signal) => signals.includes(signal));
  return Object.fromEntries(ordered.flatMap((signal) => (destinations[signal] ?? []).map((d, i) => [destinationId(signal, i, d), exporterConfig(signal, i, d, delivery)])));
}
