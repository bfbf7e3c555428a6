import { Dev } from './dev';
import { Environment } from './environment';
import { Prod } from './prod';
import { Staging } from './staging';

export { Environment } from './environment';
export { SettingsError } from './validation';

/** Every environment, by the name used on the command line and under `dist/`. */
export const ENVIRONMENTS: Readonly<Record<string, () => Environment>> = {
  dev: () => new Dev(),
  staging: () => new Staging(),
  prod: () => new Prod(),
};

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
