import { Duration } from 'cdk8s';
import { DEFAULT_FRESHNESS, ImagePullPolicy } from '../settings/stack-settings';
import type { CollectorDistribution } from '../settings/schema';
import { IMAGE_USERS, IMAGES } from './images';

/** The ports every collector tier's process serves besides OTLP: health_check (probes) and its own metrics. */
export const COLLECTOR_PORTS = { health: 13133, metrics: 8888 } as const;

/** What a collector tier's container runs: image, user and command line. */
export interface CollectorProcess {
  /** Image, with the environment's registry and overrides. */
  readonly image: string;
  /** UID the process runs as (the node agent overrides it: it reads root-owned pod logs). */
  readonly user: number;
  /**
   * Command, replacing the image's entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /** Arguments. */
  readonly args: string[];
}

/** What every collector tier's construct takes: the program, its image and resources. */
export interface CollectorProgramProps {
  /**
   * Which collector program runs the generated YAML: the contrib distribution, or Grafana Alloy's OTel Engine.
   * @default 'contrib'
   */
  readonly distribution?: CollectorDistribution;
  /**
   * Container image.
   * @default - the distribution's pinned image (IMAGES.collector or IMAGES.alloy)
   */
  readonly image?: string;
  /**
   * Pull policy.
   * @default 'IfNotPresent'
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * How long the batch processor waits before sending.
   * @default Duration.seconds(5)
   */
  readonly batchTimeout?: Duration;
}

/** The batch timeout in milliseconds, as the config functions take it. */
export const batchTimeoutMs = (props: CollectorProgramProps): number => props.batchTimeout?.toMilliseconds() ?? DEFAULT_FRESHNESS.collectorBatchTimeoutMs;

/**
 * The process of a collector tier reading the config file `configFile`, for the
 * distribution (with `image` replacing its pinned image). Both read the same YAML, listen on the ports it names (OTLP, health_check
 * 13133, their own metrics on the service.telemetry reader, 8888) and write only where it says
 * (file_storage directories). Alloy's `otel` command is the upstream collector's own command
 * (`otelcol.NewCommand`, grafana/alloy collector/main_alloy.go), so its self-metrics are the
 * collector's `otelcol_*` names, unlike the Default Engine's `otelcol.*` components (read from the
 * source and docs, not observed: no Alloy binary here). Its resource differs: `service.name` is `alloy`.
 */
export function collectorProcess(distribution: CollectorDistribution, configFile: string, image?: string): CollectorProcess {
  if (distribution === 'alloy') {
    return {
      image: image ?? IMAGES.alloy,
      user: IMAGE_USERS.alloy,
      // The binary is /bin/alloy (grafana/alloy Dockerfile); `otel` runs the OTel Engine, whose flags are
      // the upstream collector's plus `--disable-reporting` (no anonymous usage reports to Grafana: the
      // NetworkPolicies would drop them anyway). https://grafana.com/docs/alloy/latest/reference/cli/otel/
      // Unlike `alloy run`, it needs no --storage.path: the Default Engine (UI and its :12345 server) does not start.
      command: ['/bin/alloy'],
      args: ['otel', `--config=${configFile}`, '--disable-reporting'],
    };
  }
  return { image: image ?? IMAGES.collector, user: IMAGE_USERS.collector, args: [`--config=${configFile}`] };
}
