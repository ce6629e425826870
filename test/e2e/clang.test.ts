/**
 * `unicore setup --cc clang`: the C wrappers drive clang with clang.flags and
 * the same ferment and stub link; GNU hello, Lua and zlib build with them,
 * unpatched, and pass the same checks on kvm as the gcc-built ones
 * (packages.test.ts). The clang prefix is a copy of the test prefix set up
 * again with --cc clang: newlib and the runtime are gcc's in both (their
 * stamps hold), only the wrappers change.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import execa from 'execa';
import { DISTFILES, REPO, testPrefix, tmpdir, workdir } from '../support/unicore';

let prefix: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  prefix = path.join(tmpdir('clang'), 'prefix');
  await execa('cp', ['-a', testPrefix(), prefix]);
  const args = ['setup', '--prefix', prefix, '--cc', 'clang', '--without-cxx',
    '--lwip', path.join(DISTFILES, 'lwip-2.1.3.dfsg1.tar.xz')];
  if (process.env.UNICORE_TEST_PLATFORMS) args.push('--platforms', process.env.UNICORE_TEST_PLATFORMS);
  await execa(path.join(REPO, 'bin', 'unicore'), args);
  env = {
    ...process.env,
    PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
    CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site'),
    UNICORE_DISTDIR: DISTFILES,
  };
}, 600000);

async function build(name: string): Promise<string[]> {
  const r = await execa(path.join(REPO, 'packages', 'build'), [name, 'kvm', workdir(`clang-${name}`)], { env, reject: false });
  if (r.exitCode !== 0) throw new Error(`packages/build ${name} kvm with clang failed:\n${r.stderr}`);
  return r.stdout.trim().split('\n');
}

async function bakeRun(program: string, args: string[], input = ''): Promise<{ exitCode: number; stdout: Buffer }> {
  await execa('unicore-bake', ['kvm', program], { env });
  const r = await execa('unicore', ['run', `${program}.kvm`, '--', ...args],
    { env, input, encoding: null, stripFinalNewline: false, reject: false, timeout: 120000 });
  return { exitCode: r.exitCode, stdout: r.stdout as unknown as Buffer };
}

/** The compilers named in a program's .comment section: clang's for what the wrappers compiled. */
async function compilers(program: string): Promise<string> {
  return (await execa('readelf', ['-p', '.comment', program])).stdout;
}

describe('the clang wrappers', () => {
  test('x86_64-unicore-kvm-gcc runs clang; the C++ drivers are not written without libstdc++', async () => {
    const r = await execa('x86_64-unicore-kvm-gcc', ['--version'], { env });
    expect(r.stdout).toMatch(/clang version/);
    expect(fs.existsSync(path.join(prefix, 'bin', 'x86_64-unicore-kvm-g++'))).toBe(false);
  });

  test('the link searches only the unicore sysroot: the host gcc\'s libstdc++ is not found', async () => {
    const dir = tmpdir('clang-lib');
    fs.writeFileSync(path.join(dir, 'main.c'), 'int main(void) { return 0; }\n');
    const r = await execa('x86_64-unicore-kvm-gcc', ['-o', 'main', 'main.c', '-lstdc++'], { env, cwd: dir, reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/cannot find -lstdc\+\+/);
    expect(fs.existsSync(path.join(dir, 'main'))).toBe(false);
  });

  test('a symbol the runtime lacks fails the link (the stub link), as with gcc', async () => {
    const dir = tmpdir('clang-stub');
    fs.writeFileSync(path.join(dir, 'main.c'), 'int no_such_function(void);\nint main(void) { return no_such_function(); }\n');
    const r = await execa('x86_64-unicore-kvm-gcc', ['-o', 'main', 'main.c'], { env, cwd: dir, reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/no_such_function/);
    expect(fs.existsSync(path.join(dir, 'main'))).toBe(false);
  });
});

describe('GNU hello 2.10 built with clang', () => {
  test('greets as asked on kvm and exits 0', async () => {
    const [hello] = await build('hello');
    expect(await compilers(hello)).toMatch(/clang version/);
    const r = await bakeRun(hello, ['--greeting=clang says hi']);
    expect(r.stdout.toString()).toBe('clang says hi\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('Lua 5.4.4 built with clang', () => {
  test('lua -e "print(2^10)" prints 1024.0 on kvm', async () => {
    const [lua] = await build('lua');
    expect(await compilers(lua)).toMatch(/clang version/);
    const r = await bakeRun(lua, ['-e', 'print(2^10)']);
    expect(r.stdout.toString()).toBe('1024.0\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('zlib 1.2.13 built with clang', () => {
  let programs: string[];

  beforeAll(async () => {
    programs = await build('zlib');
  });

  test('its example program passes on kvm', async () => {
    expect(await compilers(programs[0])).toMatch(/clang version/);
    const r = await bakeRun(programs[0], []);
    expect(r.stdout.toString()).toContain('gzread(): hello, hello!');
    expect(r.stdout.toString()).toContain('inflate with dictionary: hello, hello!');
    expect(r.exitCode).toBe(0);
  });

  test('minigzip compresses stdin into a gzip stream the host can read', async () => {
    const text = 'clang-built unikernels compress too\n'.repeat(1000);
    const r = await bakeRun(programs[1], [], text);
    expect(r.exitCode).toBe(0);
    expect(zlib.gunzipSync(r.stdout).toString()).toBe(text);
  });
});
