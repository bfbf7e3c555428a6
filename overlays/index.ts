/**
 * The environments of this repository, one class per overlay: each instance is the props that
 * differ from the documented defaults (settings/), so `presets.prod` and `new Prod()` agree and
 * `mergeProps(presets.prod, yours)` layers yours over it.
 */
import { LgtmStackProps, StackSettings, settingsFrom } from '../settings';
import { Dev } from './dev';
import { Prod } from './prod';
import { Staging } from './staging';

export { Dev } from './dev';
export { Prod } from './prod';
export { Staging } from './staging';

/** The environments of this repository as props presets: start from one, override what differs. */
export const presets: Readonly<Record<'dev' | 'staging' | 'prod', LgtmStackProps>> = { dev: new Dev(), staging: new Staging(), prod: new Prod() };

/** Every environment, by the name used on the command line and under `dist/`. */
export const ENVIRONMENTS: Readonly<Record<string, () => StackSettings>> = Object.fromEntries(
  Object.entries(presets).map(([name, preset]) => [name, () => settingsFrom(preset, name)]),
);

/** Thrown for an environment name that is not in ENVIRONMENTS. */
export class UnknownEnvironmentError extends Error {
  constructor(name: string, valid: readonly string[]) {
    super(`unknown environment '${name}' (valid: ${valid.join(', ')})`);
    this.name = 'UnknownEnvironmentError';
  }
}

/** The validated environment called `name`; throws UnknownEnvironmentError or SettingsError. */
export function environmentNamed(name: string, environments: Readonly<Record<string, () => StackSettings>> = ENVIRONMENTS): StackSettings {
  const make = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (!make) throw new UnknownEnvironmentError(name, Object.keys(environments));
  return make().validate();
}
