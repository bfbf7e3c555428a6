/**
 * `npm test`: every test file except those that start other programs (`*.programs.test.ts`, run by
 * `npm run test:programs` with jest.programs.config.js); test/support/no-programs.ts fails a test
 * here that starts one.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.programs\\.test\\.ts$'],
  setupFilesAfterEnv: ['<rootDir>/test/support/no-programs.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Synthesizes every environment once for all test files.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Removes the run's temp folder, where every test's temp files went.
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // One worker per core of this 2-core machine. Measured on the whole suite (3 runs each, wall /
  // CPU): 2 workers 37–39 s / 64 s, 3 workers 37–39 s / 69–71 s, 4 workers 40–48 s / 75–88 s. More
  // workers only add CPU (each warms up its own copy of every module), which also slows the rest
  // of a shared machine; the waits they would overlap are short now.
  maxWorkers: 2,
  testTimeout: 30000,
};
