/**
 * `npm run test:programs`: the test files that start other programs (promtool, amtool, a real
 * Alertmanager, chromium, npm, docker-compose, the demo service and the CLI as processes), named
 * `*.programs.test.ts`. `npm test` (jest.config.js) runs every other file and refuses to start one.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/*.programs.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFilesAfterEnv: [],
  // The process tests start the compiled demo service.
  globalSetup: '<rootDir>/test/support/global-setup-programs.ts',
};
