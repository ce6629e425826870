/**
 * Probes the backend compiler `unicore setup` builds everything with: it must be
 * a gcc (the specs files are gcc's) for x86_64, new enough for our flags.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import * as semver from 'semver';
import { UserError } from '../lib/errors';
import { TARGET_CPU } from '../lib/toolchain';
import { which } from '../lib/which';

/** gcc 8 is the oldest with every flag we pass (-mstack-protector-guard=global, -fno-pie). */
export const SUPPORTED_GCC = '>=8.0.0';

/** What the probe learns: enough for toolchain.json and for building newlib. */
export interface CompilerFacts {
  cc: string;
  version: string;        // "12.2.0"
  versionText: string;    // first line of --version, for stamps
  machine: string;        // -dumpmachine
  libgcc: string;
  libgccEh: string;       // the unwinder (libgcc_eh.a), '' if gcc has none
  gccInclude: string;
  gccIncludeFixed: string;
  /** The binutils the compiler itself runs (cc -print-prog-name=TOOL), absolute. */
  tools: Record<BinTool, string>;
}

export type BinTool = 'ld' | 'as' | 'ar' | 'ranlib' | 'nm' | 'objcopy';
const BIN_TOOLS: readonly BinTool[] = ['ld', 'as', 'ar', 'ranlib', 'nm', 'objcopy'];

async function ask(cc: string, flag: string): Promise<string> {
  const r = await execa(cc, [flag], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`'${cc} ${flag}' failed: ${cc} is not a working gcc: pass --cc with a gcc for x86_64`);
  return r.stdout.trim();
}

async function resolveProg(cc: string, tool: string): Promise<string> {
  const name = await ask(cc, `-print-prog-name=${tool}`);
  const found = which(name);
  if (!found) throw new UserError(`${cc} runs '${name}' as its ${tool}, which is not installed: apt-get install binutils`);
  return path.normalize(found);
}

/** cc -print-file-name=NAME when gcc has that file, else ''. */
async function fileOf(cc: string, name: string): Promise<string> {
  const found = await ask(cc, `-print-file-name=${name}`);
  return path.isAbsolute(found) && fs.existsSync(found) ? path.normalize(found) : '';
}

/** The backend's C++ driver: g++ beside gcc, with the same name pattern (gcc-12 -> g++-12). */
export interface CxxFacts { cxx: string; version: string }

export async function probeCxx(cc: CompilerFacts): Promise<CxxFacts> {
  const name = path.basename(cc.cc).replace(/gcc(?!.*gcc)/, 'g++');
  const cxx = name === path.basename(cc.cc) ? undefined : which(path.join(path.dirname(cc.cc), name));
  const cc1plus = await ask(cc.cc, '-print-prog-name=cc1plus');
  if (!cxx || !path.isAbsolute(cc1plus)) {
    const major = cc.version.split('.')[0];
    throw new UserError(`${cc.cc} has no C++ compiler beside it (${name}, cc1plus): apt-get install g++-${major}, or run setup --without-cxx`);
  }
  const r = await execa(cxx, ['-dumpfullversion'], { reject: false });
  const version = r.exitCode === 0 ? r.stdout.trim() : '';
  if (version !== cc.version) {
    throw new UserError(`${cxx} is version ${version || 'unknown'} but ${cc.cc} is ${cc.version}: install the g++ of the same version, or run setup --without-cxx`);
  }
  return { cxx, version };
}

/** clang 13 is the oldest with -mstack-protector-guard=global (clang.flags). */
export const SUPPORTED_CLANG = '>=13.0.0';

/** setup --cc clang: the clang the C wrappers drive (the libraries are still built with gcc). */
export interface ClangFacts { clang: string; version: string }

/** The clang `requested` names, or undefined when it is not a clang (then it must be a gcc). */
export async function probeClang(requested: string): Promise<ClangFacts | undefined> {
  const clang = which(requested);
  if (!clang) return undefined;
  const r = await execa(clang, ['--version'], { reject: false });
  if (r.exitCode !== 0 || !/clang/i.test(r.stdout.split('\n')[0])) return undefined;
  const version = semver.coerce(/clang version (\S+)/.exec(r.stdout)?.[1] ?? '');
  if (!version || !semver.satisfies(version, SUPPORTED_CLANG)) {
    throw new UserError(`${clang} is clang ${version?.version ?? '(unknown version)'}; unicore needs clang ${SUPPORTED_CLANG.replace('>=', '')} or newer: install a newer clang or pass --cc gcc`);
  }
  const machine = await ask(clang, '-dumpmachine');
  if (!machine.startsWith(`${TARGET_CPU}-`)) {
    throw new UserError(`${clang} builds for ${machine}; unicore needs a clang that targets ${TARGET_CPU}: pass --cc`);
  }
  return { clang, version: version.version };
}

export async function probeCompiler(requested: string): Promise<CompilerFacts> {
  const cc = which(requested);
  if (!cc) throw new UserError(`no compiler '${requested}' found: install gcc (apt-get install gcc) or pass --cc`);

  const versionText = await ask(cc, '--version');
  if (/clang/i.test(versionText)) {
    throw new UserError(`'${requested}' is clang; unicore needs gcc as the backend compiler (its specs files are gcc's): pass --cc gcc`);
  }
  // Only gcc drivers have specs, and the wrappers are built on them.
  const specs = await execa(cc, ['-dumpspecs'], { reject: false });
  if (specs.exitCode !== 0 || !specs.stdout.includes('*link:')) {
    throw new UserError(`'${requested}' is not gcc (it says "${versionText.split('\n')[0]}"); unicore needs gcc as the backend compiler: pass --cc gcc`);
  }

  const r = await execa(cc, ['-dumpfullversion'], { reject: false });
  const version = semver.coerce(r.exitCode === 0 ? r.stdout.trim() : await ask(cc, '-dumpversion'));
  if (!version) throw new UserError(`cannot tell the version of ${cc}: pass --cc with gcc 8 or newer`);
  if (!semver.satisfies(version, SUPPORTED_GCC)) {
    throw new UserError(`${cc} is gcc ${version.version}; unicore needs gcc ${SUPPORTED_GCC.replace('>=', '')} or newer: install a newer gcc or pass --cc`);
  }

  const machine = await ask(cc, '-dumpmachine');
  if (!machine.startsWith(`${TARGET_CPU}-`)) {
    throw new UserError(`${cc} builds for ${machine}; unicore needs a gcc that targets ${TARGET_CPU}: pass --cc`);
  }

  const tools = {} as Record<BinTool, string>;
  for (const tool of BIN_TOOLS) tools[tool] = await resolveProg(cc, tool);

  const gccInclude = path.normalize(await ask(cc, '-print-file-name=include'));
  // gcc prints the bare name when it has no such directory (Debian's gcc 12 has no
  // include-fixed): record include/ again then, as a repeated -isystem is harmless.
  const fixed = await ask(cc, '-print-file-name=include-fixed');
  const gccIncludeFixed = path.isAbsolute(fixed) && fs.existsSync(fixed) ? path.normalize(fixed) : gccInclude;

  return {
    cc,
    version: version.version,
    versionText: versionText.split('\n')[0],
    machine,
    libgcc: path.normalize(await ask(cc, '-print-libgcc-file-name')),
    libgccEh: await fileOf(cc, 'libgcc_eh.a'),
    gccInclude,
    gccIncludeFixed,
    tools,
  };
}
