/**
 * The assembly source of the baked-data object (docs/architecture.md, "Baked
 * data"): a pure generator over the template bake/templates/baked-data.S.in. Strings go
 * in as .byte lists, so no quoting of user text is ever needed.
 */
import { formatImageNote, ImageNote, NOTE_IMAGE, NOTE_OWNER } from '../lib/notes';
import { fillTemplate } from '../lib/templates';

export interface BakedData {
  /** The rootfs archive, as the assembler will find it (a plain file name: no quotes or backslashes). */
  rootfsFile: string;
  /** The baked --cmdline, as given. */
  cmdline: string;
  /** argv[0]. */
  progname: string;
  image: ImageNote;
}

export const BAKED_DATA_TEMPLATE = 'bake/templates/baked-data.S.in';

/** Fills the template; data in, text out. */
export function bakedDataAsm(template: string, data: BakedData): string {
  return fillTemplate(BAKED_DATA_TEMPLATE, template, bakedDataFields(data));
}

/**
 * The template's values. The byte lists are asmBytes() of the image note's
 * text, of the command line and of the program name, each with its NUL (the
 * note's text ends with its own): bake/native.ts puts markers in their place
 * for the native helper, which writes them the same way.
 */
export function bakedDataFields(data: BakedData): Record<string, string> {
  if (/["\\\n]/.test(data.rootfsFile)) throw new Error(`rootfs file name needs quoting: ${data.rootfsFile}`);
  return {
    NOTE_TYPE: String(NOTE_IMAGE),
    NOTE_OWNER,
    IMAGE_NOTE_BYTES: asmBytes(Buffer.from(formatImageNote(data.image), 'utf8')),
    ROOTFS_FILE: data.rootfsFile,
    CMDLINE_BYTES: asmBytes(cString(data.cmdline)),
    PROGNAME_BYTES: asmBytes(cString(data.progname)),
  };
}

/** Bytes as `.byte` lines, 16 to a line. */
export function asmBytes(bytes: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const chunk = [...bytes.subarray(at, at + 16)].map((b) => `0x${b.toString(16).padStart(2, '0')}`);
    lines.push(`\t.byte ${chunk.join(',')}`);
  }
  return lines.join('\n');
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}
