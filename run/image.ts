/**
 * What kind of image `unicore run` was given: a baked ELF image (its
 * .note.unicore.image says the platform) or a bootable ISO (baremetal --iso).
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { readImageNote } from '../lib/notes';
import { findPlatform, Platform, platformNamed } from '../lib/platforms';

export type Image =
  | { kind: 'elf'; path: string; platform: Platform; memMiB: number; name: string }
  | { kind: 'iso'; path: string; platform: Platform; name: string };

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
  if (isIso(abs)) return { kind: 'iso', path: abs, platform: platformNamed('baremetal'), name: path.basename(file, '.iso') };
  const note = readImageNote(abs);
  const platform = findPlatform(note.platform);
  if (!platform) {
    throw new UserError(`${file} was baked for an unknown platform "${note.platform}": bake it again with this unicore-bake`);
  }
  return { kind: 'elf', path: abs, platform, memMiB: note.mem, name: note.name };
}
