import { DEFAULT_APP, Environment } from './environment';

/** A shared pre-production cluster: persistent but smaller volumes, default resources, traffic on. */
export class Staging extends Environment {
  readonly name = 'staging';
  override readonly persistence = {
    enabled: true,
    size: { prometheus: '20Gi', loki: '20Gi', tempo: '20Gi', grafana: '1Gi' },
  };
  override readonly app = { ...DEFAULT_APP, tracesSampler: 'parentbased_traceidratio', tracesSamplerRatio: 0.5 };
}
