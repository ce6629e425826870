/**
 * Two lanes (README, "Tests"):
 * - unit: pure functions, no global setup (no gcc, no newlib, no prefix); seconds.
 *   npx jest --selectProjects unit
 * - e2e: real toolchains and real guests, built by the global setup into
 *   .test-prefix; long timeouts, one at a time (npm test runs --runInBand).
 * - conformance: `make check` of GNU packages, unicore next to native (slow:
 *   npm run test:conformance; .ci/run runs it after npm test).
 * `npm test` builds dist/ first (pretest) and runs unit and e2e.
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
      // Node's, noting failures so that cleanup.ts keeps a failed file's work directories.
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/', '<rootDir>/test/conformance/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...common,
      displayName: 'conformance',
      roots: ['<rootDir>/test/conformance'],
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
