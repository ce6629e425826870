/**
 * Longest test files first, so that the workers of a parallel run (npm test
 * runs two) finish together instead of one waiting on a slow file started
 * last. A file's duration is what Jest measured in an earlier run on this
 * machine (its cache), else the seconds in durations.json (measured in a CI
 * run from a fresh clone; the summary reporter prints the slowest files),
 * else a minute.
 */
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;
const measured = require('./durations.json');

const REPO = path.resolve(__dirname, '..', '..');
const UNKNOWN_MS = 60_000;

class LongestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const seconds = measured[path.relative(REPO, test.path)];
    return seconds != null ? seconds * 1000 : UNKNOWN_MS;
  }
}
module.exports = LongestFirst;
