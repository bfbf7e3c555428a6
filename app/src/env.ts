/**
 * Strict parsing of integer settings from environment variables and CLI flags.
 * A bad value is an operator error: it must name the setting and the allowed
 * range, never silently fall back to a default.
 */

/** Thrown when a setting is present but not an integer in its allowed range. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Bounds and default of one integer setting. */
export interface IntSetting {
  /** Smallest allowed value (inclusive). */
  readonly min: number;
  /** Largest allowed value (inclusive). */
  readonly max: number;
  /** Used when the setting is absent or empty. */
  readonly default: number;
}

const INTEGER = /^\d+$/;

/**
 * Parses `raw` as a base-10 integer within `setting`'s bounds.
 * `undefined` or `''` yields the default; anything else that is not a plain
 * non-negative integer in range throws a {@link ConfigError} naming `name`.
 */
export function parseIntSetting(name: string, raw: string | undefined, setting: IntSetting): number {
  if (raw === undefined || raw.trim() === '') return setting.default;
  const text = raw.trim();
  const value = INTEGER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < setting.min || value > setting.max) {
    throw new ConfigError(
      `${name} must be an integer from ${setting.min} to ${setting.max} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}
