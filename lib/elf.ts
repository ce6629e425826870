/**
 * Just enough ELF64 reading for bake and run: the header and the notes. Reads
 * with positional reads so that a large image (a big rootfs) or a file that is
 * not ELF at all (an ISO) costs a few small reads, not the whole file.
 */
import * as fs from 'fs';

export const ET_REL = 1;
export const EM_X86_64 = 62;
const SHT_NOTE = 7;
const PT_LOAD = 1;
const PT_NOTE = 4;

export interface ElfNote {
  name: string;   // owner, without the NUL
  type: number;
  desc: Buffer;
}

export interface ElfFile {
  elfClass: number;   // 1 = ELF32, 2 = ELF64
  type: number;       // ET_*
  machine: number;    // EM_*
  notes: ElfNote[];   // from SHT_NOTE sections, or PT_NOTE segments if there are no sections
  loadEnd: number;    // highest physical address a PT_LOAD segment occupies (0 for objects)
}

/** Why a file could not be read as ELF: the caller words the user message. */
export class NotElfError extends Error {}

/** Reads the header and notes of an ELF file; throws NotElfError for anything else. */
export function readElf(file: string): ElfFile {
  const fd = fs.openSync(file, 'r');
  try {
    return parseElf((offset, length) => pread(fd, offset, length));
  } finally {
    fs.closeSync(fd);
  }
}

type Reader = (offset: number, length: number) => Buffer;

function parseElf(read: Reader): ElfFile {
  const ident = read(0, 64);
  if (ident.length < 16 || ident.toString('latin1', 0, 4) !== '\x7fELF') throw new NotElfError('no ELF magic');
  const elfClass = ident[4];
  if (ident[5] !== 1) throw new NotElfError('big-endian ELF');
  if (elfClass !== 2) {
    // An ELF32 file: report its type and machine, but we read notes of ELF64 only.
    if (ident.length < 20) throw new NotElfError('truncated ELF header');
    return { elfClass, type: ident.readUInt16LE(16), machine: ident.readUInt16LE(18), notes: [], loadEnd: 0 };
  }
  if (ident.length < 64) throw new NotElfError('truncated ELF header');
  const type = ident.readUInt16LE(16);
  const machine = ident.readUInt16LE(18);
  const phoff = Number(ident.readBigUInt64LE(32));
  const shoff = Number(ident.readBigUInt64LE(40));
  const phentsize = ident.readUInt16LE(54);
  const phnum = ident.readUInt16LE(56);
  const shentsize = ident.readUInt16LE(58);
  const shnum = ident.readUInt16LE(60);

  const phdrs = [...tableEntries(phoff && phnum ? read(phoff, phnum * phentsize) : Buffer.alloc(0), phnum, phentsize)];
  let loadEnd = 0;
  for (const ph of phdrs) {
    if (ph.readUInt32LE(0) !== PT_LOAD) continue;
    loadEnd = Math.max(loadEnd, Number(ph.readBigUInt64LE(24)) + Number(ph.readBigUInt64LE(40)));  // p_paddr + p_memsz
  }
  const notes = shoff && shnum
    ? notesIn(read, tableEntries(read(shoff, shnum * shentsize), shnum, shentsize), SECTION_NOTES)
    : notesIn(read, phdrs, SEGMENT_NOTES);
  return { elfClass, type, machine, notes, loadEnd };
}

/** Where a named section's bytes are in an ELF64 file; undefined if it has no such section. */
export function findSection(file: string, name: string): { offset: number; size: number } | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const read = (offset: number, length: number) => pread(fd, offset, length);
    const header = read(0, 64);
    if (header.length < 64 || header.toString('latin1', 0, 4) !== '\x7fELF' || header[4] !== 2) return undefined;
    const shoff = Number(header.readBigUInt64LE(40));
    const shentsize = header.readUInt16LE(58);
    const shnum = header.readUInt16LE(60);
    const shstrndx = header.readUInt16LE(62);
    if (!shoff || !shnum || shstrndx >= shnum) return undefined;
    const headers = [...tableEntries(read(shoff, shnum * shentsize), shnum, shentsize)];
    if (headers.length <= shstrndx) return undefined;
    const strtab = read(Number(headers[shstrndx].readBigUInt64LE(24)), Number(headers[shstrndx].readBigUInt64LE(32)));
    for (const h of headers) {
      const at = h.readUInt32LE(0);
      const end = strtab.indexOf(0, at);
      if (at < strtab.length && strtab.toString('latin1', at, end < 0 ? strtab.length : end) === name) {
        return { offset: Number(h.readBigUInt64LE(24)), size: Number(h.readBigUInt64LE(32)) };
      }
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Copies size bytes at offset of one file into a new file. */
export function copyRange(from: string, offset: number, size: number, to: string): void {
  const src = fs.openSync(from, 'r');
  const dst = fs.openSync(to, 'w');
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    for (let done = 0; done < size;) {
      const n = fs.readSync(src, buf, 0, Math.min(buf.length, size - done), offset + done);
      if (n === 0) throw new Error(`${from} ends inside its section at ${offset + done}`);
      fs.writeSync(dst, buf, 0, n);
      done += n;
    }
  } finally {
    fs.closeSync(src);
    fs.closeSync(dst);
  }
}

/** The entries of a header table (program or section headers) that the bytes read hold whole. */
function* tableEntries(table: Buffer, count: number, size: number): Generator<Buffer> {
  for (let i = 0; i < count && (i + 1) * size <= table.length; i++) yield table.subarray(i * size);
}

/** Where a header (section or program header) keeps its type, and a note region's offset, size and alignment. */
interface NoteFields { typeAt: number; type: number; offsetAt: number; sizeAt: number; alignAt: number }
const SECTION_NOTES: NoteFields = { typeAt: 4, type: SHT_NOTE, offsetAt: 24, sizeAt: 32, alignAt: 48 };
const SEGMENT_NOTES: NoteFields = { typeAt: 0, type: PT_NOTE, offsetAt: 8, sizeAt: 32, alignAt: 48 };

function notesIn(read: Reader, headers: Iterable<Buffer>, f: NoteFields): ElfNote[] {
  const notes: ElfNote[] = [];
  for (const h of headers) {
    if (h.readUInt32LE(f.typeAt) !== f.type) continue;
    const field = (at: number) => Number(h.readBigUInt64LE(at));
    notes.push(...parseNotes(read(field(f.offsetAt), field(f.sizeAt)), field(f.alignAt)));
  }
  return notes;
}

/** Splits a note section's bytes into notes (namesz, descsz, type, name, desc; padded). */
export function parseNotes(data: Buffer, sectionAlign = 4): ElfNote[] {
  const align = sectionAlign === 8 ? 8 : 4;
  const pad = (n: number) => (n + align - 1) & ~(align - 1);
  const notes: ElfNote[] = [];
  let at = 0;
  while (at + 12 <= data.length) {
    const namesz = data.readUInt32LE(at);
    const descsz = data.readUInt32LE(at + 4);
    const type = data.readUInt32LE(at + 8);
    const nameAt = at + 12;
    const descAt = nameAt + pad(namesz);
    if (descAt + descsz > data.length) break;  // truncated: keep what was whole
    const name = data.toString('latin1', nameAt, nameAt + namesz).replace(/\0+$/, '');
    notes.push({ name, type, desc: Buffer.from(data.subarray(descAt, descAt + descsz)) });
    at = descAt + pad(descsz);
  }
  return notes;
}

/** Reads up to length bytes at offset; shorter at end of file. */
function pread(fd: number, offset: number, length: number): Buffer {
  if (length <= 0 || length > 64 * 1024 * 1024) return Buffer.alloc(0);
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
