/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 30000,
  // Fetches promtool, prometheus and alertmanager from Debian into .tools/ when absent.
  globalSetup: '<rootDir>/test/global-setup.js',
};
