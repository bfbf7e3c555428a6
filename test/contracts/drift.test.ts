import { join } from 'node:path';
import { ENVIRONMENT_NAMES, readOutput, synthesize } from '../support/synth';

describe.each(ENVIRONMENT_NAMES)('committed dist/%s', (name) => {
  it('equals a fresh synthesis (run `npm run synth` and commit dist/ when this fails)', () => {
    const committed = readOutput(join(__dirname, '..', '..', 'dist', name));
    expect(Object.fromEntries(committed)).toEqual(Object.fromEntries(synthesize(name)));
  });
});
