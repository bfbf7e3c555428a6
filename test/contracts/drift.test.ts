import { join } from 'node:path';
import { ENVIRONMENTS } from '../../overlays';
import { ENVIRONMENT_NAMES, inMemory, readOutput, synthesize } from '../support/synth';

describe.each(ENVIRONMENT_NAMES)('committed dist/%s', (name) => {
  it('equals a fresh synthesis (run `npm run synth` and commit dist/ when this fails)', () => {
    const committed = readOutput(join(__dirname, '..', '..', 'dist', name));
    expect(Object.fromEntries(committed)).toEqual(Object.fromEntries(synthesize(name)));
  });

  // Tests synthesize their variants in memory (test/support/synth.ts): that must be what the files hold.
  it('equals the in-memory synthesis the tests use for variants', () => {
    expect(Object.fromEntries(inMemory(ENVIRONMENTS[name]().validate()))).toEqual(Object.fromEntries(synthesize(name)));
  });
});
