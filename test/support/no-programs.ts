/**
 * `npm test`'s guard (jest.config.js): a test file there starts no other program. Files whose tests
 * start one (promtool, amtool, Alertmanager, chromium, npm, docker-compose, the demo service or the
 * CLI as processes) are named `*.programs.test.ts` and run by `npm run test:programs`
 * (jest.programs.config.js); a call here fails the test with one line saying so.
 */
import { relative } from 'node:path';
import { promisify } from 'node:util';

/**
 * Files that may start a process in `npm test`, and why.
 * The import order check runs dependency-cruiser (an ES module jest's CommonJS runtime cannot load)
 * in one Node process: issue 18 asks for it in `npm test`.
 */
const MAY_START = new Set(['test/contracts/imports.test.ts']);

// The module object itself (core modules are shared by every test file of a worker), patched once per worker.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('node:child_process') as Record<string | symbol, unknown>;
const GUARDED = Symbol.for('otel-lgtm.no-programs');
const CURRENT = Symbol.for('otel-lgtm.no-programs.current-file');
// Each test file has its own `expect`: the wrappers ask the one of the file running now.
childProcess[CURRENT] = () => relative(process.cwd(), expect.getState().testPath ?? '');

/** Throws unless the running test file may start a program. */
function check(name: string, command: unknown): void {
  const file = (childProcess[CURRENT] as () => string)();
  if (!MAY_START.has(file)) {
    throw new Error(`${file} starts a program (${name} ${String(command)}) in npm test: name the file *.programs.test.ts (npm run test:programs runs those)`);
  }
}

for (const name of childProcess[GUARDED] ? [] : ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = childProcess[name] as ((...args: unknown[]) => unknown) & { [promisify.custom]?: (...args: unknown[]) => unknown };
  const guarded = (...args: unknown[]) => {
    check(name, args[0]);
    return original(...args);
  };
  // `promisify(execFile)` and `promisify(exec)` use the original's own promise form: guard that too.
  const custom = original[promisify.custom];
  if (custom) Object.defineProperty(guarded, promisify.custom, { value: (...args: unknown[]) => (check(name, args[0]), custom(...args)) });
  Object.defineProperty(childProcess, name, { configurable: true, writable: true, value: guarded });
}
childProcess[GUARDED] = true;
