/**
 * Drives the real toolchain from tests: the wrappers, unicore-bake and
 * unicore run installed in the shared test prefix (see global-setup.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import execa from 'execa';

export const REPO = path.resolve(__dirname, '..', '..');

/**
 * The platforms of `all` that $UNICORE_TEST_PLATFORMS names (all of them when
 * it is unset): the global setup builds only those, so a file must not try the
 * others.
 */
export function testPlatforms<T extends string>(all: readonly T[]): T[] {
  const limit = process.env.UNICORE_TEST_PLATFORMS?.split(/[\s,]+/).filter(Boolean);
  return all.filter((p) => !limit || limit.includes(p));
}
export const DISTFILES = path.resolve(REPO, '..', 'shared', 'distfiles');
export const PROGRAMS = path.join(REPO, 'test', 'programs');

export function testPrefix(): string {
  const prefix = process.env.UNICORE_TEST_PREFIX;
  if (!prefix) throw new Error('UNICORE_TEST_PREFIX is not set: run the tests through jest (global-setup builds it)');
  return prefix;
}

/** The environment `eval "$(unicore env)"` gives a shell. */
export function toolchainEnv(): NodeJS.ProcessEnv {
  const prefix = testPrefix();
  return {
    ...process.env,
    PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
    CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site'),
  };
}

/** Directories workdir() and tmpdir() made in this test file, for cleanup.ts. */
export const madeDirs: string[] = [];

/** A fresh directory under .work/: removed after the test file, kept if one of its tests failed. */
export function workdir(name: string): string {
  const base = path.join(REPO, '.work');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${name}-`));
  madeDirs.push(dir);
  return dir;
}

/** A fresh directory in $TMPDIR, removed like workdir()'s. */
export function tmpdir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `unicore-${name}-`));
  madeDirs.push(dir);
  return dir;
}

export interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function sh(command: string, cwd: string, env = toolchainEnv()): Promise<Result> {
  const r = await execa('sh', ['-c', command], { cwd, env, reject: false, all: false });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A recipe's build made once per test run and shared by the files that ask
 * for it (GNU hello for xen: packages and xen-domu; zlib: packages and cxx),
 * in the run's directory $UNICORE_TEST_SHARED (global-setup.ts makes it,
 * global-teardown.ts removes it). Two workers asking at once: one builds, the
 * other waits on the lock (a directory holding the builder's pid; a dead
 * builder's lock is taken over). Returns copies of the programs in DIR (bake
 * them there) and the shared build tree, which its users only read (copy it to
 * change it). Outside jest's global setup: a build of the caller's own in DIR.
 */
export async function sharedPackage(name: string, platform: string, dir: string): Promise<{ programs: string[]; tree: string }> {
  const root = process.env.UNICORE_TEST_SHARED;
  const built = root ? await buildShared(root, name, platform) : await buildPackage(name, platform, dir);
  const tree = path.dirname(built[0]);
  if (!root) return { programs: built, tree };
  fs.mkdirSync(dir, { recursive: true });
  const programs = built.map((program) => {
    const copy = path.join(dir, path.basename(program));
    fs.copyFileSync(program, copy);
    return copy;
  });
  return { programs, tree };
}

async function buildShared(root: string, name: string, platform: string): Promise<string[]> {
  const dir = path.join(root, `${name}-${platform}`);
  const done = path.join(root, `${name}-${platform}.programs`);
  const lock = path.join(root, `${name}-${platform}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!alive(path.join(lock, 'pid'))) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (fs.existsSync(done)) return fs.readFileSync(done, 'utf8').split('\n');
    fs.rmSync(dir, { recursive: true, force: true });
    const programs = await buildPackage(name, platform, dir);
    fs.writeFileSync(done, programs.join('\n'));
    return programs;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether the process whose pid FILE holds still runs (a lock being made, pid not yet written, counts as running). */
function alive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Compiles and links test/programs/NAME.c into an unbaked program. */
export async function buildProgram(name: string, platform: string, dir: string): Promise<string> {
  const out = path.join(dir, name);
  await execa(`x86_64-unicore-${platform}-gcc`, ['-O2', '-Wall', '-o', out, path.join(PROGRAMS, `${name}.c`)], {
    env: toolchainEnv(),
  });
  return out;
}

export async function bake(platform: string, input: string, extra: string[] = []): Promise<string> {
  const out = extra.includes('-o') ? extra[extra.indexOf('-o') + 1] : `${input}.${platform}`;
  await execa('unicore-bake', [platform, input, ...extra], { env: toolchainEnv() });
  return out;
}

export interface RunOptions {
  args?: string[];
  runFlags?: string[];
  input?: string | Buffer;
  timeoutMs?: number;
  /** More environment for unicore run. */
  env?: Record<string, string>;
}

/** `unicore run IMAGE [flags] -- ARGS`, stdin from input (or empty), output as buffers. */
export async function run(image: string, opts: RunOptions = {}): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  const argv = ['run', image, ...(opts.runFlags ?? [])];
  if (opts.args) argv.push('--', ...opts.args);
  const r = await execa('unicore', argv, {
    env: { ...toolchainEnv(), ...opts.env },
    input: opts.input ?? '',
    encoding: null,
    stripFinalNewline: false,
    reject: false,
    timeout: opts.timeoutMs ?? 120000,
  });
  return { exitCode: r.exitCode, stdout: r.stdout as unknown as Buffer, stderr: (r.stderr as unknown as Buffer).toString() };
}

/** Builds one of packages/<name> for a platform; returns the programs it made. */
export async function buildPackage(name: string, platform: string, dir: string): Promise<string[]> {
  const r = await execa(path.join(REPO, 'packages', 'build'), [name, platform, dir], {
    env: { ...toolchainEnv(), UNICORE_DISTDIR: DISTFILES },
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`packages/build ${name} ${platform} failed:\n${r.stderr}`);
  return r.stdout.trim().split('\n');
}
