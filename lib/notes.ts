/**
 * The unicore ELF notes (docs/architecture.md, "The .note.unicore recipe"):
 * the recipe (type 1) that the wrappers put into every fermented program, and
 * the image note (type 2) that bake puts into every image. Both carry
 * NUL-terminated `key=value` lines under the owner name "Unicore".
 */
import * as fs from 'fs';
import { UserError } from './errors';
import { ElfFile, NotElfError, readElf } from './elf';

export const NOTE_OWNER = 'Unicore';
export const NOTE_RECIPE = 1;
export const NOTE_IMAGE = 2;
/** In every object the wrappers compile (wrappers/compiled-mark.s). */
export const NOTE_COMPILED = 3;
/** In a fermented program whose program uses sockets (the socket layer carries it). */
export const NOTE_NET = 4;

export interface Recipe { toolchain: string; abi: string; tuple: string; platform: string; libc: string }
/** net: the program uses sockets (older images without the key: false). */
export interface ImageNote { platform: string; mem: number /* MiB */; name: string; net: boolean }

const RECIPE_KEYS = ['toolchain', 'abi', 'tuple', 'platform', 'libc'] as const;
const IMAGE_KEYS = ['platform', 'mem', 'name'] as const;

/** Parses `key=value` lines (the note's descriptor, up to its NUL). */
export function parseKeyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\0')[0].split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !values.has(line.slice(0, eq))) values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return values;
}

/** The descriptor text of a note: `key=value` lines, NUL-terminated. */
export function formatKeyValues(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join('') + '\0';
}

export function formatImageNote(note: ImageNote): string {
  return formatKeyValues({ platform: note.platform, mem: note.mem, name: note.name, net: note.net ? 'yes' : 'no' });
}

/** The recipe of a parsed ELF file; undefined if it has none; throws if it is malformed. */
export function findRecipe(file: string, elf: ElfFile): Recipe | undefined {
  const note = elf.notes.find((n) => n.name === NOTE_OWNER && n.type === NOTE_RECIPE);
  if (!note) return undefined;
  const values = parseKeyValues(note.desc.toString('utf8'));
  const missing = RECIPE_KEYS.filter((k) => !values.get(k));
  if (missing.length) {
    throw new UserError(`${file} has a damaged .note.unicore (no ${missing.join(', ')}): link it again with x86_64-unicore-<platform>-gcc`);
  }
  const [toolchain, abi, tuple, platform, libc] = RECIPE_KEYS.map((k) => values.get(k)!);
  return { toolchain, abi, tuple, platform, libc };
}

/** The image note of a parsed ELF file; undefined if it has none; throws if it is malformed. */
export function findImageNote(file: string, elf: ElfFile): ImageNote | undefined {
  const note = elf.notes.find((n) => n.name === NOTE_OWNER && n.type === NOTE_IMAGE);
  if (!note) return undefined;
  const values = parseKeyValues(note.desc.toString('utf8'));
  const missing = IMAGE_KEYS.filter((k) => !values.get(k));
  const mem = Number(values.get('mem'));
  if (missing.length || !Number.isInteger(mem) || mem <= 0) {
    throw new UserError(`${file} is not a unicore image (damaged .note.unicore.image): bake it again with unicore-bake`);
  }
  return { platform: values.get('platform')!, mem, name: values.get('name')!, net: values.get('net') === 'yes' };
}

/** Whether a fermented program carries the socket layer (its NOTE_NET note). */
export function usesSockets(elf: ElfFile): boolean {
  return elf.notes.some((n) => n.name === NOTE_OWNER && n.type === NOTE_NET);
}

/** Reads an ELF file, turning "missing" and "not ELF" into user errors worded by the caller. */
export function readElfOrExplain(file: string, notElf: (why: string) => string): ElfFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new UserError(`${file} is not a regular file`);
  try {
    return readElf(file);
  } catch (err) {
    if (err instanceof NotElfError) throw new UserError(notElf(err.message));
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * The section of a program file (the wrapper's link output, a linuxu
 * executable) that holds the fermented object bake links platforms onto.
 */
export const PROGRAM_SECTION = '.unicore.program';

/** The platform, memory size and program name of a baked image. */
export function readImageNote(imagePath: string): ImageNote {
  const elf = readElfOrExplain(imagePath, (why) => `${imagePath} is not a unicore image (not an ELF file: ${why})`);
  const note = findImageNote(imagePath, elf);
  if (note) return note;
  if (findRecipe(imagePath, elf)) {
    throw new UserError(`${imagePath} is not a unicore image (it is an unbaked program): bake it first with \`unicore-bake PLATFORM ${imagePath}\``);
  }
  throw new UserError(`${imagePath} is not a unicore image (no .note.unicore.image): make one with unicore-bake`);
}

/** The recipe of a fermented program (the output of x86_64-unicore-<p>-gcc). */
export function readRecipe(objectPath: string): Recipe {
  const elf = readElfOrExplain(objectPath,
    () => `${objectPath} is not an ELF object: bake takes a program linked with x86_64-unicore-<platform>-gcc`);
  const recipe = findRecipe(objectPath, elf);
  if (!recipe) {
    throw new UserError(`${objectPath} was not built with the unicore toolchain (no .note.unicore): link it with x86_64-unicore-<platform>-gcc`);
  }
  return recipe;
}
