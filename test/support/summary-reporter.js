/**
 * Prints one plain closing line, "tests: N passed, N failed[, N skipped]",
 * that CI systems reading only the last lines of a run understand, after the
 * slowest test files with their seconds (what test/support/durations.json,
 * the order of a parallel run, is updated from). With UNICORE_TEST_DURATIONS=FILE
 * the seconds of every file go to FILE as JSON, in durations.json's form.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const SLOWEST = 10;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => [path.relative(REPO, r.testFilePath), Math.round((r.perfStats.end - r.perfStats.start) / 1000)])
      .filter(([, s]) => Number.isFinite(s))
      .sort((a, b) => b[1] - a[1]);
    if (files.length > 1) {
      process.stdout.write(`\nslowest test files (s): ${files.slice(0, SLOWEST).map(([f, s]) => `${f.replace(/^test\//, '').replace(/\.test\.ts$/, '')} ${s}`).join(', ')}\n`);
    }
    const out = process.env.UNICORE_TEST_DURATIONS;
    if (out) fs.writeFileSync(out, `${JSON.stringify(Object.fromEntries(files), null, 2)}\n`);
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + failedSuites;
    let line = `tests: ${results.numPassedTests} passed, ${failed} failed`;
    if (skipped) line += `, ${skipped} skipped`;
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
