/**
 * A real autoconf configure script against the unicore toolchain: link tests
 * must be truthful (the stub link), headers come from the unicore sysroot, the
 * host tuple never reaches config.sub, and the prefixed tools are found.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { sh, testPrefix, workdir } from '../support/unicore';

const CONFIGURE_AC = `AC_INIT([probe], [1.0])
AC_CONFIG_AUX_DIR([.])
AC_CONFIG_HEADERS([config.h])
AC_CANONICAL_HOST
AC_PROG_CC
AC_PROG_CXX
AC_PROG_RANLIB
AC_CHECK_TOOL([AR], [ar])
AC_CHECK_TOOL([STRIP], [strip])
AC_CHECK_TOOL([OBJDUMP], [objdump])
AC_CHECK_TOOL([NM], [nm])
PKG_PROG_PKG_CONFIG
AC_CHECK_FUNCS([printf fcntl no_such_fn])
AC_CHECK_HEADERS([stdio.h sys/socket.h no_such_header.h])
AC_FUNC_MALLOC
AC_FUNC_MMAP
AC_LANG_PUSH([C++])
AC_CHECK_HEADERS([iostream no_such_cxx_header])
AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <iostream>]], [[std::cout << "hi" << std::endl;]])],
  [AC_DEFINE([IOSTREAM_LINKS], [1], [a program using std::cout links])])
AC_LANG_POP([C++])
AC_OUTPUT
`;

/** config.sub that refuses any unicore tuple (as upstream's does) and defers the rest to automake's. */
const GUARDED_CONFIG_SUB = `#!/bin/sh
case "$*" in *unicore*) echo "config.sub was asked about $*" >&2; exit 1 ;; esac
exec "\${0%/*}/real-config.sub" "$@"
`;

describe('configure --host=x86_64-unicore-kvm', () => {
  let dir: string;
  let output: string;
  let configH: string;

  beforeAll(async () => {
    dir = workdir('autoconf');
    fs.writeFileSync(path.join(dir, 'configure.ac'), CONFIGURE_AC);
    const libdir = (await sh('automake --print-libdir', dir)).stdout.trim();
    fs.copyFileSync(path.join(libdir, 'config.guess'), path.join(dir, 'config.guess'));
    fs.copyFileSync(path.join(libdir, 'config.sub'), path.join(dir, 'real-config.sub'));
    fs.writeFileSync(path.join(dir, 'config.sub'), GUARDED_CONFIG_SUB, { mode: 0o755 });
    const gen = await sh('aclocal && autoheader && autoconf', dir);
    if (gen.exitCode !== 0) throw new Error(`autoconf failed:\n${gen.stderr}`);
    const r = await sh('./configure --host=x86_64-unicore-kvm', dir);
    output = `${r.stdout}\n${r.stderr}`;
    if (r.exitCode !== 0) throw new Error(`configure failed:\n${output}\n${fs.readFileSync(path.join(dir, 'config.log'), 'utf8').slice(-4000)}`);
    configH = fs.readFileSync(path.join(dir, 'config.h'), 'utf8');
  });

  const defined = (name: string) => new RegExp(`^#define ${name} 1$`, 'm').test(configH);

  test('loads the unicore config.site and takes the tuple as canonical', () => {
    expect(output).toMatch(/loading site script .*share\/unicore\/config\.site/);
    expect(output).toMatch(/checking host system type\.\.\. \(cached\) x86_64-unicore-kvm/);
    expect(output).toMatch(/checking whether we are cross compiling\.\.\. yes/);
  });

  test('finds the prefixed tools and never warns about unprefixed ones', () => {
    for (const t of ['gcc', 'g\\+\\+', 'ranlib', 'ar', 'strip', 'objdump', 'nm', 'pkg-config']) {
      expect(output).toMatch(new RegExp(`checking for x86_64-unicore-kvm-${t}\\.\\.\\. \\S*x86_64-unicore-kvm-${t}`));
    }
    expect(output).not.toMatch(/not prefixed with host triplet/);
  });

  test('AC_CHECK_FUNCS([printf fcntl no_such_fn]) answers yes, yes, no', () => {
    expect(output).toMatch(/checking for printf\.\.\. yes/);
    expect(output).toMatch(/checking for fcntl\.\.\. yes/);
    expect(output).toMatch(/checking for no_such_fn\.\.\. no/);
    expect([defined('HAVE_PRINTF'), defined('HAVE_FCNTL'), defined('HAVE_NO_SUCH_FN')]).toEqual([true, true, false]);
  });

  test('AC_PROG_CXX takes x86_64-unicore-kvm-g++; C++ headers and links are tested against the unicore libstdc++', () => {
    expect(output).toMatch(/checking whether the compiler supports GNU C\+\+\.\.\. yes/);
    expect([defined('HAVE_IOSTREAM'), defined('HAVE_NO_SUCH_CXX_HEADER'), defined('IOSTREAM_LINKS')]).toEqual([true, false, true]);
  });

  test('AC_CHECK_HEADERS([stdio.h sys/socket.h no_such_header.h]) answers yes, yes, no', () => {
    expect([defined('HAVE_STDIO_H'), defined('HAVE_SYS_SOCKET_H'), defined('HAVE_NO_SUCH_HEADER_H')]).toEqual([true, true, false]);
  });

  test('site answers are used for what cannot be run: malloc(0) and mmap', () => {
    expect(output).toMatch(/checking for GNU libc compatible malloc\.\.\. \(cached\) yes/);
    expect(output).toMatch(/checking for working mmap\.\.\. \(cached\) no/);
  });
});

describe('configure for a host that is not unicore', () => {
  test('the site file changes nothing', async () => {
    const dir = workdir('autoconf-native');
    fs.writeFileSync(path.join(dir, 'configure.ac'), 'AC_INIT([n], [1])\nAC_CONFIG_AUX_DIR([.])\nAC_PROG_CC\nAC_FUNC_MMAP\nAC_OUTPUT\n');
    const libdir = (await sh('automake --print-libdir', dir)).stdout.trim();
    for (const f of ['config.guess', 'config.sub']) fs.copyFileSync(path.join(libdir, f), path.join(dir, f));
    expect((await sh('autoconf', dir)).exitCode).toBe(0);
    const r = await sh('./configure', dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/checking for working mmap\.\.\. yes/);   // tested for real, not the unicore answer
    expect(r.stdout).toMatch(/checking whether we are cross compiling\.\.\. no/);
  });
});

describe('a prefix whose path has a blank', () => {
  test('configure still loads its config.site (autoconf 2.70+ splits CONFIG_SITE on blanks)', async () => {
    const dir = workdir('autoconf-blank');
    const prefix = path.join(dir, 'my prefix');
    await execa('cp', ['-a', testPrefix(), prefix]);
    fs.writeFileSync(path.join(dir, 'configure.ac'), 'AC_INIT([b], [1])\nAC_CONFIG_AUX_DIR([.])\nAC_CANONICAL_HOST\nAC_PROG_CC\nAC_FUNC_MMAP\nAC_OUTPUT\n');
    const libdir = (await sh('automake --print-libdir', dir)).stdout.trim();
    fs.copyFileSync(path.join(libdir, 'config.guess'), path.join(dir, 'config.guess'));
    fs.copyFileSync(path.join(libdir, 'config.sub'), path.join(dir, 'real-config.sub'));
    fs.writeFileSync(path.join(dir, 'config.sub'), GUARDED_CONFIG_SUB, { mode: 0o755 });
    expect((await sh('autoconf', dir)).exitCode).toBe(0);
    // What a user does: eval "$(unicore env)" from the moved prefix, then configure.
    const env = { PATH: process.env.PATH!, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache') };
    const r = await execa('sh', ['-c', 'eval "$("$1"/bin/unicore env)" && ./configure --host=x86_64-unicore-kvm', 'sh', prefix],
      { cwd: dir, env, extendEnv: false, reject: false });
    expect(r.stdout).toMatch(/^configure: loading site script \S+\.site$/m);
    expect(r.stdout).toMatch(/checking host system type\.\.\. \(cached\) x86_64-unicore-kvm/);
    expect(r.stdout).toMatch(/checking for working mmap\.\.\. \(cached\) no/);
    expect(r.stdout).toMatch(/^checking whether the C compiler works... yes$/m);
    expect(r.exitCode).toBe(0);
  });
});
