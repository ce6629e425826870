/**
 * What bake was given: one fermented program (the output of
 * x86_64-unicore-<p>-gcc, which carries the .note.unicore recipe), or plain
 * objects compiled with the wrappers (`-c`), which bake ferments itself.
 */
import { UserError } from '../lib/errors';
import { tupleFor } from '../lib/toolchain';
import { EM_X86_64, ET_REL, ElfFile, findSection } from '../lib/elf';
import { findImageNote, findRecipe, NOTE_COMPILED, NOTE_OWNER, PROGRAM_SECTION, readElfOrExplain, Recipe } from '../lib/notes';

/** Where the fermented object is: the whole file (an object), or a section of a program file. */
export type Embedded = { offset: number; size: number } | undefined;

export type Inputs =
  | { kind: 'program'; file: string; recipe: Recipe; embedded: Embedded }
  | { kind: 'objects'; files: string[] };

const linkWith = (platform: string) => `link it with ${tupleFor(platform)}-gcc`;

/** Classifies and checks the inputs; throws the one-line UserError for the first bad one. */
export function classifyInputs(files: string[], platform: string): Inputs {
  const wrapper = `${tupleFor(platform)}-gcc`;
  const programs: { file: string; recipe: Recipe; embedded: Embedded }[] = [];
  const objects: string[] = [];
  for (const file of files) {
    const elf = readElfOrExplain(file, () => `${file} is not an ELF object: bake takes a program linked with ${wrapper}`);
    if (elf.elfClass !== 2 || elf.machine !== EM_X86_64) {
      throw new UserError(`${file} is an ELF file for another machine, not x86-64: bake takes a program linked with ${wrapper}`);
    }
    const image = findImageNote(file, elf);
    if (image) throw new UserError(`${file} is already a unicore image (baked for ${image.platform}): bake the program it was made from`);
    const recipe = findRecipe(file, elf);
    if (elf.type !== ET_REL) {
      const embedded = recipe && findSection(file, PROGRAM_SECTION);
      if (!recipe || !embedded) {
        throw new UserError(`${file} is a linked executable, not a unicore program (no ${recipe ? PROGRAM_SECTION : '.note.unicore'}): ${linkWith(platform)}`);
      }
      programs.push({ file, recipe, embedded });
      continue;
    }
    if (recipe) programs.push({ file, recipe, embedded: undefined });
    else if (file.endsWith('.o') || files.length > 1) objects.push(checkCompiledMark(file, elf, platform));
    else throw new UserError(`${file} was not built with the unicore toolchain (no .note.unicore): ${linkWith(platform)}`);
  }
  if (programs.length && files.length > 1) {
    throw new UserError(`${programs[0].file} is already a linked unicore program: bake takes one program or several objects, not both`);
  }
  if (programs.length) return { kind: 'program', ...programs[0] };
  return { kind: 'objects', files: objects };
}

/**
 * An object without the mark came from another compiler (the host's gcc -c):
 * built against glibc's headers, its structures (struct stat, FILE) do not
 * match the runtime's, so it would misbehave at run time. Refuse it.
 */
function checkCompiledMark(file: string, elf: ElfFile, platform: string): string {
  if (elf.notes.some((n) => n.name === NOTE_OWNER && n.type === NOTE_COMPILED)) return file;
  throw new UserError(`${file} was not compiled by a unicore wrapper (no .note.unicore.compiled; the host's gcc builds ` +
    `against glibc's headers, whose structures differ): compile it with ${tupleFor(platform)}-gcc -c`);
}

/** Refuses a program whose recipe this toolchain cannot link (different ABI or CPU). */
export function checkRecipe(file: string, recipe: Recipe, toolchainAbi: string, toolchainVersion: string): void {
  if (!recipe.tuple.startsWith('x86_64-unicore-')) {
    throw new UserError(`${file} was linked for ${recipe.tuple}, not x86_64-unicore-*: link it with x86_64-unicore-${recipe.platform}-gcc`);
  }
  // The usual case, a program of this very toolchain, needs no semver: its functions
  // load some twenty files (about 20 ms of a bake's start-up).
  if (recipe.abi === toolchainAbi) return;
  const valid = require('semver/functions/valid') as typeof import('semver/functions/valid');
  const satisfies = require('semver/functions/satisfies') as typeof import('semver/functions/satisfies');
  if (!valid(recipe.abi)) {
    throw new UserError(`${file} has a damaged .note.unicore (abi=${recipe.abi} is not a version): link it again with ${recipe.tuple}-gcc`);
  }
  if (!satisfies(recipe.abi, `^${toolchainAbi}`)) {
    throw new UserError(`${file} was built for unicore ABI ${recipe.abi} (toolchain ${recipe.toolchain}), but this toolchain `
      + `(${toolchainVersion}) has ABI ${toolchainAbi}: rebuild it with this toolchain's ${recipe.tuple}-gcc`);
  }
}
