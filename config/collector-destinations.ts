/**
 * External destinations in a generated collector config: for each signal, one OTLP exporter per
 * destination, added to every pipeline that exports that signal to its in-cluster backend; with
 * that backend off, its exporter is removed. Header values are `${env:…}` references, filled from
 * a Secret by the pod (infra/collector.ts), so no credential is in the config.
 */
import type { Destination, DestinationSettings } from '../settings/schema';
import type { CollectorConfig, DeliveryConfig, OtlpExporterConfig } from '../settings/otelcol-types';

/** The signals and the in-cluster exporter each one has in the generated configs. */
export const BACKEND_EXPORTERS = { traces: 'otlp_grpc/tempo', logs: 'otlp_http/loki', metrics: 'otlp_http/prometheus' } as const;

/** A signal of the destinations. */
export type DestinationSignal = keyof typeof BACKEND_EXPORTERS;

/** The exporter id of a destination: `otlp_http/traces-0`. */
export function destinationId(signal: DestinationSignal, index: number, d: Destination): string {
  return `${d.protocol}/${signal}-${index}`;
}

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
 * The config with the destinations added and the exporters of backends that are off removed.
 * `delivery` is the queue and retry of the config's own exporters.
 */
export function withDestinations(config: CollectorConfig, destinations: DestinationSettings, backendsOff: readonly DestinationSignal[], delivery: DeliveryConfig): CollectorConfig {
  const exporters: Record<string, unknown> = { ...config.exporters };
  const pipelines = { ...config.service.pipelines };
  for (const signal of Object.keys(BACKEND_EXPORTERS) as DestinationSignal[]) {
    const backend = BACKEND_EXPORTERS[signal];
    const ids = destinations[signal].map((d, i) => {
      exporters[destinationId(signal, i, d)] = exporterConfig(signal, i, d, delivery);
      return destinationId(signal, i, d);
    });
    const off = backendsOff.includes(signal);
    for (const [name, p] of Object.entries(pipelines)) {
      if (!p.exporters.includes(backend)) continue;
      pipelines[name] = { ...p, exporters: [...p.exporters.filter((e) => !(off && e === backend)), ...ids] };
    }
    if (off) delete exporters[backend];
  }
  // A destination on a signal this config does not export stays out of it.
  const used = new Set(Object.values(pipelines).flatMap((p) => p.exporters));
  for (const id of Object.keys(exporters)) if (!used.has(id) && !(id in config.exporters)) delete exporters[id];
  return { ...config, exporters: exporters as CollectorConfig['exporters'], service: { ...config.service, pipelines } };
}
