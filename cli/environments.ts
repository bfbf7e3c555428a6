import { ENVIRONMENTS, UnknownEnvironmentError, environmentNamed } from '../overlays';
import { StackSettings, SettingsError } from '../settings';
import { CliError } from './io';

/** The valid environments named (every one when none is), or a one-line error for the first bad one. */
export function environmentsNamed(names: readonly string[] | undefined, all = ENVIRONMENTS): StackSettings[] {
  const requested = names && names.length > 0 ? names : Object.keys(all);
  try {
    return requested.map((name) => environmentNamed(name, all));
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) throw new CliError(error.message, 2);
    if (error instanceof SettingsError) throw new CliError(error.message, 1);
    throw error;
  }
}
