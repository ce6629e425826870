/**
 * Stamp files: the hash of the inputs a setup step last succeeded with. A step
 * whose inputs hash the same as its stamp has nothing to do.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../lib/fsutil';

export interface Stamp {
  hash: string;
  /** Files the step installed (relative to the prefix), to remove ones no longer made. */
  files?: string[];
  /** lwIP: the top directory of the unpacked archive. */
  top?: string;
}

export class Stamps {
  constructor(readonly dir: string) {}

  private file(step: string): string {
    return path.join(this.dir, `${step}.json`);
  }

  read(step: string): Stamp | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(step), 'utf8')) as Stamp;
    } catch {
      return undefined;
    }
  }

  isCurrent(step: string, hash: string): boolean {
    return this.read(step)?.hash === hash;
  }

  remove(step: string): void {
    fs.rmSync(this.file(step), { force: true });
  }

  write(step: string, stamp: Stamp): void {
    writeFileAtomic(this.file(step), `${JSON.stringify(stamp, null, 2)}\n`);
  }
}
