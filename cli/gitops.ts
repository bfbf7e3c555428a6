import { CliError, type Command } from './io';

export const run: Command = async () => {
  throw new CliError('not yet', 1);
};
