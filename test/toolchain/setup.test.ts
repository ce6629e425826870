/**
 * `unicore setup`, `env` and `platforms` seen from outside: bad inputs give one
 * line and leave nothing behind, a re-run is a no-op, a changed input rebuilds
 * only what depends on it, and a copied prefix works from its new place.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { PLATFORM_NAMES } from '../../lib/platforms';
import { REPO, testPrefix, tmpdir } from '../support/unicore';

const UNICORE = path.join(REPO, 'bin', 'unicore');

/** Scratch directories (copies of the prefix are big), removed after the file by test/support/cleanup.ts. */
const scratchDir = tmpdir;

/** The environment without UNICORE_PREFIX, so only --prefix or the launcher's place count. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UNICORE_PREFIX;
  return env;
}

async function unicore(cmd: string, args: string[]) {
  return execa(cmd, args, { env: cleanEnv(), extendEnv: false, reject: false, stdin: 'ignore' });
}

const LWIP = path.resolve(__dirname, '..', '..', '..', 'shared', 'distfiles', 'lwip-2.1.3.dfsg1.tar.xz');

/** The platforms and lwIP archive global-setup built with, so a re-run has the same inputs. */
function platformArgs(): string[] {
  const list = process.env.UNICORE_TEST_PLATFORMS;
  return [...(list ? ['--platforms', list] : []), ...(fs.existsSync(LWIP) ? ['--lwip', LWIP] : [])];
}

describe('unicore setup rejects bad input with one line and writes nothing', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = path.join(scratchDir('bad-setup'), 'prefix');
  });

  async function expectRejected(args: string[], message: RegExp): Promise<void> {
    const r = await unicore(UNICORE, ['setup', '--prefix', prefix, ...args]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^unicore setup: /);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(prefix)).toBe(false);
  }

  test('an empty --prefix (not the default prefix in disguise)', async () => {
    const r = await unicore(UNICORE, ['setup', '--prefix', '']);
    expect(r.stderr).toBe('unicore setup: --prefix is empty: give the toolchain directory, or leave --prefix out for the default ($UNICORE_PREFIX or ~/.unicore)');
    expect(r.exitCode).toBe(1);
  });

  test('an lwIP archive that is not one', async () => {
    const bogus = path.join(scratchDir('bogus-lwip'), 'lwip.tar.xz');
    fs.writeFileSync(bogus, 'not an archive');
    await expectRejected(['--lwip', bogus], /is not a tar archive.*--lwip/);
    await expectRejected(['--lwip', '/nonexistent/lwip.tar.xz'], /\/nonexistent\/lwip\.tar\.xz does not exist.*install-system-packages/);
  });

  test('a compiler that does not exist', async () => {
    await expectRejected(['--cc', '/nonexistent/gcc'], /no compiler '\/nonexistent\/gcc' found.*apt-get install gcc/);
  });

  test('a clang older than clang.flags needs (--cc clang drives clang; test/e2e/clang.test.ts)', async () => {
    const old = path.join(scratchDir('old-clang'), 'clang');
    fs.writeFileSync(old, '#!/bin/sh\ncase $1 in --version) echo "clang version 9.0.1" ;; -dumpmachine) echo x86_64-pc-linux-gnu ;; esac\n', { mode: 0o755 });
    await expectRejected(['--cc', old], /is clang 9\.0\.1; unicore needs clang 13\.0\.0 or newer: install a newer clang or pass --cc gcc/);
  });

  test('a newlib tarball that does not exist', async () => {
    await expectRejected(['--newlib', '/nonexistent.tar.xz'], /\/nonexistent\.tar\.xz does not exist.*apt-get install newlib-source/);
  });

  test('a newlib "tarball" that is not a tar archive', async () => {
    const bogus = path.join(scratchDir('bogus-tarball'), 'newlib-3.3.0.tar.xz');
    fs.writeFileSync(bogus, 'this is not a tarball\n');
    await expectRejected(['--newlib', bogus], new RegExp(`${bogus.replace(/[.]/g, '\\.')} is not a tar archive.*newlib-source`));
  });

  test('a tar archive that is not newlib', async () => {
    const dir = scratchDir('other-tarball');
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other', 'README'), 'not newlib\n');
    const tarball = path.join(dir, 'other.tar.xz');
    await execa('tar', ['-cJf', tarball, '-C', dir, 'other']);
    await expectRejected(['--newlib', tarball], /is not a newlib source tarball/);
  });

  test('a GCC source tarball that does not exist (for libstdc++)', async () => {
    await expectRejected(['--gcc-source', '/nonexistent/gcc-12.2.0-dfsg.tar.xz'],
      /\/nonexistent\/gcc-12\.2\.0-dfsg\.tar\.xz does not exist: install gcc-\d+-source .*--without-cxx/);
  });

  test('the GCC source of another version than the backend gcc', async () => {
    const other = path.join(scratchDir('other-gcc'), 'gcc-4.9.4.tar.xz');
    fs.writeFileSync(other, 'not really\n');
    await expectRejected(['--gcc-source', other], /gcc-4\.9\.4\.tar\.xz is gcc 4\.9\.4, not the backend's \d+\.\d+\.\d+: install gcc-\d+-source/);
  });

  test('an unknown platform', async () => {
    await expectRejected(['--platforms', 'kvm,vax'], /unknown platform 'vax'/);
  });
});

describe('the command line', () => {
  test('no command prints the usage and fails', async () => {
    const r = await unicore(UNICORE, []);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('unicore setup');
    expect(r.stderr).toContain('unicore platforms');
  });

  test('an unknown command fails', async () => {
    const r = await unicore(UNICORE, ['frobnicate']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/frobnicate/);
  });

  test('unicore env on a directory without a toolchain says to run setup', async () => {
    const empty = scratchDir('no-toolchain');
    const r = await unicore(UNICORE, ['env', '--prefix', empty]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim()).toBe(`unicore env: no unicore toolchain in ${empty}: run \`unicore setup --prefix ${empty}\` first`);
    expect(r.stdout).toBe('');
  });
});

describe('a built prefix', () => {
  test('running setup again changes nothing', async () => {
    const prefix = testPrefix();
    const json = fs.statSync(path.join(prefix, 'lib', 'unicore', 'toolchain.json')).mtimeMs;
    const r = await unicore(UNICORE, ['setup', '--prefix', prefix, ...platformArgs()]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('nothing changed');
    expect(r.exitCode).toBe(0);
    expect(fs.statSync(path.join(prefix, 'lib', 'unicore', 'toolchain.json')).mtimeMs).toBe(json);
  });

  test('copied to a directory with a space in its name, it works from there', async () => {
    const copy = path.join(scratchDir('relocated'), 'moved prefix');
    await execa('cp', ['-a', testPrefix(), copy]);
    const launcher = path.join(copy, 'bin', 'unicore');

    const cache = scratchDir('cache');
    const env = await execa(launcher, ['env'], { env: { ...cleanEnv(), XDG_CACHE_HOME: cache }, extendEnv: false, reject: false });
    expect(env.exitCode).toBe(0);
    expect(env.stdout).not.toContain(testPrefix());
    // What a shell gets from eval "$(unicore env)".
    const shell = await unicore('sh', ['-c', 'eval "$1" && printf "%s\\n%s\\n" "$PATH" "$CONFIG_SITE"', 'sh', env.stdout]);
    expect(shell.exitCode).toBe(0);
    const [pathVar, configSite] = shell.stdout.split('\n');
    expect(pathVar.split(':')[0]).toBe(path.join(copy, 'bin'));
    // configure splits CONFIG_SITE on blanks: a blank-free link to the prefix's file.
    expect(configSite).not.toMatch(/\s/);
    expect(configSite.startsWith(path.join(cache, 'unicore', 'config-site') + path.sep)).toBe(true);
    expect(fs.realpathSync(configSite)).toBe(path.join(copy, 'share', 'unicore', 'config.site'));

    const platforms = await unicore(launcher, ['platforms']);
    expect(platforms.exitCode).toBe(0);
    expect(platforms.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0])).toEqual([...PLATFORM_NAMES]);
  });

  test('missing runtime and wrapper files are remade without rebuilding newlib', async () => {
    const copy = path.join(scratchDir('incremental'), 'prefix');
    await execa('cp', ['-a', testPrefix(), copy]);
    const libc = path.join(copy, 'lib', 'unicore', 'sysroot', 'lib', 'libc.a');
    const libcTime = fs.statSync(libc).mtimeMs;
    fs.rmSync(path.join(copy, 'lib', 'unicore', 'sysroot', 'lib', 'libunicore.a'));
    const wrapper = fs.readdirSync(path.join(copy, 'bin')).find((name) => name.startsWith('x86_64-unicore-'))!;
    fs.rmSync(path.join(copy, 'bin', wrapper));

    const r = await unicore(UNICORE, ['setup', '--prefix', copy, ...platformArgs()]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('building the runtime');
    expect(r.stderr).not.toContain('building newlib');
    expect(fs.existsSync(path.join(copy, 'lib', 'unicore', 'sysroot', 'lib', 'libunicore.a'))).toBe(true);
    expect(fs.statSync(libc).mtimeMs).toBe(libcTime);
    expect(fs.existsSync(path.join(copy, 'bin', wrapper))).toBe(true);
  });

  test('--without-cxx drops libstdc++ and the C++ drivers, and rebuilds nothing else', async () => {
    const copy = path.join(scratchDir('without-cxx'), 'prefix');
    await execa('cp', ['-a', testPrefix(), copy]);
    const sysroot = path.join(copy, 'lib', 'unicore', 'sysroot');
    const cxxDrivers = () => fs.readdirSync(path.join(copy, 'bin')).filter((name) => /-(g|c)\+\+$/.test(name));
    expect(cxxDrivers().length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(sysroot, 'lib', 'libstdc++.a'))).toBe(true);

    const r = await unicore(UNICORE, ['setup', '--prefix', copy, '--without-cxx', ...platformArgs()]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/building (newlib|the runtime|libstdc\+\+)/);
    expect(cxxDrivers()).toEqual([]);
    expect(fs.existsSync(path.join(sysroot, 'lib', 'libstdc++.a'))).toBe(false);
    expect(fs.existsSync(path.join(sysroot, 'c++'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(copy, 'lib', 'unicore', 'toolchain.json'), 'utf8')).cxx).toBeUndefined();
  });
});
