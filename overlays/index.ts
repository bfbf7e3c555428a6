import { dev } from './dev';
import { Environment } from './environment';
import { prod } from './prod';
import { LgtmStackProps, settingsFrom } from './props';
import { staging } from './staging';

export { Environment } from './environment';
export { SettingsError } from './validation';
export { LgtmStackProps, DeepPartial, mergeProps } from './props';

/** The environments of this repository as props presets: start from one, override what differs. */
export const presets: Readonly<Record<'dev' | 'staging' | 'prod', LgtmStackProps>> = { dev, staging, prod };

/** Every environment, by the name used on the command line and under `dist/`. */
export const ENVIRONMENTS: Readonly<Record<string, () => Environment>> = Object.fromEntries(
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
export function environmentNamed(name: string, environments: Readonly<Record<string, () => Environment>> = ENVIRONMENTS): Environment {
  const make = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (!make) throw new UnknownEnvironmentError(name, Object.keys(environments));
  return make().validate();
}
