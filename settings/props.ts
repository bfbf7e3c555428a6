/**
 * The library's input: `LgtmStackProps`, every setting of `StackSettings` made optional at every
 * depth. What a user leaves out keeps its documented default: `{ retention: { logs: '14d' } }`
 * changes only that field. Merging: objects merge field by field; arrays and scalars replace; a
 * field set to `undefined` explicitly is removed (e.g. `{ alerting: { ticket: { slack: undefined } } }`); an object
 * with a `kind` other than the one it is merged over replaces it whole (`{ objectStorage: { kind: 'gcs', … } }`
 * over prod's S3 keeps none of the S3 fields).
 */
import { DEFAULT_STACK_NAMESPACE, StackSettings } from './stack-settings';
import { SettingsError } from './validation';

/** Optional at every depth; arrays are taken whole. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The settings fields of StackSettings (its methods left out). */
export type SettingsFields = { readonly [K in keyof StackSettings as StackSettings[K] extends (...args: never[]) => unknown ? never : K]: StackSettings[K] };

/**
 * Props of `LgtmStack`: every setting of the stack, optional at every depth (see `StackSettings` for
 * each field's documentation and default). `name` defaults to the construct's id.
 */
export type LgtmStackProps = DeepPartial<SettingsFields>;

/**
 * The environment these props describe: defaults, then the props merged over them; not yet
 * validated. `stackNamespace` is the namespace to use when the props name none (the LgtmStack's
 * Chart's); the demo and agent namespaces the props leave out are derived from the stack's.
 */
export function settingsFrom(props: LgtmStackProps, name: string, stackNamespace?: string): StackSettings {
  class Settings extends StackSettings {
    readonly name = name;
  }
  const settings = new Settings();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (!(key in settings) || typeof (settings as unknown as Record<string, unknown>)[key] === 'function') {
      problems.push(`${key}: not a setting (one of ${Object.keys(settings).sort().join(', ')})`);
    } else if (key !== 'name') {
      (settings as unknown as Record<string, unknown>)[key] = merged((settings as unknown as Record<string, unknown>)[key], value);
    }
  }
  if (props.name !== undefined) (settings as { name: string }).name = props.name;
  const fields = settings as { -readonly [K in keyof SettingsFields]: SettingsFields[K] };
  if (props.stackNamespace === undefined && stackNamespace !== undefined) fields.stackNamespace = stackNamespace;
  if (props.appNamespace === undefined && fields.stackNamespace !== DEFAULT_STACK_NAMESPACE) fields.appNamespace = `${fields.stackNamespace}-demo`;
  if (props.clusterTelemetry?.agentNamespace === undefined) {
    fields.clusterTelemetry = { ...fields.clusterTelemetry, agentNamespace: `${fields.stackNamespace}-agent` };
  }
  if (problems.length > 0) throw new SettingsError(settings.name, problems);
  return settings;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `override` merged over `base`: see the module comment. */
export function merged(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  // A different `kind` is a different shape (object storage: S3 → GCS): it replaces, leaving no field of the old kind behind.
  if (override.kind !== undefined && override.kind !== base.kind) return override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) delete result[key];
    else result[key] = merged(base[key], value);
  }
  return result;
}

/** Presets merged in order, later ones winning: `mergeProps(presets.prod, { retention: { logs: '14d' } })`. */
export function mergeProps(...layers: readonly LgtmStackProps[]): LgtmStackProps {
  return layers.reduce<unknown>((acc, layer) => merged(acc, layer), {}) as LgtmStackProps;
}
