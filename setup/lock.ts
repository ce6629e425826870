/**
 * One `unicore setup` at a time per prefix: PREFIX/lib/unicore/.setup.lock
 * holds the pid of the setup working on it. A second setup waits for it (and
 * says so once); a lock whose process is gone (killed outright) is taken over.
 */
import * as fs from 'fs';
import * as path from 'path';
import { processAlive } from '../lib/tempdirs';
import { progress } from './steplog';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holder(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of the prefix whose lib/unicore is libDir; returns its release. */
export async function lockPrefix(libDir: string, root: string): Promise<() => void> {
  const lock = path.join(libDir, '.setup.lock');
  let said = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (holder(lock) === process.pid) fs.rmSync(lock, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = holder(lock);
    if (pid === undefined || !processAlive(pid)) {
      // Killed outright, or still writing its pid: look again in a moment.
      await sleep(pid === undefined ? 200 : 0);
      if (holder(lock) === pid) fs.rmSync(lock, { force: true });
      continue;
    }
    if (!said) {
      progress(`another unicore setup (pid ${pid}) is working on ${root}: waiting for it to finish`);
      said = true;
    }
    await sleep(1000);
  }
}
