/**
 * How the runtime components (libunicore.a, libplatstub.a, the POSIX headers and
 * one libplat.a + link.ld per platform) are built: components/Makefile's install
 * target into a staging directory (docs/architecture.md, "Components build").
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CompilerFacts } from './probe';
import type { StepRunner } from './steplog';
import { TOOLCHAIN_VERSION } from '../lib/toolchain';

export interface RuntimeBuild {
  include: string;                 // POSIX-layer headers
  libs: string[];                  // libunicore.a, libplatstub.a and the empty libpthread.a etc.
  platforms: Map<string, string>;  // platform -> staged directory with libplat.a and link.ld
}

/** Files under components/ that are not build inputs of the C runtime. */
export function isComponentsSource(rel: string): boolean {
  return !rel.split('/').some((part) => part === '.build' || part === 'node_modules') && !rel.endsWith('.ts');
}

export async function buildRuntime(step: StepRunner, opts: {
  src: string;            // components/
  cc: CompilerFacts;
  newlibInclude: string;
  build: string;          // kept between runs: make rebuilds only what changed
  out: string;            // staging directory, emptied first
  platforms: readonly string[];
  jobs: number;
}): Promise<RuntimeBuild> {
  const { src, cc, newlibInclude, build, out, platforms, jobs } = opts;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(build, { recursive: true });
  await step.run('make', [
    `-j${jobs}`, '-C', src,
    `OUT=${out}`, `BUILD=${build}`, `CC=${cc.cc}`, `AR=${cc.tools.ar}`,
    `NEWLIB_INCLUDE=${newlibInclude}`, `PLATFORMS=${platforms.join(' ')}`, `UNICORE_VERSION=${TOOLCHAIN_VERSION}`,
    'install',
  ]);

  const required = ['libunicore.a', 'libplatstub.a'].map((lib) => path.join(out, 'lib', lib));
  const result: RuntimeBuild = {
    include: path.join(out, 'include'),
    libs: [...new Set([...required, ...archivesIn(path.join(out, 'lib'))])],
    platforms: new Map(platforms.map((p) => [p, path.join(out, 'platforms', p)])),
  };
  const expected = [result.include, ...required];
  for (const dir of result.platforms.values()) expected.push(path.join(dir, 'libplat.a'), path.join(dir, 'link.ld'));
  for (const file of expected) {
    if (!fs.existsSync(file)) step.fail(`components/Makefile install did not produce ${file}`);
  }
  return result;
}

/** Every archive the install put in lib/ (also the empty libpthread.a & co). */
function archivesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => name.endsWith('.a')).sort().map((name) => path.join(dir, name));
}
