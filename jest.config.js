/** Tests build real toolchains and boot real guests: long timeouts, one at a time. */
module.exports = {
  preset: 'ts-jest',
  // Node's, noting failures so that cleanup.ts keeps a failed file's work directories.
  testEnvironment: '<rootDir>/test/support/environment.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 600000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
