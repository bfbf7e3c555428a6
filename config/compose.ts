/**
 * The part of the Compose file format (compose-spec, `compose-spec.json`) this project writes, typed
 * after the specification's own field names and shapes. Only the fields used are here; each follows
 * the long syntax, which says what it means without positional strings.
 */

/** A top-level Compose file (no `version:`: the Compose specification ignores it and v2 warns on it). */
export interface ComposeFile {
  /** Project name (`docker compose -p` overrides it). */
  readonly name?: string;
  readonly services: Record<string, ComposeService>;
  /** Named volumes; `{}` asks the engine for a local volume. */
  readonly volumes?: Record<string, Record<string, never>>;
}

/** One service of the Compose specification (only the fields this project writes). */
export interface ComposeService {
  readonly image: string;
  /** Build the image from source (the project's own demo image), tagged as `image`. */
  readonly build?: { readonly context: string; readonly dockerfile: string };
  /** Replaces the image's ENTRYPOINT (a container's `command` in Kubernetes). */
  readonly entrypoint?: readonly string[];
  /** Replaces the image's CMD (a container's `args` in Kubernetes). */
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  /** Files of `NAME=value` lines read by Compose at `up` (the secrets: never written into this file). */
  readonly env_file?: ReadonlyArray<{ readonly path: string; readonly required: boolean }>;
  readonly ports?: readonly ComposePort[];
  readonly volumes?: readonly ComposeVolumeMount[];
  readonly healthcheck?: ComposeHealthcheck;
  readonly depends_on?: Readonly<Record<string, { readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' }>>;
  readonly networks?: Readonly<Record<string, { readonly aliases: readonly string[] }>>;
  /** `uid:gid`. */
  readonly user?: string;
  readonly read_only?: boolean;
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
}

/** A published port, long syntax. `published` is a string in the specification (it may be a range). */
export interface ComposePort {
  readonly name?: string;
  readonly target: number;
  readonly published: string;
  readonly host_ip: string;
  readonly protocol: 'tcp' | 'udp';
}

/** A mount, long syntax: a bind of a config folder, a named volume, or an anonymous one (no `source`). */
export interface ComposeVolumeMount {
  readonly type: 'bind' | 'volume';
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
}

/** A health check (durations as Compose durations, e.g. `10s`). */
export interface ComposeHealthcheck {
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly start_period: string;
}
