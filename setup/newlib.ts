/**
 * How newlib is built for unicore: from Debian's newlib-source tarball, as a
 * freestanding x86_64 libc without syscalls (the POSIX layer supplies them).
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { applyNewlibHeaderFixes } from './newlib-headers';
import { UserError } from '../lib/errors';
import type { CompilerFacts } from './probe';
import type { StepRunner } from './steplog';

export const DEFAULT_NEWLIB_TARBALL = '/usr/src/newlib/newlib-3.3.0.tar.xz';
export const NEWLIB_TARGET = 'x86_64-unicore-elf';

/** Same ABI as the runtime and applications: no red zone (interrupts), no PIE. */
// Not Linux: the same predefines are dropped as for applications (specs/compile.specs.in).
// Every function and object in its own section: unicore-bake links with --gc-sections.
export const NEWLIB_CFLAGS = ['-ffreestanding', '-mno-red-zone', '-fno-stack-protector', '-fno-pie', '-O2', '-g',
  '-ffunction-sections', '-fdata-sections',
  '-U__linux__', '-U__linux', '-Ulinux', '-U__gnu_linux__'];

/**
 * Reproducible builds: the scratch directory's random name is mapped to a fixed
 * one in debug info and __FILE__, archives are written deterministically (ar D:
 * no timestamps, uids or modes), and the C locale keeps globbed lists sorted.
 */
export const NEWLIB_SOURCE_NAME = '/usr/src/unicore/newlib';
export const newlibPrefixMap = (work: string) => `-ffile-prefix-map=${work}=${NEWLIB_SOURCE_NAME}`;
export const REPRODUCIBLE_MAKE = ['AR_FLAGS=rcD'];
export const REPRODUCIBLE_ENV = { LC_ALL: 'C', TZ: 'UTC' };

export const NEWLIB_CONFIGURE_FLAGS = [
  `--target=${NEWLIB_TARGET}`,
  '--disable-newlib-supplied-syscalls',
  '--disable-multilib',
  '--disable-nls',
  '--enable-newlib-io-c99-formats',
  '--enable-newlib-io-long-long',
  '--enable-newlib-mb',
  // Threads: malloc, stdio, atexit... lock through the runtime's __retarget_lock_* (posix/thread/locks.c).
  '--enable-newlib-retargetable-locking',
];

function badTarball(file: string, why: string): UserError {
  return new UserError(`${file} ${why}: install newlib-source (apt-get install newlib-source) or pass --newlib with newlib's source tarball`);
}

/** Fails with a one-line error unless file is a readable file. */
export function checkReadable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) throw badTarball(file, 'is not a file');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw badTarball(file, fs.existsSync(file) ? 'is not readable' : 'does not exist');
  }
}

/**
 * The tarball's top directory (Debian's is newlib-salsa/, not newlib-3.3.0/), after
 * checking it is a tar archive holding newlib's source.
 */
export async function newlibTopDir(file: string): Promise<string> {
  const r = await execa('tar', ['-tf', file], { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw badTarball(file, 'is not a tar archive');
  const entries = r.stdout.split('\n');
  const top = entries[0]?.split('/')[0];
  if (!top || !entries.includes(`${top}/newlib/libc/include/stdio.h`) || !entries.includes(`${top}/configure`)) {
    throw badTarball(file, 'is not a newlib source tarball');
  }
  return top;
}

export interface NewlibBuild {
  include: string;  // staged include/ directory
  libDir: string;   // staged directory holding libc.a and libm.a
}

/**
 * Extracts, configures, builds and installs newlib under work/ (a scratch directory
 * whose path has no spaces: newlib's configure cannot cope with them).
 */
export async function buildNewlib(step: StepRunner, opts: {
  tarball: string;
  topDir: string;
  cc: CompilerFacts;
  work: string;
  jobs: number;
}): Promise<NewlibBuild> {
  const { tarball, topDir, cc, work, jobs } = opts;
  const build = path.join(work, 'build');
  const stage = path.join(work, 'stage');
  fs.mkdirSync(build, { recursive: true });
  step.stage('unpacking');
  await step.run('tar', ['-xf', tarball, '-C', work]);
  const src = path.join(work, topDir);
  step.stage('configuring');
  await step.run(path.join(src, 'configure'), [
    ...NEWLIB_CONFIGURE_FLAGS,
    `--prefix=${stage}`,
    `CC_FOR_TARGET=${[cc.cc, ...NEWLIB_CFLAGS, newlibPrefixMap(work)].join(' ')}`,
    `AR_FOR_TARGET=${cc.tools.ar}`,
    `RANLIB_FOR_TARGET=${cc.tools.ranlib}`,
    `AS_FOR_TARGET=${cc.tools.as}`,
    `LD_FOR_TARGET=${cc.tools.ld}`,
    `NM_FOR_TARGET=${cc.tools.nm}`,
  ], { cwd: build, env: REPRODUCIBLE_ENV });
  step.stage(`compiling (make -j${jobs})`);
  await step.run('make', [`-j${jobs}`, ...REPRODUCIBLE_MAKE, 'all-target-newlib'], { cwd: build, env: REPRODUCIBLE_ENV });
  step.stage('installing');
  await step.run('make', [...REPRODUCIBLE_MAKE, 'install-target-newlib'], { cwd: build, env: REPRODUCIBLE_ENV });

  const result = { include: path.join(stage, NEWLIB_TARGET, 'include'), libDir: path.join(stage, NEWLIB_TARGET, 'lib') };
  for (const needed of [path.join(result.include, 'stdio.h'), path.join(result.libDir, 'libc.a'), path.join(result.libDir, 'libm.a')]) {
    if (!fs.existsSync(needed)) step.fail(`newlib's install did not produce ${needed}`);
  }
  try {
    applyNewlibHeaderFixes(result.include);
  } catch (err) {
    step.fail((err as Error).message);
  }
  return result;
}

/** "newlib-3.3.0", read from an installed include directory. */
export function newlibVersion(include: string): string {
  const text = fs.readFileSync(path.join(include, '_newlib_version.h'), 'utf8');
  const m = /_NEWLIB_VERSION\s+"([^"]+)"/.exec(text);
  return `newlib-${m ? m[1] : 'unknown'}`;
}
