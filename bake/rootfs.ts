/**
 * Packs --rootfs into the ustar archive that the runtime unpacks at `/`.
 * Same tree, same bytes: names sorted, owner 0, mtime SOURCE_DATE_EPOCH (or 0).
 */
import * as fs from 'fs';
import execa from 'execa';
import { UserError } from '../lib/errors';
import { sourceDateEpoch } from './options';

/** Two zero blocks: a valid empty ustar archive (tar itself refuses to write one). */
const EMPTY_ARCHIVE = Buffer.alloc(1024);

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
    '--directory', dir, '--null', '--verbatim-files-from', '--files-from=-',
  ];
}

/** Writes the archive of dir (or an empty archive) to out. */
export async function packRootfs(dir: string | undefined, out: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const names = dir ? fs.readdirSync(dir).sort() : [];
  if (names.length === 0) {
    fs.writeFileSync(out, EMPTY_ARCHIVE);
    return;
  }
  const r = await execa('tar', tarArgs(dir!, out, sourceDateEpoch(env) ?? 0), {
    input: names.map((n) => `${n}\0`).join(''),
    reject: false,
    env: { ...env, LC_ALL: 'C' },
  });
  if (r.exitCode !== 0) {
    const why = r.stderr.split('\n').filter((l) => l.trim()).slice(0, 3).join('; ')
      || (r.signal ? `tar was killed by ${r.signal}` : `tar exited with status ${r.exitCode}`);
    throw new UserError(`--rootfs ${dir}: cannot pack it as a ustar archive: ${why}`);
  }
}
