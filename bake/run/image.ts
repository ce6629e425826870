/**
 * What kind of image `unicore run` was given: a baked ELF image (its
 * .note.unicore.image says the platform) or a bootable ISO (baremetal --iso).
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../../bin/lib/errors';
import { readImageNote } from '../recipe';

export type Image =
  | { kind: 'elf'; path: string; platform: string; memMiB: number; name: string; net: boolean }
  | { kind: 'iso'; path: string; platform: 'baremetal'; name: string; net: boolean };

/** An ISO 9660 primary volume descriptor: "CD001" at byte 1 of sector 16. */
export function isIso(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    return fs.readSync(fd, buf, 0, 5, 16 * 2048 + 1) === 5 && buf.toString('latin1') === 'CD001';
  } finally {
    fs.closeSync(fd);
  }
}

export function identifyImage(file: string): Image {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new UserError(`${file}: no such file: give the image unicore-bake wrote`);
  }
  if (!st.isFile()) throw new UserError(`${file} is not a regular file: give the image unicore-bake wrote`);
  // An ISO does not say whether its kernel uses sockets: assume it may.
  if (isIso(abs)) return { kind: 'iso', path: abs, platform: 'baremetal', name: path.basename(file, '.iso'), net: true };
  const note = readImageNote(abs);
  return { kind: 'elf', path: abs, platform: note.platform, memMiB: note.mem, name: note.name, net: note.net };
}
