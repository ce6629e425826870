/**
 * Everything `unicore setup` writes into PREFIX for compiling and linking:
 * the x86_64-unicore-<p>-<tool> wrappers, the gcc specs, clang.flags,
 * config.site and the .note.unicore source of each platform. The generator is
 * pure (renderToolchainFiles); generateToolchainFiles adds the template reads.
 * Nothing generated holds the prefix path: the wrappers find the tree from
 * their own location, so the prefix can be moved.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ToolchainInfo, tupleFor } from '../lib/toolchain';
import { clangFermentFlags, clangFlags, checkSymbol, compileSpecs, fermentSpecs } from './specs';
import { noteSource } from './note';
import { shQuote } from '../lib/shell';
import { fillTemplate, findAsset, readTemplate } from '../lib/templates';

/** Assembled into every object the wrappers compile (see compile.specs.in). */
export const COMPILED_MARK = 'lib/unicore/notes/compiled.s';

export interface GeneratedFile { path: string; text: string; mode: number } // path relative to PREFIX

/** The compiler driver names, then the binutils (and pkg-config) wrapped as they are. */
export const COMPILER_TOOLS = ['cc', 'gcc', 'cpp'] as const;
/** The C++ drivers: written only when setup built libstdc++ (info.cxx is set). */
export const CXX_TOOLS = ['c++', 'g++'] as const;
export const BINUTILS = ['ld', 'ar', 'as', 'nm', 'ranlib', 'objcopy', 'objdump', 'readelf', 'size', 'strings', 'strip'] as const;
export const TOOLS: readonly string[] = [...COMPILER_TOOLS, ...BINUTILS, 'pkg-config'];

/** The tools of a toolchain: the C++ drivers too when it has C++. */
export function toolsFor(info: ToolchainInfo): string[] {
  return info.cxx ? [...COMPILER_TOOLS, ...CXX_TOOLS, ...TOOLS.slice(COMPILER_TOOLS.length)] : [...TOOLS];
}

function isCxxTool(tool: string): boolean {
  return (CXX_TOOLS as readonly string[]).includes(tool);
}

export interface Templates {
  wrapper: string;
  compileSpecs: string;
  fermentSpecs: string;
  clangFlags: string;
  clangFerment: string;
  configSite: string;
  note: string;
  compiledMark: string;
  cmake: string;
  meson: string;
}

/** The templates, and components/upcalls.txt's symbols. */
export interface Inputs { templates: Templates; upcalls: string[] }

/** Symbols of an upcalls.txt: one a line, '#' comments. */
export function parseUpcalls(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map(checkSymbol);
}

/**
 * The binutils the backend gcc runs sit beside its ld (setup resolves ld to an
 * absolute path); strings, strip and friends come from the same binutils.
 */
function binutil(info: ToolchainInfo, tool: string): string {
  return tool === 'ld' ? info.ld : path.isAbsolute(info.ld) ? path.join(path.dirname(info.ld), tool) : tool;
}

/** The compiler a wrapper runs: g++ for the C++ drivers, clang (setup --cc clang) or gcc for the C ones. */
function driverOf(info: ToolchainInfo, tool: string): { driver: 'gcc' | 'clang'; cc: string } {
  // The C++ drivers run the backend g++: it links -lstdc++ -lm and compiles .c as C++, as g++ does.
  if (isCxxTool(tool) && info.cxx) return { driver: 'gcc', cc: info.cxx };
  return info.clang ? { driver: 'clang', cc: info.clang } : { driver: 'gcc', cc: info.cc };
}

/** What follows the user's arguments in clang's ferment (ferment.specs' *lib and *libgcc, as linker inputs). */
export function clangLibs(info: ToolchainInfo): string {
  const libgcc = [info.libgcc, info.libgccEh].filter((lib): lib is string => Boolean(lib)).map(shQuote);
  return ['-x none -Xlinker --start-group -lunicore -llwip -lc -lm', ...libgcc, '-Xlinker --end-group'].join(' ');
}

export function wrapperText(info: ToolchainInfo, platform: string, tool: string, upcalls: readonly string[], template: string): string {
  const { driver, cc } = driverOf(info, tool);
  return fillTemplate('wrapper.sh.in', template, {
    TOOL: shQuote(tool),
    TUPLE: shQuote(tupleFor(platform)),
    PLATFORM: shQuote(platform),
    DRIVER: driver,
    CC: shQuote(cc),
    CLANG_LIBS: driver === 'clang' ? clangLibs(info) : '',
    LD: shQuote(info.ld),
    OBJCOPY: shQuote(binutil(info, 'objcopy')),
    LIBGCC: shQuote(info.libgcc),
    PROG: shQuote((BINUTILS as readonly string[]).includes(tool) ? binutil(info, tool) : ''),
    // The stub link proves that everything bake will need is there.
    REQUIRE_DEFINED: upcalls.map((s) => `--require-defined=${checkSymbol(s)}`).join(' '),
  });
}

/** Where a platform's CMake toolchain file and Meson cross file go, relative to PREFIX. */
export const cmakeFile = (platform: string) => `share/unicore/cmake/${tupleFor(platform)}.cmake`;
export const mesonFile = (platform: string) => `share/unicore/meson/${tupleFor(platform)}.ini`;

/** The CMake toolchain file (finds PREFIX from its own place) and Meson cross file (tools from PATH) of a platform. */
function buildSystemFiles(platform: string, templates: Templates): GeneratedFile[] {
  const values = { TUPLE: tupleFor(platform), PLATFORM: platform };
  return [
    { path: cmakeFile(platform), text: fillTemplate('toolchain.cmake.in', templates.cmake, values), mode: 0o644 },
    { path: mesonFile(platform), text: fillTemplate('cross.meson.in', templates.meson, values), mode: 0o644 },
  ];
}

export function renderToolchainFiles(info: ToolchainInfo, platforms: readonly string[], inputs: Inputs): GeneratedFile[] {
  const { templates, upcalls } = inputs;
  const files: GeneratedFile[] = [];
  for (const platform of platforms) {
    for (const tool of toolsFor(info)) {
      files.push({
        path: `bin/${tupleFor(platform)}-${tool}`,
        text: wrapperText(info, platform, tool, upcalls, templates.wrapper),
        mode: 0o755,
      });
    }
    files.push(...buildSystemFiles(platform, templates));
    files.push({ path: `lib/unicore/notes/${platform}.S`, text: noteSource(info, platform, templates.note), mode: 0o644 });
  }
  files.push(
    { path: 'lib/unicore/specs/compile.specs', text: compileSpecs(info, templates.compileSpecs), mode: 0o644 },
    { path: 'lib/unicore/specs/ferment.specs', text: fermentSpecs(info, upcalls, templates.fermentSpecs), mode: 0o644 },
    { path: 'lib/unicore/specs/clang.flags', text: clangFlags(templates.clangFlags), mode: 0o644 },
    { path: 'lib/unicore/specs/clang-ferment.flags', text: clangFermentFlags(upcalls, templates.clangFerment), mode: 0o644 },
    { path: 'share/unicore/config.site', text: templates.configSite, mode: 0o644 },
    { path: COMPILED_MARK, text: templates.compiledMark, mode: 0o644 },
  );
  return files;
}

export function readInputs(): Inputs {
  return {
    templates: {
      wrapper: readTemplate('wrappers/wrapper.sh.in'),
      compileSpecs: readTemplate('specs/compile.specs.in'),
      fermentSpecs: readTemplate('specs/ferment.specs.in'),
      clangFlags: readTemplate('specs/clang.flags.in'),
      clangFerment: readTemplate('specs/clang-ferment.flags.in'),
      configSite: readTemplate('wrappers/config.site.in'),
      note: readTemplate('wrappers/note.S.in'),
      compiledMark: readTemplate('wrappers/compiled-mark.s'),
      cmake: readTemplate('wrappers/toolchain.cmake.in'),
      meson: readTemplate('wrappers/cross.meson.in'),
    },
    upcalls: parseUpcalls(fs.readFileSync(findAsset('components/upcalls.txt'), 'utf8')),
  };
}

/** The contract with `unicore setup`: the files to write (setup assembles notes/<p>.S into notes/<p>.o). */
export function generateToolchainFiles(info: ToolchainInfo, platforms: readonly string[]): GeneratedFile[] {
  return renderToolchainFiles(info, platforms, readInputs());
}
