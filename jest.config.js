/**
 * Two lanes (README, "Tests"):
 * - unit: pure functions, no global setup (no gcc, no newlib, no prefix); seconds.
 *   npx jest --selectProjects unit
 * - e2e: real toolchains and real guests, built by the global setup into
 *   .test-prefix; long timeouts, one at a time (npm test runs --runInBand).
 * `npm test` builds dist/ first (pretest) and runs both.
 */
const common = { preset: 'ts-jest', testEnvironment: 'node', testMatch: ['**/*.test.ts'] };

module.exports = {
  testTimeout: 600000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
