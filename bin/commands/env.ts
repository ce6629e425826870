/**
 * `unicore env`: the shell settings (PATH, CONFIG_SITE, the CMake and Meson file dirs) for a prefix, to eval.
 * The text itself comes from wrappers/env.ts.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CommandSpec, ParsedLine } from '../../lib/cli';
import { cacheDir } from '../../run/paths';
import { configSitePath, envScript } from '../../toolchain/env';
import { UserError } from '../../lib/errors';
import { locatePrefix } from '../../lib/toolchain';

export interface EnvOptions {
  prefix?: string;
}

export function env(opts: EnvOptions): void {
  const prefix = locatePrefix(opts.prefix);
  prefix.readToolchain(); // a one-line error when the prefix holds no toolchain
  process.stdout.write(envScript(prefix.root, blankFreeSite(configSitePath(prefix.root))));
}

/**
 * autoconf 2.70 and later split CONFIG_SITE on blanks (it may name several
 * files), so a prefix path with a blank would silently lose every answer of
 * config.site. Such a prefix gets a symbolic link to its site file under a
 * blank-free directory: the cache, or else a private directory in /tmp.
 */
export function blankFreeSite(site: string): string {
  if (!/\s/.test(site)) return site;
  const name = `${crypto.createHash('sha256').update(site).digest('hex').slice(0, 16)}.site`;
  const dirs = [path.join(cacheDir(), 'config-site'), path.join('/tmp', `unicore-${os.userInfo().uid}`, 'config-site')];
  const dir = dirs.find((d) => !/\s/.test(d))!;
  try {
    fs.mkdirSync(path.dirname(path.dirname(dir)), { recursive: true });
    privateDir(path.dirname(dir));
    privateDir(dir);
    const link = path.join(dir, name);
    const tmp = path.join(dir, `.${name}.${crypto.randomBytes(6).toString('hex')}`);
    fs.symlinkSync(site, tmp);
    fs.renameSync(tmp, link);
    return link;
  } catch (err) {
    throw new UserError(`the prefix path has a blank, and configure needs CONFIG_SITE without one: cannot link it from ${dir}: ` +
      `${(err as Error).message}: move the prefix to a path without blanks`);
  }
}

/** Makes dir (mode 0700) or checks that the one there is ours and private. */
function privateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== os.userInfo().uid || (st.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not a directory of yours that only you can write`);
  }
}

export const spec: CommandSpec = {
  usage: 'unicore env [--prefix DIR]',
  describe: 'print the PATH, CONFIG_SITE, UNICORE_CMAKE_DIR and UNICORE_MESON_DIR settings for the toolchain: eval "$(unicore env)"',
  options: {
    prefix: { type: 'string', value: 'DIR', describe: 'the toolchain prefix (default: $UNICORE_PREFIX, this CLI\'s prefix, else ~/.unicore)' },
  },
};

export function main(line: ParsedLine): void {
  env({ prefix: line.values.prefix as string | undefined });
}
