/**
 * Reproducible builds: $SOURCE_DATE_EPOCH, the time written into archives,
 * ISOs and (by `unicore setup`) the installed tree's file times.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/** $SOURCE_DATE_EPOCH, if set. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new UserError(`SOURCE_DATE_EPOCH=${text} is not a number of seconds since 1970: unset it or give e.g. 1700000000`);
  return Number(text);
}

/**
 * Sets the times of everything under root (symbolic links themselves, and
 * directories) to epoch, except the paths skip() names (relative to root) and
 * what they hold. Directories are set after their contents.
 */
export function setTreeTimes(root: string, epoch: number, skip: (rel: string) => boolean = () => false): void {
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    const st = fs.lstatSync(abs);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        const child = rel ? `${rel}/${name}` : name;
        if (!skip(child)) walk(child);
      }
    }
    fs.lutimesSync(abs, epoch, epoch);
  };
  walk('');
}
