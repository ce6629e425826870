/**
 * The native helper of unicore-bake (bake/native/unicore-bake.c,
 * docs/architecture.md, "unicore-bake: the two paths"): its fixed data is
 * rendered from the modules the Node path runs on, so the two cannot drift:
 * the assembler's and the linker's argv are assemblerCommand()'s and
 * imageLinkArgs()'s, the baked-data source is the template filled by
 * bakedDataFields(), with markers where the per-bake values go; the names,
 * notes, platforms and memory sizes are the Node path's constants. The
 * prefix's toolchain facts come in too, with the text of its toolchain.json:
 * the helper bakes only while that file still says exactly this.
 * `unicore setup` writes this header beside the C file and compiles both.
 */
import { formatImageNote, NOTE_IMAGE, NOTE_NET, NOTE_OWNER, NOTE_RECIPE, PROGRAM_SECTION } from '../lib/notes';
import { DEFAULT_MEM_MIB, HEADROOM_MIB, memNeeded, MIN_MEM_MIB } from '../lib/mem';
import { PLATFORMS } from '../lib/platforms';
import { Prefix, ToolchainInfo, tupleFor } from '../lib/toolchain';
import { EM_X86_64, ET_REL } from '../lib/elf';
import { fillTemplate, readTemplate } from '../lib/templates';
import { BAKED_DATA_TEMPLATE, bakedDataFields } from './baked-data';
import { assemblerCommand, imageLinkArgs, platformFilePaths } from './link';
import { IMAGE_MODE, WORK_DIR_SUFFIX, WORK_FILES } from './bake';
import { EMPTY_ARCHIVE } from './rootfs';
import { NATIVE_BAKED } from './options';
import { cArray, cString } from '../lib/native/c-literals';

/**
 * The C source, relative to the source root: setup compiles it from the source
 * tree, it is not an asset the installed CLI reads (so not written as one literal,
 * which the unit test of installed assets would take for one).
 */
export const NATIVE_BAKE_SOURCE = ['bake', 'native', 'unicore-bake.c'].join('/');

/** Where the helper puts each bake's own values. */
export const MARK = {
  prefix: '@UB_PREFIX@', platform: '@UB_PLATFORM@', program: '@UB_PROGRAM@', bakedData: '@UB_BAKED@', image: '@UB_IMAGE@',
  mem: '@UB_MEM@', name: '@UB_NAME@', noteBytes: '@UB_NOTE_BYTES@', cmdlineBytes: '@UB_CMDLINE_BYTES@', prognameBytes: '@UB_PROGNAME_BYTES@',
} as const;
const MEM_SENTINEL = 987654321;

/** Throws unless each marker is in exactly `count` words (or, with count 0, none): the shape the C side substitutes into. */
function expectMarks(what: string, words: readonly string[], marks: Record<string, number>): void {
  for (const [mark, count] of Object.entries(marks)) {
    const n = words.reduce((sum, w) => sum + w.split(mark).length - 1, 0);
    if (n !== count) throw new Error(`${what} changed shape: ${mark} occurs ${n} times, not ${count}`);
  }
}

/** The linker's argv for an image (the tool first), with markers: the same for every platform but for MARK.platform. */
export function nativeLdArgv(info: ToolchainInfo): string[] {
  const argv = [info.ld, ...imageLinkArgs({
    ld: info.ld, ...platformFilePaths(new Prefix(MARK.prefix), MARK.platform),
    program: MARK.program, bakedData: MARK.bakedData, libgcc: info.libgcc, out: MARK.image,
  })];
  expectMarks('imageLinkArgs', argv, { [MARK.program]: 1, [MARK.bakedData]: 1, [MARK.image]: 1 });
  return argv;
}

/** The assembler's argv (the tool first), run in the work directory: as assembleBakedData gives it. */
export function nativeAsArgv(info: ToolchainInfo): string[] {
  const { tool, args } = assemblerCommand(info, WORK_FILES.source, MARK.bakedData);
  const argv = [tool, ...args];
  expectMarks('assemblerCommand', argv, { [MARK.bakedData]: 1 });
  return argv;
}

/** The baked-data source with markers for the three byte lists. */
export function nativeBakedAsm(): string {
  const fields = bakedDataFields({ rootfsFile: WORK_FILES.rootfs, cmdline: '', progname: '', image: { platform: '', mem: 1, name: '', net: false } });
  const asm = fillTemplate(BAKED_DATA_TEMPLATE, readTemplate(BAKED_DATA_TEMPLATE), {
    ...fields, IMAGE_NOTE_BYTES: MARK.noteBytes, CMDLINE_BYTES: MARK.cmdlineBytes, PROGNAME_BYTES: MARK.prognameBytes,
  });
  expectMarks('the baked-data template', [asm], { [MARK.noteBytes]: 1, [MARK.cmdlineBytes]: 1, [MARK.prognameBytes]: 1 });
  return asm;
}

/** The image note's text without its final NUL, net no and yes, with markers. */
export function nativeImageNotes(): [string, string] {
  const texts = [false, true].map((net) => formatImageNote({ platform: MARK.platform, mem: MEM_SENTINEL, name: MARK.name, net }));
  return texts.map((t) => {
    if (!t.endsWith('\0') || t.indexOf('\0') !== t.length - 1) throw new Error('formatImageNote changed shape: not one final NUL');
    const out = t.slice(0, -1).replace(String(MEM_SENTINEL), MARK.mem);
    expectMarks('formatImageNote', [out], { [MARK.platform]: 1, [MARK.mem]: 1, [MARK.name]: 1 });
    return out;
  }) as [string, string];
}

/** memNeeded() is max(MIN_MEM_MIB, ceil(loadEnd / 1 MiB) + HEADROOM_MIB): the helper computes it so. */
function checkMemNeeded(): void {
  const mib = 1024 * 1024;
  for (const loadEnd of [0, 1, mib - 1, mib, mib + 1, 63 * mib + 5, 200 * mib]) {
    if (memNeeded(loadEnd) !== Math.max(MIN_MEM_MIB, Math.ceil(loadEnd / mib) + HEADROOM_MIB)) throw new Error('memNeeded changed shape');
  }
  if (EMPTY_ARCHIVE.some((b) => b !== 0)) throw new Error('EMPTY_ARCHIVE is not all zeros');
}

/** The header unicore-bake.c includes, for a prefix whose toolchain.json is `toolchainJson` (info's text). */
export function nativeBakeHeader(info: ToolchainInfo, toolchainJson: string): string {
  checkMemNeeded();
  const [noteNo, noteYes] = nativeImageNotes();
  const lines = [
    '/* Written by `unicore setup` from bake/native.ts: the fixed data of the Node path. */',
    `#define UB_TOOLCHAIN_JSON ${cString(toolchainJson)}`,
    `#define UB_ABI ${cString(info.abi)}`,
    `#define UB_TUPLE_PREFIX ${cString(tupleFor(''))}`,
    `#define UB_NOTE_OWNER ${cString(NOTE_OWNER)}`,
    `#define UB_NOTE_RECIPE ${NOTE_RECIPE}`,
    `#define UB_NOTE_IMAGE ${NOTE_IMAGE}`,
    `#define UB_NOTE_NET ${NOTE_NET}`,
    `#define UB_PROGRAM_SECTION ${cString(PROGRAM_SECTION)}`,
    `#define UB_EM_X86_64 ${EM_X86_64}`,
    `#define UB_ET_REL ${ET_REL}`,
    `#define UB_DEFAULT_MEM_MIB ${DEFAULT_MEM_MIB}`,
    `#define UB_MIN_MEM_MIB ${MIN_MEM_MIB}`,
    `#define UB_HEADROOM_MIB ${HEADROOM_MIB}`,
    `#define UB_EMPTY_ARCHIVE_SIZE ${EMPTY_ARCHIVE.length}`,
    `#define UB_IMAGE_MODE 0${IMAGE_MODE.toString(8)}`,
    `#define UB_WORK_DIR_SUFFIX ${cString(WORK_DIR_SUFFIX)}`,
    `#define UB_FILE_PROGRAM ${cString(WORK_FILES.program)}`,
    `#define UB_FILE_ROOTFS ${cString(WORK_FILES.rootfs)}`,
    `#define UB_FILE_SOURCE ${cString(WORK_FILES.source)}`,
    `#define UB_FILE_BAKED ${cString(WORK_FILES.bakedData)}`,
    `#define UB_FILE_IMAGE ${cString(WORK_FILES.image)}`,
    `#define UB_NATIVE_BAKED ${cString(NATIVE_BAKED)}`,
    ...Object.entries(MARK).map(([k, v]) => `#define UB_MARK_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()} ${cString(v)}`),
    ...cArray('ub_platforms', PLATFORMS.map((p) => p.name)),
    ...cArray('ub_suffixes', PLATFORMS.map((p) => p.imageSuffix)),
    `static const int ub_runs_as_process[] = { ${PLATFORMS.map((p) => (p.run === 'exec' ? 1 : 0)).join(', ')} };`,
    ...cArray('ub_as_argv', nativeAsArgv(info)),
    ...cArray('ub_ld_argv', nativeLdArgv(info)),
    `static const char ub_note_text[2][${Math.max(noteNo.length, noteYes.length) + 1}] = { ${cString(noteNo)}, ${cString(noteYes)} };`,
    `static const char ub_baked_asm[] = ${cString(nativeBakedAsm())};`,
  ];
  return `${lines.join('\n')}\n`;
}
