/**
 * After each test file: removes the work directories it made (workdir(),
 * tmpdir() in unicore.ts), unless one of its tests failed: then they are kept
 * and their paths printed (environment.js notes the failure).
 */
import * as fs from 'fs';
import { madeDirs } from './unicore';

afterAll(() => {
  const dirs = madeDirs.splice(0);
  if ((globalThis as { __unicoreFailed?: boolean }).__unicoreFailed) {
    if (dirs.length) process.stderr.write(`kept for the failed test(s): ${dirs.join(' ')}\n`);
    return;
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
