/**
 * Where lwIP's source comes from and how it is checked and unpacked for the
 * components build (components/net/lwip/build.mk compiles it into liblwip.a).
 * bin/install-system-packages fetches Debian's `lwip` source package into
 * LWIP_CACHE_DIR; `unicore setup --lwip FILE` takes any lwIP 2.1.x archive.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { UserError } from '../lib/errors';
import type { StepRunner } from './steplog';

export const LWIP_CACHE_DIR = '/var/cache/unicore/distfiles';

const NO_LWIP = `run bin/install-system-packages (it fetches Debian's lwip source package into ${LWIP_CACHE_DIR}) or pass --lwip with an lwIP 2.1.x release archive`;

/** The cached Debian source archive (lwip_2.1.3+dfsg1.orig.tar.xz), or a one-line error. */
export function defaultLwipTarball(dir = LWIP_CACHE_DIR): string {
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^lwip_.*\.orig\.tar\.[a-z0-9]+$/.test(n)).sort() : [];
  if (found.length === 0) throw new UserError(`no lwIP source found in ${dir}: ${NO_LWIP}`);
  return path.join(dir, found[found.length - 1]);
}

function bad(file: string, why: string): UserError {
  return new UserError(`${file} ${why}: ${NO_LWIP}`);
}

/** Checks file is a readable lwIP 2.1.x archive; returns its top directory. */
export async function lwipTopDir(file: string): Promise<string> {
  if (!fs.existsSync(file)) throw bad(file, 'does not exist');
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw bad(file, 'is not readable');
  }
  if (!fs.statSync(file).isFile()) throw bad(file, 'is not a file');
  const r = await execa('tar', ['-tf', file], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw bad(file, 'is not a tar archive');
  const entries = r.stdout.split('\n');
  const top = entries[0]?.split('/')[0];
  const init = `${top}/src/include/lwip/init.h`;
  if (!top || !entries.includes(init) || !entries.includes(`${top}/src/core/tcp.c`)) throw bad(file, 'is not an lwIP source archive');
  const text = await execa('tar', ['-xOf', file, init], { reject: false, stdin: 'ignore' });
  const major = /LWIP_VERSION_MAJOR\s+(\d+)/.exec(text.stdout)?.[1];
  const minor = /LWIP_VERSION_MINOR\s+(\d+)/.exec(text.stdout)?.[1];
  if (major !== '2' || minor !== '1') throw bad(file, `is lwIP ${major ?? '?'}.${minor ?? '?'}, not 2.1.x`);
  return top;
}

/** Unpacks the archive into dest (emptied first); returns the lwIP tree. */
export async function unpackLwip(step: StepRunner, file: string, top: string, dest: string): Promise<string> {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  step.stage(`unpacking ${path.basename(file)}`);
  await step.run('tar', ['-xf', file, '-C', dest]);
  const tree = path.join(dest, top);
  if (!fs.existsSync(path.join(tree, 'src', 'core', 'tcp.c'))) step.fail(`${file} did not unpack into ${tree}`);
  return tree;
}
