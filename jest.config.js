/**
 * Two lanes (README, "Tests"):
 * - unit: pure functions, no global setup (no gcc, no newlib, no prefix); seconds.
 *   npx jest --selectProjects unit
 * - e2e: real toolchains and real guests, built by the global setup into
 *   .test-prefix; long timeouts.
 * - conformance: `make check` of GNU packages, unicore next to native (slow:
 *   npm run test:conformance, one file at a time; .ci/run runs sed's and
 *   gzip's in the same run as npm test's lanes).
 * `npm test` builds dist/ first (pretest) and runs unit and e2e, two files at
 * a time ($UNICORE_TEST_JOBS to change it): a guest under TCG keeps one core
 * busy, a build both, and a configure script one, so two workers keep a
 * 2-core machine busy where one left it half idle. The longest files start
 * first (test/support/sequencer.js).
 */
const os = require('os');

const common = { preset: 'ts-jest', testEnvironment: 'node', testMatch: ['**/*.test.ts'] };

module.exports = {
  // A hook that builds packages (GNU hello for four platforms: four configure
  // scripts) took 10 minutes with two workers on a loaded 2-core machine; a
  // test or hook that names its own limit keeps it.
  testTimeout: 1_200_000,
  maxWorkers: Number(process.env.UNICORE_TEST_JOBS) || Math.min(2, os.cpus().length),
  testSequencer: '<rootDir>/test/support/sequencer.js',
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
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'conformance',
      roots: ['<rootDir>/test/conformance'],
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
