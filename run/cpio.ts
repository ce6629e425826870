/**
 * cpio archives in the "newc" format, the one Linux unpacks as an initramfs.
 * Pure: entries in, bytes out. Parent directories must come before their
 * files (the kernel creates nothing implicitly).
 */

export type CpioEntry =
  | { kind: 'dir'; name: string; mode?: number }
  | { kind: 'file'; name: string; data: Buffer; mode?: number }
  | { kind: 'symlink'; name: string; target: string };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pad4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function record(name: string, mode: number, data: Buffer, ino: number): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const header = Buffer.from([
    '070701', hex8(ino), hex8(mode), hex8(0), hex8(0), hex8(mode & S_IFDIR ? 2 : 1), hex8(0),
    hex8(data.length), hex8(0), hex8(0), hex8(0), hex8(0), hex8(nameBytes.length), hex8(0),
  ].join(''), 'ascii');
  const head = Buffer.concat([header, nameBytes]);
  return Buffer.concat([head, pad4(head.length), data, pad4(data.length)]);
}

/** The archive, with the TRAILER!!! record; names are relative ("bin/sh"). */
export function cpioArchive(entries: readonly CpioEntry[]): Buffer {
  const parts = entries.map((e, i) => {
    const name = e.name.replace(/^\/+/, '');
    switch (e.kind) {
      case 'dir': return record(name, S_IFDIR | (e.mode ?? 0o755), Buffer.alloc(0), i + 1);
      case 'file': return record(name, S_IFREG | (e.mode ?? 0o644), e.data, i + 1);
      case 'symlink': return record(name, S_IFLNK | 0o777, Buffer.from(e.target, 'utf8'), i + 1);
    }
  });
  parts.push(record('TRAILER!!!', 0, Buffer.alloc(0), 0));
  return Buffer.concat(parts);
}

/** Every directory above these paths, parents first ("a/b/c" -> "a", "a/b"). */
export function parentDirs(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.replace(/^\/+/, '').split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort();
}

/**
 * Linux unpacks concatenated archives (a compressed one, then more); each must
 * start 4-byte aligned.
 */
export function concatArchives(first: Buffer, second: Buffer): Buffer {
  return Buffer.concat([first, pad4(first.length), second]);
}
