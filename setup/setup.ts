/**
 * `unicore setup`: probes the backend gcc, builds newlib and the runtime, writes
 * the wrappers and installs the CLI into a prefix (docs/architecture.md, "Prefix
 * layout"). Every step is skipped when its inputs hash as its stamp says, builds in
 * a staging area, and replaces installed files only once it has succeeded.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { platformNamed, PLATFORM_NAMES } from '../lib/platforms';
import { shQuote } from '../lib/shell';
import {
  buildNewlib, checkReadable, NEWLIB_CFLAGS, NEWLIB_CONFIGURE_FLAGS, newlibPrefixMap, newlibTopDir, newlibVersion,
  REPRODUCIBLE_MAKE,
} from './newlib';
import { setTreeTimes, sourceDateEpoch } from '../lib/reproducible';
import { NEWLIB_HEADER_FIXES } from './newlib-headers';
import { defaultLwipTarball, lwipTopDir, unpackLwip } from './lwip';
import {
  buildLibstdcxx, checkGccSource, defaultGccSource, LIBSTDCXX_AR_FLAGS, LIBSTDCXX_CONFIGURE_FLAGS, LIBSTDCXX_FLAGS, libstdcxxPrefixMap,
} from './libstdcxx';
import { buildRuntime, isComponentsSource } from './runtime';
import { generateToolchainFiles } from '../toolchain';
import { UserError } from '../lib/errors';
import { makeTempDir, removeStaleTempDirs } from '../lib/tempdirs';
import { buildDirAsync, copyFileAtomic, hashFile, hashStrings, hashTree, replaceDir, writeFileAtomic } from '../lib/fsutil';
import { cliAssets, isCliFile, LAUNCHERS, launcherText, NPM_INSTALL, stageNodeTree } from './node-install';
import { DIST_ROOT, requireSourceRoot } from '../lib/paths';
import { ClangFacts, CompilerFacts, CxxFacts, probeClang, probeCompiler, probeCxx } from './probe';
import { Stamps } from './stamps';
import { lockPrefix } from './lock';
import { openStep, progress } from './steplog';
import { readTemplate } from '../lib/templates';
import { ABI_VERSION, locatePrefix, Prefix, TOOLCHAIN_VERSION, ToolchainInfo } from '../lib/toolchain';

export interface SetupOptions {
  prefix?: string;
  cc: string;
  newlib: string;
  lwip?: string;
  platforms?: string;
  withoutCxx?: boolean;
  gccSource?: string;
  /**
   * The native launcher of `unicore run`: its C source (relative to the source
   * root) and the header of data rendered from the Node path (run/native.ts;
   * bin/commands/setup.ts passes both, as setup/ may not import run/).
   */
  nativeRun?: { source: string; header: string };
  /**
   * The native helper of unicore-bake: its C source and the header of data
   * rendered from the Node path (bake/native.ts) with this prefix's
   * toolchain facts and the text of its toolchain.json.
   */
  nativeBake?: { source: string; header: (info: ToolchainInfo, toolchainJson: string) => string };
}

/** What every native helper includes (lib/native/unicore-native.h), relative to the source root; copied beside its source. */
const NATIVE_SHARED = 'lib/native/unicore-native.h';

/** A native helper setup compiles into lib/unicore/libexec: its name (the stamp's and the log's too), source, header, destination. */
interface NativeBuild { name: string; what: string; source: string; header: string; dest: string }

/** lwIP's source archive and what identifies it. */
interface LwipSource {
  tarball: string;
  hash: string;
}

/** What every step sees: validated inputs, and where things go. */
interface Context {
  prefix: Prefix;
  source: string;
  cc: CompilerFacts;
  ccKey: string;
  platforms: readonly string[];
  stamps: Stamps;
  jobs: number;
}

const LIBC_FILES = ['libc.a', 'libm.a'];
/** Setup's work directories in $TMPDIR (PREFIX-PID-XXXXXX): a killed setup's are removed by the next. */
const NEWLIB_WORK = 'unicore-newlib';
const BUILD_WORK = 'unicore-build';
const NOTES_WORK = 'unicore-notes';
const LAUNCHER_WORK = 'unicore-launcher';
const CXX_WORK = 'unicore-libstdcxx';
const CXX_LIBS = ['libstdc++.a', 'libsupc++.a', 'libstdc++fs.a'];
/** With --cc clang, the gcc that builds the libraries and links. */
const BACKEND_FOR_CLANG = 'gcc';

export function parsePlatforms(list: string | undefined): string[] {
  if (!list) return [...PLATFORM_NAMES];
  const names = list.split(/[\s,]+/).filter(Boolean);
  names.forEach(platformNamed);
  if (names.length === 0) throw new UserError('--platforms is empty: name at least one platform, or leave it out for all');
  return names;
}

/** Paths a GNU make variable cannot hold (its words split on spaces; : # $ are special). */
function makeSafe(p: string): boolean {
  return !/[\s:#$%=\\'"]/.test(p);
}

function ensureWritable(prefix: Prefix): void {
  try {
    fs.mkdirSync(prefix.lib, { recursive: true });
    fs.accessSync(prefix.lib, fs.constants.W_OK);
  } catch (err) {
    throw new UserError(`cannot write into ${prefix.root} (${(err as NodeJS.ErrnoException).code ?? err}): pass --prefix with a directory you own`);
  }
}

/** Step 2: newlib, rebuilt only when the compiler or the tarball changes. */
async function newlibStep(ctx: Context, tarball: string, hash: string, topDir: string): Promise<void> {
  const { prefix } = ctx;
  const step = openStep('newlib', prefix.logs);
  progress(`building newlib from ${tarball} (about a minute on 2 cores); log: ${step.logFile}`);
  // Outside the prefix: newlib's configure breaks on paths with spaces.
  const work = makeTempDir(NEWLIB_WORK);
  try {
    const built = await buildNewlib(step, { tarball, topDir, cc: ctx.cc, work, jobs: ctx.jobs });
    replaceDir(built.include, prefix.newlibInclude);
    for (const lib of LIBC_FILES) copyFileAtomic(path.join(built.libDir, lib), path.join(prefix.sysrootLib, lib));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  ctx.stamps.write('newlib', { hash });
}

/**
 * lwIP's tree for the components build, unpacked into base/lwip once per archive
 * (stamped); a new archive also drops the lwIP objects so that make rebuilds them.
 */
async function lwipTree(ctx: Context, lwip: LwipSource, base: string, persistent: boolean): Promise<string> {
  const dest = path.join(base, 'lwip');
  const previous = ctx.stamps.read('lwip');
  const top = typeof previous?.top === 'string' ? previous.top : '';
  if (persistent && previous?.hash === lwip.hash && top && fs.existsSync(path.join(dest, top, 'src', 'core', 'tcp.c'))) {
    return path.join(dest, top);
  }
  const step = openStep('lwip', ctx.prefix.logs);
  progress(`unpacking lwIP from ${lwip.tarball}; log: ${step.logFile}`);
  const fresh = await lwipTopDir(lwip.tarball);
  const tree = await unpackLwip(step, lwip.tarball, fresh, dest);
  fs.rmSync(path.join(base, 'components', 'lwip'), { recursive: true, force: true });
  if (persistent) ctx.stamps.write('lwip', { hash: lwip.hash, top: fresh });
  return tree;
}

/** Step 3: the runtime components and liblwip.a, rebuilt when their sources, the compiler, newlib or lwIP change. */
async function runtimeStep(ctx: Context, hash: string, lwip: LwipSource): Promise<void> {
  const { prefix, platforms } = ctx;
  const step = openStep('components', prefix.logs);
  progress(`building the runtime for ${platforms.join(' ')}; log: ${step.logFile}`);
  // make cannot take paths with spaces: then build in a scratch directory instead of the prefix.
  const inPrefix = makeSafe(prefix.lib);
  const base = inPrefix ? path.join(prefix.lib, '.build') : makeTempDir(BUILD_WORK);
  try {
    let newlibInclude = prefix.newlibInclude;
    if (!makeSafe(newlibInclude)) {
      newlibInclude = path.join(base, 'newlib-include');
      fs.rmSync(newlibInclude, { force: true });
      fs.symlinkSync(prefix.newlibInclude, newlibInclude);
    }
    const lwipDir = await lwipTree(ctx, lwip, base, inPrefix);
    if (!makeSafe(lwipDir)) step.fail(`lwIP's unpacked tree ${lwipDir} has characters make cannot take`);
    const built = await buildRuntime(step, {
      src: path.join(ctx.source, 'components'),
      lwipDir,
      cc: ctx.cc,
      newlibInclude,
      build: path.join(base, 'components'),
      out: path.join(base, 'components-out'),
      platforms,
      jobs: ctx.jobs,
    });
    replaceDir(built.include, prefix.sysrootInclude);
    for (const lib of built.libs) copyFileAtomic(lib, path.join(prefix.sysrootLib, path.basename(lib)));
    for (const [platform, dir] of built.platforms) replaceDir(dir, prefix.platformDir(platform));
    removeOtherPlatforms(prefix, platforms);
    fs.rmSync(path.join(base, 'components-out'), { recursive: true, force: true });
  } finally {
    if (!inPrefix) fs.rmSync(base, { recursive: true, force: true });
  }
  ctx.stamps.write('components', { hash });
}

/** Setup's working state in the prefix, outside the installed tree (relative paths). */
export const SETUP_STATE = ['lib/unicore/stamps', 'lib/unicore/logs', 'lib/unicore/.build'];
export const isSetupState = (rel: string): boolean => SETUP_STATE.includes(rel);

function removeOtherPlatforms(prefix: Prefix, platforms: readonly string[]): void {
  const dir = path.dirname(prefix.platformDir('x'));
  for (const name of fs.readdirSync(dir)) {
    if (!platforms.includes(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function safeRelative(rel: string): string {
  const norm = path.normalize(rel);
  if (path.isAbsolute(norm) || norm.startsWith('..')) throw new Error(`the wrappers generator made a file outside the prefix: ${rel}`);
  return norm;
}

/**
 * Step 4: wrappers, specs, config.site and the .note.unicore objects, from the
 * wrappers engineer's pure generator. The notes are assembled in a scratch
 * directory first, so a failure leaves the previous files in place.
 */
async function wrappersStep(ctx: Context, info: ToolchainInfo): Promise<boolean> {
  const { prefix, stamps } = ctx;
  const files = generateToolchainFiles(info, ctx.platforms).map((f) => ({ ...f, path: safeRelative(f.path) }));
  const hash = hashStrings('wrappers', ctx.ccKey, JSON.stringify(files));
  const objects = files.filter((f) => f.path.endsWith('.S')).map((f) => f.path.replace(/\.S$/, '.o'));
  const installed = [...files.map((f) => f.path), ...objects];
  const previous = stamps.read('wrappers');
  if (previous?.hash === hash && installed.every((rel) => fs.existsSync(path.join(prefix.root, rel)))) return false;

  const step = openStep('wrappers', prefix.logs);
  progress(`writing the wrappers for ${ctx.platforms.join(' ')}; log: ${step.logFile}`);
  const scratch = makeTempDir(NOTES_WORK);
  try {
    const assembled = new Map<string, string>();
    for (const [i, f] of files.filter((g) => g.path.endsWith('.S')).entries()) {
      const dir = path.join(scratch, String(i));
      const src = path.join(dir, path.basename(f.path));
      const obj = src.replace(/\.S$/, '.o');
      fs.mkdirSync(dir);
      fs.writeFileSync(src, f.text);
      // Relative names, so the scratch directory's name is not in the object.
      await step.run(ctx.cc.cc, ['-c', '-fno-pie', path.basename(src), '-o', path.basename(obj)], { cwd: dir });
      assembled.set(f.path.replace(/\.S$/, '.o'), obj);
    }
    for (const f of files) writeFileAtomic(path.join(prefix.root, f.path), f.text, f.mode);
    for (const [rel, obj] of assembled) copyFileAtomic(obj, path.join(prefix.root, rel));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  for (const stale of previous?.files ?? []) {
    if (!installed.includes(stale)) fs.rmSync(path.join(prefix.root, stale), { force: true });
  }
  stamps.write('wrappers', { hash, files: installed });
  return true;
}

/**
 * Step 5: libstdc++ and libsupc++, built with the wrappers of step 4 (so it needs
 * them first), rebuilt when the compiler, the GCC source, newlib, the POSIX
 * headers or the compile specs change.
 */
async function libstdcxxStep(ctx: Context, tarball: string, hash: string): Promise<void> {
  const { prefix } = ctx;
  const step = openStep('libstdc++', prefix.logs);
  progress(`building libstdc++ from ${tarball} (a few minutes on 2 cores; --without-cxx skips it); log: ${step.logFile}`);
  // Outside the prefix: configure scripts break on paths with spaces.
  const work = makeTempDir(CXX_WORK);
  try {
    const platform = ctx.platforms[0];
    const built = await buildLibstdcxx(step, {
      tarball, version: ctx.cc.version, work, jobs: ctx.jobs, tools: ctx.cc.tools,
      cc: prefix.wrapper(platform, 'gcc'), cxx: prefix.wrapper(platform, 'g++'), configSite: prefix.configSite,
    });
    replaceDir(built.include, prefix.cxxInclude);
    for (const lib of CXX_LIBS) fs.rmSync(path.join(prefix.sysrootLib, lib), { force: true });
    for (const lib of built.libs) copyFileAtomic(lib, path.join(prefix.sysrootLib, path.basename(lib)));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  ctx.stamps.write('libstdc++', { hash });
}

/** --without-cxx: what an earlier setup installed for C++ goes. */
function removeCxx(ctx: Context): boolean {
  const { prefix } = ctx;
  const files = [path.dirname(prefix.cxxInclude), ...CXX_LIBS.map((lib) => path.join(prefix.sysrootLib, lib))];
  const present = files.filter((f) => fs.existsSync(f));
  for (const f of present) fs.rmSync(f, { recursive: true, force: true });
  ctx.stamps.remove('libstdc++');
  return present.length > 0;
}

/**
 * Flags for the native launcher's compile and link (the host's cc): the
 * Debian package passes dpkg-buildflags' hardening flags through these
 * (debian/rules); `-O2` without them.
 */
export function launcherFlags(env: NodeJS.ProcessEnv): { cflags: string[]; ldflags: string[] } {
  const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
  const cflags = words(env.UNICORE_LAUNCHER_CFLAGS);
  return { cflags: cflags.length ? cflags : ['-O2'], ldflags: words(env.UNICORE_LAUNCHER_LDFLAGS) };
}

/**
 * Step 6a: the native helpers, `unicore run`'s launcher (run/native/unicore-run.c
 * with the header run/native.ts renders from the Node path's modules) and
 * unicore-bake's (bake/native/unicore-bake.c, bake/native.ts), with what both
 * include (lib/native/unicore-native.h), each compiled
 * with the host's cc into lib/unicore/libexec; rebuilt when the source, the
 * header, the compiler or the flags change. Compiled in a scratch directory
 * under relative names and without debug information, so no path gets in.
 */
async function launcherStep(ctx: Context, native: NativeBuild): Promise<boolean> {
  const { prefix, source, stamps } = ctx;
  const code = fs.readFileSync(path.join(source, native.source), 'utf8');
  const shared = fs.readFileSync(path.join(source, NATIVE_SHARED), 'utf8');
  const { header, name, dest } = native;
  const { cflags, ldflags } = launcherFlags(process.env);
  const args = ['-std=c99', '-Wall', ...cflags, ...ldflags, '-o', name, `${name}.c`];
  // unicore-run's stamp keeps its old name, so an older prefix does not rebuild it.
  const stamp = name === 'unicore-run' ? 'launcher' : name;
  const hash = hashStrings(stamp, ctx.ccKey, code, shared, header, ...args);
  if (stamps.isCurrent(stamp, hash) && fs.existsSync(dest)) return false;

  const step = openStep(stamp, prefix.logs);
  progress(`compiling ${native.what}; log: ${step.logFile}`);
  const scratch = makeTempDir(LAUNCHER_WORK);
  try {
    fs.writeFileSync(path.join(scratch, `${name}.c`), code);
    fs.writeFileSync(path.join(scratch, `${name}.h`), header);
    fs.writeFileSync(path.join(scratch, path.basename(NATIVE_SHARED)), shared);
    // The scratch directory's name out of debug information (flags with -g): not hashed, as it differs each time.
    await step.run(ctx.cc.cc, [`-ffile-prefix-map=${scratch}=.`, ...args], { cwd: scratch });
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    copyFileAtomic(path.join(scratch, name), dest);
    fs.chmodSync(dest, 0o755);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  stamps.write(stamp, { hash });
  return true;
}

/** Step 6: the Node CLI and its launchers, so the prefix needs nothing from this tree. */
async function nodeStep(ctx: Context): Promise<boolean> {
  const { prefix, source, stamps } = ctx;
  const template = readTemplate('setup/templates/prefix-launcher.sh');
  const hash = hashStrings(
    'node',
    hashTree(DIST_ROOT, isCliFile),
    ...cliAssets(source).map((rel) => `${rel}:${hashFile(path.join(source, rel))}`),
    template,
    ...NPM_INSTALL,
  );
  const launchers = LAUNCHERS.map((l) => path.join(prefix.bin, l.name));
  if (stamps.isCurrent('node', hash) && fs.existsSync(prefix.node) && launchers.every((f) => fs.existsSync(f))) return false;

  const step = openStep('node', prefix.logs);
  progress(`installing the unicore CLI into ${prefix.node}; log: ${step.logFile}`);
  await buildDirAsync(prefix.node, (fresh) => stageNodeTree(step, { distRoot: DIST_ROOT, sourceRoot: source, dest: fresh }));
  for (const l of LAUNCHERS) writeFileAtomic(path.join(prefix.bin, l.name), launcherText(template, l), 0o755);
  stamps.write('node', { hash });
  return true;
}

export async function setup(opts: SetupOptions): Promise<void> {
  for (const work of [NEWLIB_WORK, BUILD_WORK, NOTES_WORK, CXX_WORK, LAUNCHER_WORK]) removeStaleTempDirs(work);
  const prefix = locatePrefix(opts.prefix);
  const platforms = parsePlatforms(opts.platforms);
  const source = requireSourceRoot('unicore setup');

  // Step 1 and every input check come before anything is written.
  // --cc clang: clang compiles programs; gcc still builds newlib, the runtime
  // and libstdc++ (their flags and gcc's specs are gcc's), and links.
  const clang = await probeClang(opts.cc);
  const cc = await probeCompiler(clang ? BACKEND_FOR_CLANG : opts.cc);
  const ccKey = hashStrings(cc.cc, cc.versionText, cc.version, cc.machine, ...Object.values(cc.tools));
  const cxx = opts.withoutCxx ? undefined : await probeCxx(cc);
  const gccSource = path.resolve(opts.gccSource ?? defaultGccSource(cc.version));
  if (cxx) checkGccSource(gccSource, cc.version);
  const tarball = path.resolve(opts.newlib);
  checkReadable(tarball);
  const stamps = new Stamps(prefix.stamps);
  const newlibHash = hashStrings('newlib', TOOLCHAIN_VERSION, ccKey, hashFile(tarball), ...NEWLIB_CONFIGURE_FLAGS, ...NEWLIB_CFLAGS,
    newlibPrefixMap('WORK'), ...REPRODUCIBLE_MAKE,
    JSON.stringify(NEWLIB_HEADER_FIXES));
  const needsNewlib = () => !stamps.isCurrent('newlib', newlibHash)
    || !LIBC_FILES.every((lib) => fs.existsSync(path.join(prefix.sysrootLib, lib))) || !fs.existsSync(prefix.newlibInclude);
  // Checked now (a tarball that is not newlib writes nothing), and again under the lock.
  let topDir = needsNewlib() ? await newlibTopDir(tarball) : '';
  const lwipTarball = path.resolve(opts.lwip ?? defaultLwipTarball());
  const lwip: LwipSource = { tarball: lwipTarball, hash: fs.existsSync(lwipTarball) ? hashFile(lwipTarball) : '' };
  if (!stamps.isCurrent('lwip', lwip.hash)) await lwipTopDir(lwipTarball);

  ensureWritable(prefix);
  const unlock = await lockPrefix(prefix.lib, prefix.root);
  try {
    // A setup we waited for may have built newlib meanwhile.
    const needNewlib = needsNewlib();
    if (needNewlib && !topDir) topDir = await newlibTopDir(tarball);
    await setupLocked(prefix, { opts, cc, ccKey, tarball, stamps, newlibHash, needNewlib, topDir, platforms, source, lwip, cxx, gccSource, clang });
  } finally {
    unlock();
  }
  // Reproducible trees: with SOURCE_DATE_EPOCH every installed file gets that
  // time. Setup's own state (stamps/, logs/, .build/) is not part of the tree.
  // After the unlock: removing the lock file touches lib/unicore.
  const epoch = sourceDateEpoch(process.env);
  if (epoch !== undefined) setTreeTimes(prefix.root, epoch, isSetupState);
}

interface Checked {
  opts: SetupOptions; cc: CompilerFacts; ccKey: string; tarball: string; stamps: Stamps; newlibHash: string;
  needNewlib: boolean; topDir: string; platforms: string[]; source: string; lwip: LwipSource;
  cxx: CxxFacts | undefined; gccSource: string; clang: ClangFacts | undefined;
}

async function setupLocked(prefix: Prefix, c: Checked): Promise<void> {
  const { cc, ccKey, tarball, stamps, newlibHash, needNewlib, topDir, platforms, source, lwip, cxx, gccSource, clang } = c;
  const ctx: Context = { prefix, source, cc, ccKey, platforms, stamps, jobs: Math.max(1, os.cpus().length) };
  let changed = false;

  if (needNewlib) {
    await newlibStep(ctx, tarball, newlibHash, topDir);
    changed = true;
  }

  const runtimeHash = hashStrings('components', TOOLCHAIN_VERSION, ccKey, newlibHash, lwip.hash,
    hashTree(path.join(source, 'components'), isComponentsSource), platforms.join(' '));
  const runtimeInstalled = ['libunicore.a', 'libplatstub.a', 'liblwip.a'].every((lib) => fs.existsSync(path.join(prefix.sysrootLib, lib)))
    && platforms.every((p) => fs.existsSync(path.join(prefix.platformDir(p), 'libplat.a')));
  if (!stamps.isCurrent('components', runtimeHash) || !runtimeInstalled) {
    await runtimeStep(ctx, runtimeHash, lwip);
    changed = true;
  }

  const info: ToolchainInfo = {
    toolchain: TOOLCHAIN_VERSION,
    abi: ABI_VERSION,
    libc: newlibVersion(prefix.newlibInclude),
    cc: cc.cc,
    ccVersion: cc.version,
    ld: cc.tools.ld,
    as: cc.tools.as,
    libgcc: cc.libgcc,
    gccInclude: cc.gccInclude,
    gccIncludeFixed: cc.gccIncludeFixed,
    libgccEh: cc.libgccEh || undefined,
    ...(cxx ? { cxx: cxx.cxx, libstdcxx: cc.version } : {}),
    ...(clang ? { clang: clang.clang, clangVersion: clang.version } : {}),
  };
  if (await wrappersStep(ctx, info)) changed = true;

  if (cxx) {
    // The compile specs, wrapper template and config.site stand for the wrappers that build it.
    const cxxHash = hashStrings('libstdc++', TOOLCHAIN_VERSION, ccKey, cxx.cxx, hashFile(gccSource), newlibHash,
      hashTree(path.join(source, 'components', 'posix', 'include')), readTemplate('specs/compile.specs.in'),
      readTemplate('wrappers/wrapper.sh.in'), readTemplate('wrappers/config.site.in'), ...LIBSTDCXX_CONFIGURE_FLAGS, LIBSTDCXX_FLAGS,
      libstdcxxPrefixMap('WORK'), LIBSTDCXX_AR_FLAGS);
    const cxxInstalled = fs.existsSync(path.join(prefix.cxxInclude, 'iostream'))
      && ['libstdc++.a', 'libsupc++.a'].every((lib) => fs.existsSync(path.join(prefix.sysrootLib, lib)));
    if (!stamps.isCurrent('libstdc++', cxxHash) || !cxxInstalled) {
      await libstdcxxStep(ctx, gccSource, cxxHash);
      changed = true;
    }
  } else if (removeCxx(ctx)) {
    changed = true;
  }
  // Written last (it marks the prefix as a usable toolchain); the bake helper carries its text.
  const json = `${JSON.stringify(info, null, 2)}\n`;
  const { nativeRun, nativeBake } = c.opts;
  if (nativeRun && await launcherStep(ctx, {
    name: 'unicore-run', what: 'the native launcher of unicore run', ...nativeRun, dest: prefix.nativeRun,
  })) changed = true;
  if (nativeBake && await launcherStep(ctx, {
    name: 'unicore-bake', what: 'the native helper of unicore-bake', source: nativeBake.source, header: nativeBake.header(info, json), dest: prefix.nativeBake,
  })) changed = true;
  if (await nodeStep(ctx)) changed = true;

  // Last: toolchain.json is what marks the prefix as a usable toolchain.
  if (!fs.existsSync(prefix.toolchainJson) || fs.readFileSync(prefix.toolchainJson, 'utf8') !== json) {
    writeFileAtomic(prefix.toolchainJson, json);
    changed = true;
  }

  if (changed) {
    process.stdout.write(`unicore setup: toolchain ready in ${prefix.root}\n` +
      `  use it with: eval "$(${shQuote(path.join(prefix.bin, 'unicore'))} env)"\n`);
  } else {
    process.stdout.write(`unicore setup: ${prefix.root} is up to date (nothing changed)\n`);
  }
}
