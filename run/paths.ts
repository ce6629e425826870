/** Where `unicore run` keeps things between runs: $XDG_CACHE_HOME/unicore or ~/.cache/unicore. */
import * as os from 'os';
import * as path from 'path';

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'unicore');
}

/** The boot log of the last run of an image with this name. */
export function bootLogFile(name: string): string {
  return path.join(cacheDir(), 'logs', `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
}
