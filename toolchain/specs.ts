/**
 * gcc specs of the unicore wrappers (one file per link stage, like rumprun's):
 * compile.specs (every mode), ferment.specs (the final link, with ld -r), and
 * clang.flags, the compile options for clang. Pure: data in, text out.
 */
import * as path from 'path';
import { CXX_INCLUDE, CXX_TARGET, type ToolchainInfo } from '../lib/toolchain';
import { dropCommentLines, fillTemplate } from '../lib/templates';

/**
 * Code generation options for applications, and why:
 * - -mno-red-zone: interrupts and exceptions arrive on the running stack (no
 *   ring switch), so the 128 bytes below %rsp are not the function's own.
 * - -mstack-protector-guard=global: there is no TLS, so no %fs:0x28 canary;
 *   the runtime defines __stack_chk_guard. (Protection itself is the user's choice.)
 * Not passed, on purpose:
 * - -ffreestanding: programs are hosted C (main, stdio); it would set
 *   __STDC_HOSTED__ to 0 and turn off builtins such as memcpy and printf.
 * - -fno-asynchronous-unwind-tables: the default .eh_frame costs only size and
 *   keeps backtraces and _Unwind_* (libgcc) working.
 * These and -fno-pie come before the user's options, so a user's -fPIE/-fPIC wins.
 */
export const CC1_FLAGS = ['-mno-red-zone', '-mstack-protector-guard=global'];

/** A path as one word inside a spec string (backslash escapes; % doubled). */
export function specWord(value: string): string {
  return value.replace(/%/g, '%%').replace(/[\s\\]/g, (c) => `\\${c}`);
}

/** A symbol name safe to put on a command line unquoted. */
export function checkSymbol(name: string): string {
  if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(name)) throw new Error(`bad symbol name in upcalls list: '${name}'`);
  return name;
}

/**
 * The backend gcc's own header directories. gcc answers a bare name for one it
 * does not have (Debian's gcc 12 has no include-fixed): such a relative name
 * would be searched in the user's build directory, so it is left out (and setup
 * may write gccInclude twice instead).
 */
export function gccIncludeDirs(info: ToolchainInfo): string[] {
  return [...new Set([info.gccInclude, info.gccIncludeFixed])].filter((dir) => path.isAbsolute(dir));
}

/**
 * libstdc++'s header directories in the prefix, relative to it, in gcc's search
 * order: the version directory, the target's (bits/c++config.h), backward/.
 */
export function cxxIncludeDirs(): string[] {
  return [CXX_INCLUDE, `${CXX_INCLUDE}/${CXX_TARGET}`, `${CXX_INCLUDE}/backward`];
}

export function compileSpecs(info: ToolchainInfo, template: string): string {
  return dropCommentLines(fillTemplate('compile.specs.in', template, {
    GCC_IDIRAFTER: gccIncludeDirs(info).map((dir) => `-idirafter ${specWord(dir)}`).join(' '),
    CXX_ISYSTEM: cxxIncludeDirs().map((dir) => `-isystem %:getenv(UNICORE_ROOT ${specWord(`/${dir}`)})`).join(' '),
    CC1_FLAGS: CC1_FLAGS.join(' '),
  }));
}

/** undefinedSymbols: components/upcalls.txt's symbols (main first). */
export function fermentSpecs(info: ToolchainInfo, undefinedSymbols: readonly string[], template: string): string {
  return dropCommentLines(fillTemplate('ferment.specs.in', template, {
    UNDEFINED: undefinedSymbols.map((s) => `-u ${checkSymbol(s)}`).join(' '),
    // libgcc_eh.a: the unwinder C++ exceptions (and _Unwind_Backtrace) need.
    LIBGCC: [info.libgcc, info.libgccEh].filter(Boolean).map((lib) => specWord(lib as string)).join(' '),
  }));
}

export function clangFlags(template: string): string {
  return dropCommentLines(fillTemplate('clang.flags.in', template, { CC1_FLAGS: CC1_FLAGS.join('\n') }));
}

/** clang's ferment options (clang-ferment.flags): ferment.specs' *link, for the clang driver. */
export function clangFermentFlags(undefinedSymbols: readonly string[], template: string): string {
  return dropCommentLines(fillTemplate('clang-ferment.flags.in', template, {
    UNDEFINED: undefinedSymbols.map((s) => `-Wl,-u,${checkSymbol(s)}`).join('\n'),
  }));
}
