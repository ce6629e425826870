/**
 * The e2e tests' jest environment: Node's, plus a note in the test file's
 * global when a test or hook fails, so test/support/cleanup.ts keeps that
 * file's work directories for a post-mortem instead of removing them.
 */
const { TestEnvironment } = require('jest-environment-node');

class UnicoreEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if ((event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure') {
      this.global.__unicoreFailed = true;
    }
  }
}

module.exports = UnicoreEnvironment;
