/**
 * Jest global teardown: removes the run's directory of shared builds that
 * global-setup.ts made (once, whichever project ends last).
 */
import * as fs from 'fs';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.UNICORE_TEST_SHARED;
  if (!dir || process.env.UNICORE_TEST_SHARED_OWNER !== String(process.pid)) return;
  fs.rmSync(dir, { recursive: true, force: true });
}
