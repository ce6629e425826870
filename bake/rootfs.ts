/**
 * Packs --rootfs into the ustar archive that the runtime unpacks at `/`.
 * Same tree, same bytes: names sorted, owner 0, mtime SOURCE_DATE_EPOCH (or 0).
 */
import * as fs from 'fs';
import { Captured, capture } from '../lib/capture';
import { UserError } from '../lib/errors';
import { sourceDateEpoch } from './options';

/** Two zero blocks: a valid empty ustar archive (tar itself refuses to write one). */
export const EMPTY_ARCHIVE = Buffer.alloc(1024);

export function checkRootfsDir(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UserError(`--rootfs ${dir}: no such directory: give the directory to pack into the image`);
  }
  if (!stat.isDirectory()) throw new UserError(`--rootfs ${dir} is not a directory: give the directory to pack into the image`);
}

/** The tar arguments for packing the top-level names of a directory (pure). */
export function tarArgs(dir: string, out: string, epoch: number): string[] {
  return [
    '--create', '--file', out, '--format=ustar', '--blocking-factor=1',
    '--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${epoch}`,
    '--directory', dir, '--no-recursion', '--null', '--verbatim-files-from', '--files-from=-',
  ];
}

/**
 * Every path under dir (relative, parents before children, each directory's
 * entries in byte order, as tar --sort=name), and the special files (FIFOs,
 * sockets, devices) left out: the runtime's filesystem has none of those.
 */
export function rootfsEntries(dir: string): { names: string[]; special: string[] } {
  const names: string[] = [];
  const special: string[] = [];
  const walk = (rel: string) => {
    const entries = fs.readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true })
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    for (const e of entries) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice()) {
        special.push(name);
        continue;
      }
      names.push(name);
      if (e.isDirectory()) walk(name);
    }
  };
  walk('');
  return { names, special };
}

/** Writes the archive of dir (or an empty archive) to out; says once (on stderr) what it leaves out. */
export async function packRootfs(dir: string | undefined, out: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { names, special } = dir ? rootfsEntries(dir) : { names: [], special: [] };
  if (special.length) {
    const shown = special.slice(0, 3).join(', ') + (special.length > 3 ? `, and ${special.length - 3} more` : '');
    process.stderr.write(`unicore-bake: warning: --rootfs ${dir}: left out ${special.length} FIFO(s), socket(s) or device node(s), ` +
      `which the guest's in-memory filesystem cannot hold: ${shown}\n`);
  }
  if (names.length === 0) {
    fs.writeFileSync(out, EMPTY_ARCHIVE);
    return;
  }
  let r: Captured;
  try {
    r = await capture('tar', tarArgs(dir!, out, sourceDateEpoch(env) ?? 0), {
      input: names.map((n) => `${n}\0`).join(''),
      env: { ...env, LC_ALL: 'C' },
    });
  } catch (err) {
    throw new UserError(`--rootfs ${dir}: cannot run tar to pack it: ${(err as Error).message}: apt-get install tar`);
  }
  if (r.exitCode !== 0) {
    const why = r.stderr.split('\n').filter((l) => l.trim()).slice(0, 3).join('; ')
      || (r.signal ? `tar was killed by ${r.signal}` : `tar exited with status ${r.exitCode}`);
    throw new UserError(`--rootfs ${dir}: cannot pack it as a ustar archive: ${why}`);
  }
}
