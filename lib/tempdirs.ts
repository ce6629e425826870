/**
 * Temporary directories that name their owner: PREFIX-PID-XXXXXX in $TMPDIR.
 * A command killed before it could remove its own (SIGKILL) leaves one; the
 * next command of the same kind removes those whose process is gone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from './errors';

/** Whether a process with this id exists (ours or another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh private directory $TMPDIR/PREFIX-PID-XXXXXX; a TMPDIR we cannot use is a UserError. */
export function makeTempDir(prefix: string): string {
  const base = os.tmpdir();
  try {
    return fs.mkdtempSync(path.join(base, `${prefix}-${process.pid}-`));
  } catch (err) {
    throw new UserError(`cannot create a temporary directory in ${base} (${(err as NodeJS.ErrnoException).code ?? err}): ` +
      'set TMPDIR to a writable directory');
  }
}

/** Removes $TMPDIR/PREFIX-PID-* directories of ours whose process is gone. */
export function removeStaleTempDirs(prefix: string): string[] {
  const base = os.tmpdir();
  const pattern = new RegExp(`^${prefix.replace(/[^A-Za-z0-9]/g, '\\$&')}-(\\d+)-[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    const dir = path.join(base, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another command got there first
    }
  }
  return removed;
}
