import { goDuration } from './duration';

/** The parts of Tempo 2.10's config file (single binary) that this stack sets. */
export interface TempoConfig {
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } } };
  ingester: { max_block_duration: string };
  compactor: { compaction: { block_retention: string } };
  storage: { trace: { backend: 'local'; wal: { path: string }; local: { path: string } } };
  usage_report: { reporting_enabled: boolean };
}

/** What Tempo's config depends on. */
export interface TempoSettings {
  /** Listen ports, owned by the Tempo construct. */
  readonly ports: { readonly http: number; readonly grpc: number; readonly otlpGrpc: number; readonly otlpHttp: number };
  /** Block retention (Prometheus-style duration, converted to Go's). */
  readonly retention: string;
  /** Directory on the data volume. */
  readonly dataDir: string;
}

/** Tempo's config: OTLP receivers bound to all interfaces (Tempo ≥ 2.7 binds localhost by default), local storage with WAL on the volume. */
export function tempoConfig(s: TempoSettings): TempoConfig {
  return {
    server: { http_listen_port: s.ports.http, grpc_listen_port: s.ports.grpc, log_level: 'info' },
    distributor: {
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: `0.0.0.0:${s.ports.otlpGrpc}` },
            http: { endpoint: `0.0.0.0:${s.ports.otlpHttp}` },
          },
        },
      },
    },
    ingester: { max_block_duration: '5m' },
    compactor: { compaction: { block_retention: goDuration(s.retention) } },
    storage: { trace: { backend: 'local', wal: { path: `${s.dataDir}/wal` }, local: { path: `${s.dataDir}/blocks` } } },
    usage_report: { reporting_enabled: false },
  };
}
