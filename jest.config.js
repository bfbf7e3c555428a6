/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Compiles the service and synthesizes every environment once for all test files.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Many files mostly wait (child processes, promtool, timers): more workers than the 2 cores help.
  maxWorkers: 4,
  testTimeout: 30000,
};
