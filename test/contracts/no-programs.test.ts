/** `npm test` starts no other program (test/support/no-programs.ts): those tests are `*.programs.test.ts`. */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';

it.each([
  ['execFileSync', () => execFileSync('true')],
  ['spawn', () => spawn('true')],
  ['execFile', () => execFile('true')],
  ['promisify(execFile)', () => promisify(execFile)('true')],
])('%s fails the test with one line naming this file and where such tests go', (_, start) => {
  expect(start).toThrow('test/contracts/no-programs.test.ts starts a program');
  expect(start).toThrow('name the file *.programs.test.ts (npm run test:programs runs those)');
});
