/**
 * How libstdc++ (with libsupc++) is built for unicore: from the GCC source of
 * the backend compiler's own version (Debian's gcc-N-source), configured as a
 * cross target library over newlib and the POSIX layer, compiled with the
 * unicore wrappers themselves (so it has the applications' ABI and headers).
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import type { BinTool } from './probe';
import type { StepRunner } from './steplog';
import { CXX_TARGET } from '../lib/toolchain';
import { REPRODUCIBLE_ENV } from './newlib';

/** Debian's gcc-N-source package ships the source as this tarball. */
export function defaultGccSource(version: string): string {
  return `/usr/src/gcc-${version.split('.')[0]}/gcc-${version}-dfsg.tar.xz`;
}

/** The parts of the GCC tree libstdc++'s configure and build read. */
const SOURCE_PARTS = ['libstdc++-v3', 'libgcc', 'libiberty', 'include', 'config', 'config.sub', 'config.guess', 'install-sh',
  'ltmain.sh', 'config.rpath', 'missing', 'mkinstalldirs', 'compile', 'depcomp', 'config-ml.in', 'move-if-change', 'gcc/BASE-VER', 'gcc/DATESTAMP'];

/*
 * build = host: libstdc++'s configure then tests the C library by linking (a
 * cross configure hard-codes a small newlib function list instead: no
 * aligned_alloc, TLS, uselocale...); unicore's config.site sets
 * cross_compiling=yes, so nothing is run, and the ferment's stub link makes
 * each link test truthful. No shared library, no precompiled headers, no NLS;
 * clocks, nanosleep and sched_yield are there in the runtime.
 */
export const LIBSTDCXX_CONFIGURE_FLAGS = [
  `--host=${CXX_TARGET}`, `--build=${CXX_TARGET}`, '--with-newlib', '--disable-shared', '--enable-static',
  '--disable-libstdcxx-pch', '--disable-nls', '--disable-multilib', '--enable-libstdcxx-time=yes',
];
/** Optimised, without debug info (the archives stay small; users' -g covers their own code). */
export const LIBSTDCXX_FLAGS = '-O2 -g0';

/**
 * Reproducible builds, as newlib's: the scratch directory's random name is
 * mapped to a fixed one in __FILE__ (assertions and the debug mode name their
 * source file), libtool writes archives deterministically (D: no timestamps,
 * uids or modes, whatever binutils' default), the C locale and UTC.
 * (libstdc++'s own build passes -frandom-seed per object.)
 */
export const LIBSTDCXX_SOURCE_NAME = '/usr/src/unicore/libstdc++';
export const libstdcxxPrefixMap = (work: string) => `-ffile-prefix-map=${work}=${LIBSTDCXX_SOURCE_NAME}`;
export const LIBSTDCXX_AR_FLAGS = 'AR_FLAGS=crD';

function badSource(file: string, why: string, version: string): UserError {
  const major = version.split('.')[0];
  return new UserError(`${file} ${why}: install gcc-${major}-source (apt-get install gcc-${major}-source) or pass `
    + `--gcc-source with the source tarball of gcc ${version} (the backend's version), or run setup --without-cxx`);
}

/**
 * Checks before anything is written: the tarball is readable and, by its name
 * (gcc-X.Y.Z...), of the backend's version. The unpacked gcc/BASE-VER is checked again.
 */
export function checkGccSource(file: string, version: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw badSource(file, fs.existsSync(file) ? 'is not readable' : 'does not exist', version);
  }
  const named = /gcc-(\d+\.\d+\.\d+)/.exec(path.basename(file));
  if (named && named[1] !== version) throw badSource(file, `is gcc ${named[1]}, not the backend's ${version}`, version);
}

export interface LibstdcxxBuild {
  include: string;   // staged include/c++/<version>/ (holding <target>/ and backward/)
  libs: string[];    // libstdc++.a, libsupc++.a (and libstdc++fs.a)
}

export async function buildLibstdcxx(step: StepRunner, opts: {
  tarball: string;
  version: string;          // the backend's, e.g. "12.2.0"
  cc: string;               // the unicore C wrapper
  cxx: string;              // the unicore C++ wrapper
  configSite: string;       // the prefix's config.site
  tools: Record<BinTool, string>;
  work: string;             // scratch directory, path without spaces
  jobs: number;
}): Promise<LibstdcxxBuild> {
  const { tarball, version, work, jobs } = opts;
  step.stage('unpacking');
  const top = `gcc-${version}`;
  await step.run('tar', ['-xf', tarball, '-C', work, ...SOURCE_PARTS.map((p) => `${top}/${p}`)]);
  const src = path.join(work, top);
  const baseVer = path.join(src, 'gcc', 'BASE-VER');
  const found = fs.existsSync(baseVer) ? fs.readFileSync(baseVer, 'utf8').trim() : 'not a GCC source tree';
  if (found !== version) throw badSource(tarball, `holds ${found.startsWith('not') ? found : `gcc ${found}`}`, version);
  // libgcc's configure would make this link; libstdc++ needs it for its thread support.
  fs.copyFileSync(path.join(src, 'libgcc', 'gthr-posix.h'), path.join(src, 'libgcc', 'gthr-default.h'));

  // GCC 12's g++ driver always links -lstdc++; configure's link tests (as of any
  // C++ library built with the new compiler) must not fail on it: an empty one.
  const emptyLib = path.join(work, 'empty-lib');
  fs.mkdirSync(emptyLib);
  await step.run(opts.tools.ar, ['rcs', path.join(emptyLib, 'libstdc++.a')]);

  const build = path.join(work, 'build');
  const stage = path.join(work, 'stage');
  const flags = `${LIBSTDCXX_FLAGS} ${libstdcxxPrefixMap(work)}`;
  fs.mkdirSync(build);
  step.stage('configuring');
  await step.run(path.join(src, 'libstdc++-v3', 'configure'), [
    ...LIBSTDCXX_CONFIGURE_FLAGS, `--prefix=${stage}`,
    `CC=${opts.cc}`, `CXX=${opts.cxx} -nostdinc++`, `CFLAGS=${flags}`, `CXXFLAGS=${flags}`, LIBSTDCXX_AR_FLAGS,
    `LDFLAGS=-L${emptyLib}`, `AR=${opts.tools.ar}`, `RANLIB=${opts.tools.ranlib}`, `NM=${opts.tools.nm}`,
    `AS=${opts.tools.as}`, `LD=${opts.tools.ld}`,
  ], { cwd: build, env: { ...process.env, CONFIG_SITE: opts.configSite, ...REPRODUCIBLE_ENV } });
  step.stage(`compiling (make -j${jobs}, a few minutes)`);
  await step.run('make', [`-j${jobs}`, 'all'], { cwd: build, env: REPRODUCIBLE_ENV });
  step.stage('installing');
  await step.run('make', ['install'], { cwd: build, env: REPRODUCIBLE_ENV });

  const include = path.join(stage, 'include', 'c++', version);
  const libDir = path.join(stage, 'lib');
  const libs = ['libstdc++.a', 'libsupc++.a', 'libstdc++fs.a'].map((l) => path.join(libDir, l)).filter((l) => fs.existsSync(l));
  for (const needed of [path.join(include, 'iostream'), path.join(include, CXX_TARGET, 'bits', 'c++config.h'),
    path.join(libDir, 'libstdc++.a'), path.join(libDir, 'libsupc++.a')]) {
    if (!fs.existsSync(needed)) step.fail(`libstdc++'s install did not produce ${needed}`);
  }
  return { include, libs };
}
