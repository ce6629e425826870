/**
 * Facts about a unicore toolchain: its versions, target tuples, the layout of
 * a prefix and what setup recorded in it, and where the prefix is.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from './errors';
import { readTemplate } from './templates';

/** Versions recorded in every program's .note.unicore (docs/architecture.md); package.json's is the only one. */
export const TOOLCHAIN_VERSION: string = (JSON.parse(readTemplate('package.json')) as { version: string }).version;
export const ABI_VERSION = '1.0.0';
export const TARGET_CPU = 'x86_64';

/** libstdc++'s configure host, and the name of its target header directory. */
export const CXX_TARGET = 'x86_64-unicore-elf';
/** libstdc++'s headers, relative to the prefix (docs/architecture.md). */
export const CXX_INCLUDE = 'lib/unicore/sysroot/c++/include';

export function tupleFor(platform: string): string {
  return `${TARGET_CPU}-unicore-${platform}`;
}

/** PREFIX/lib/unicore/toolchain.json: what `unicore setup` probed and built. */
export interface ToolchainInfo {
  toolchain: string;   // TOOLCHAIN_VERSION at setup time
  abi: string;         // ABI_VERSION at setup time
  libc: string;        // e.g. "newlib-3.3.0"
  cc: string;          // backend compiler, absolute path
  ccVersion: string;
  ld: string;          // backend linker (cc -print-prog-name=ld), absolute path
  as?: string;         // backend assembler (cc -print-prog-name=as), absolute path; absent from older prefixes' toolchain.json
  libgcc: string;      // cc -print-libgcc-file-name
  gccInclude: string;  // cc -print-file-name=include
  gccIncludeFixed: string; // cc -print-file-name=include-fixed; gccInclude when gcc has none
  libgccEh?: string;   // cc -print-file-name=libgcc_eh.a (the unwinder)
  /** The backend g++ (same version as cc), when setup built libstdc++ (not --without-cxx). */
  cxx?: string;
  libstdcxx?: string;  // the GCC version libstdc++ was built from, e.g. "12.2.0"
  /**
   * setup --cc clang: the clang the C wrappers (cc, gcc, cpp) drive, with
   * clang.flags and clang-ferment.flags; cc (gcc) still built newlib, the
   * runtime and libstdc++, and the C++ wrappers still run cxx.
   */
  clang?: string;
  clangVersion?: string;
}

/** The native launcher of `unicore run` (run/native.ts), relative to PREFIX/lib/unicore. */
export const NATIVE_RUN = 'libexec/unicore-run';
/** The native helper of unicore-bake (bake/native.ts), relative to PREFIX/lib/unicore. */
export const NATIVE_BAKE = 'libexec/unicore-bake';

/** Paths inside a unicore prefix (docs/architecture.md, "Prefix layout"). */
export class Prefix {
  constructor(readonly root: string) {}
  get bin(): string { return path.join(this.root, 'bin'); }
  get lib(): string { return path.join(this.root, 'lib', 'unicore'); }
  get sysroot(): string { return path.join(this.lib, 'sysroot'); }
  /** POSIX-layer headers: searched before newlib's, so they can override them. */
  get sysrootInclude(): string { return path.join(this.sysroot, 'include'); }
  get cxxInclude(): string { return path.join(this.root, CXX_INCLUDE); }
  get newlibInclude(): string { return path.join(this.sysroot, 'newlib', 'include'); }
  get sysrootLib(): string { return path.join(this.sysroot, 'lib'); }
  get notes(): string { return path.join(this.lib, 'notes'); }
  /** The installed Node CLI (a copy of dist/ and its production node_modules). */
  get node(): string { return path.join(this.lib, 'node'); }
  get nativeRun(): string { return path.join(this.lib, NATIVE_RUN); }
  get nativeBake(): string { return path.join(this.lib, NATIVE_BAKE); }
  get logs(): string { return path.join(this.lib, 'logs'); }
  get stamps(): string { return path.join(this.lib, 'stamps'); }
  get toolchainJson(): string { return path.join(this.lib, 'toolchain.json'); }
  get configSite(): string { return path.join(this.root, 'share', 'unicore', 'config.site'); }
  platformDir(platform: string): string { return path.join(this.lib, 'platforms', platform); }
  wrapper(platform: string, tool: string): string { return path.join(this.bin, `${tupleFor(platform)}-${tool}`); }

  readToolchain(): ToolchainInfo {
    let text: string;
    try {
      text = fs.readFileSync(this.toolchainJson, 'utf8');
    } catch {
      throw new UserError(`no unicore toolchain in ${this.root}: run \`unicore setup --prefix ${this.root}\` first`);
    }
    return JSON.parse(text) as ToolchainInfo;
  }
}

/**
 * Where the toolchain lives: --prefix, then $UNICORE_PREFIX, then the prefix this
 * CLI was installed into (PREFIX/lib/unicore/node/...), then ~/.unicore.
 */
export function locatePrefix(explicit?: string): Prefix {
  if (explicit === '') throw new UserError('--prefix is empty: give the toolchain directory, or leave --prefix out for the default ($UNICORE_PREFIX or ~/.unicore)');
  if (explicit) return new Prefix(path.resolve(explicit));
  if (process.env.UNICORE_PREFIX) return new Prefix(path.resolve(process.env.UNICORE_PREFIX));
  const marker = `${path.sep}lib${path.sep}unicore${path.sep}node${path.sep}`;
  const at = __dirname.lastIndexOf(marker);
  if (at >= 0) return new Prefix(__dirname.slice(0, at));
  return new Prefix(path.join(os.homedir(), '.unicore'));
}
