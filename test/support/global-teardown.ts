/**
 * Jest global teardown: removes the run's directory of shared builds that
 * global-setup.ts made: the first project's teardown removes it, the next finds
 * nothing to do (Jest runs them all once every test file has ended).
 */
import * as fs from 'fs';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.UNICORE_TEST_SHARED;
  if (!dir || process.env.UNICORE_TEST_SHARED_OWNER !== String(process.pid)) return;
  fs.rmSync(dir, { recursive: true, force: true });
}
