/**
 * The test harness cleans up after itself (issue 8, case 15): a test file's
 * work directories under .work/ are removed when its tests pass, and kept,
 * with their paths printed, when one fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { REPO, tmpdir } from '../support/unicore';

async function runFixture(fail: boolean): Promise<{ dir: string; exitCode: number; stderr: string }> {
  const out = path.join(tmpdir('harness'), 'made');
  const config = {
    rootDir: REPO, preset: 'ts-jest', testMatch: ['**/test/support/fixtures/*.fixture.ts'],
    testEnvironment: '<rootDir>/test/support/environment.js', setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
  };
  const r = await execa(path.join(REPO, 'node_modules', '.bin', 'jest'), ['--config', JSON.stringify(config), '--ci'], {
    cwd: REPO, env: { ...process.env, FIXTURE_OUT: out, FIXTURE_FAIL: fail ? 'yes' : '' }, reject: false,
  });
  return { dir: fs.readFileSync(out, 'utf8'), exitCode: r.exitCode, stderr: r.stderr };
}

test('a passing test file leaves no work directory behind', async () => {
  const r = await runFixture(false);
  expect(r.exitCode).toBe(0);
  expect(r.dir.startsWith(path.join(REPO, '.work', 'harness-fixture-'))).toBe(true);
  expect(fs.existsSync(r.dir)).toBe(false);
});

test('a failing test file keeps its work directory and prints where', async () => {
  const r = await runFixture(true);
  expect(r.exitCode).toBe(1);
  expect(fs.statSync(r.dir).isDirectory()).toBe(true);
  expect(r.stderr).toContain(`kept for the failed test(s): ${r.dir}\n`);
  fs.rmSync(r.dir, { recursive: true, force: true });
});
