/**
 * The native helper of unicore-bake (bake/native/unicore-bake.c): it bakes a
 * plain `unicore-bake PLATFORM PROGRAM [-o OUT]` itself and hands everything
 * else to the Node CLI with the same words. Both paths must give the same
 * image, byte for byte, and the same messages; UNICORE_BAKE_NATIVE=0 forces
 * the Node path; --verbose says which path baked.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { copyRange, findSection } from '../../lib/elf';
import { PROGRAM_SECTION, readImageNote } from '../../lib/notes';
import { buildProgram, run, testPlatforms, toolchainEnv, workdir } from '../support/unicore';

const NATIVE_SAYS = 'unicore-bake: the native helper baked';
const NODE_SAYS = 'unicore-bake: the Node CLI baked';
type Path = 'native' | 'node';

async function bakeBy(how: Path, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = await execa('unicore-bake', args, {
    cwd, env: { ...toolchainEnv(), ...env, UNICORE_BAKE_NATIVE: how === 'native' ? '1' : '0' }, reject: false,
  });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Files a bake leaves in dir: its work directories are `.OUT.bake-XXXXXX`. */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n.includes('.bake-'));

describe.each(testPlatforms(['kvm', 'xen', 'baremetal', 'linuxu']))('the native helper on %s', (platform) => {
  let dir: string;
  let program: string;
  let net: string;

  beforeAll(async () => {
    dir = workdir(`native-bake-${platform}`);
    program = await buildProgram('show_args', platform, dir);
    net = await buildProgram('net', platform, dir);
  });

  test('bakes a plain program itself, byte for byte the image of the Node CLI (also with SOURCE_DATE_EPOCH)', async () => {
    for (const env of [{}, { SOURCE_DATE_EPOCH: '1700000000' }]) {
      for (const [input, name] of [[program, 'show_args'], [net, 'net']]) {
        const native = await bakeBy('native', ['--verbose', platform, input, '-o', `${name}.native`], dir, env);
        const node = await bakeBy('node', ['--verbose', platform, input, '-o', `${name}.node`], dir, env);
        expect(native).toEqual({ exitCode: 0, stdout: '', stderr: `${NATIVE_SAYS} ${name}.native` });
        expect(node).toEqual({ exitCode: 0, stdout: '', stderr: `${NODE_SAYS} ${name}.node` });
        const image = fs.readFileSync(path.join(dir, `${name}.native`));
        expect(image.equals(fs.readFileSync(path.join(dir, `${name}.node`)))).toBe(true);
        expect(fs.statSync(path.join(dir, `${name}.native`)).mode & 0o777).toBe(0o755);
        expect(readImageNote(path.join(dir, `${name}.native`))).toEqual({ platform, mem: 64, name, net: name === 'net' });
      }
    }
    expect(leftovers(dir)).toEqual([]);
  });

  test('the default output is INPUT.PLATFORM, and a fermented object is baked natively too', async () => {
    const native = await bakeBy('native', ['--verbose', platform, 'show_args'], dir);
    expect(native.stderr).toBe(`${NATIVE_SAYS} show_args.${platform}`);
    const byNative = fs.readFileSync(path.join(dir, `show_args.${platform}`));
    expect(byNative.equals(fs.readFileSync(path.join(dir, 'show_args.native')))).toBe(true);

    // The fermented object itself: the program's .unicore.program section.
    const section = findSection(program, PROGRAM_SECTION)!;
    copyRange(program, section.offset, section.size, path.join(dir, 'show_args.o'));
    const fromObject = await bakeBy('native', ['--verbose', platform, 'show_args.o', '-o', 'object.native'], dir);
    const fromObjectNode = await bakeBy('node', ['--verbose', platform, 'show_args.o', '-o', 'object.node'], dir);
    expect([fromObject.exitCode, fromObject.stderr]).toEqual([0, `${NATIVE_SAYS} object.native`]);
    expect([fromObjectNode.exitCode, fromObjectNode.stderr]).toEqual([0, `${NODE_SAYS} object.node`]);
    expect(fs.readFileSync(path.join(dir, 'object.native')).equals(fs.readFileSync(path.join(dir, 'object.node')))).toBe(true);
  });
});

describe('the native helper: the rest goes to the Node CLI', () => {
  let dir: string;
  let program: string;

  beforeAll(async () => {
    dir = workdir('native-bake-fallback');
    program = await buildProgram('show_args', 'kvm', dir);
    fs.mkdirSync(path.join(dir, 'a-directory'));
    fs.mkdirSync(path.join(dir, 'root'));
    fs.writeFileSync(path.join(dir, 'root', 'file.txt'), 'data\n');
    fs.writeFileSync(path.join(dir, 'not-elf'), 'text\n');
  });

  // Each: the words, and whether the bake succeeds.
  const cases: [string, string[], number][] = [
    ['an unknown platform', ['vax', 'show_args'], 1],
    ['a missing input', ['kvm', 'no-such-program'], 1],
    ['-o a directory', ['kvm', 'show_args', '-o', 'a-directory'], 1],
    ['-o in a directory that is not there', ['kvm', 'show_args', '-o', 'nowhere/x.kvm'], 1],
    ['a file that is not ELF', ['kvm', 'not-elf'], 1],
    ['no input', ['kvm'], 1],
    ['an unknown option', ['kvm', 'show_args', '--frobnicate'], 1],
    ['--rootfs', ['kvm', 'show_args', '--rootfs', 'root', '-o', 'rootfs.kvm'], 0],
    ['--cmdline', ['kvm', 'show_args', '--cmdline', '-v x', '-o', 'cmdline.kvm'], 0],
    ['--mem', ['kvm', 'show_args', '--mem', '32M', '-o', 'mem.kvm'], 0],
    ['--iso on kvm', ['kvm', 'show_args', '--iso'], 1],
  ];

  test.each(cases)('%s: the Node CLI\'s own message and status', async (_what, args, status) => {
    const native = await bakeBy('native', args, dir);
    const node = await bakeBy('node', args, dir);
    expect(native.exitCode).toBe(status);
    expect(native).toEqual(node);
    if (status === 1) expect(native.stderr).toMatch(/^unicore-bake: /);
    expect(leftovers(dir)).toEqual([]);
  });

  test('--verbose names the Node CLI for a case the helper does not take', async () => {
    const r = await bakeBy('native', ['--verbose', 'kvm', 'show_args', '--rootfs', 'root', '-o', 'rootfs.kvm'], dir);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: `${NODE_SAYS} rootfs.kvm` });
  });

  test('a program another prefix names in $UNICORE_PREFIX is the Node CLI\'s business', async () => {
    const r = await bakeBy('native', ['--verbose', 'kvm', 'show_args', '-o', 'other.kvm'], dir, { UNICORE_PREFIX: path.join(dir, 'no-prefix') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^unicore-bake: no unicore toolchain in /);
  });

  test('an image too big for the default memory is linked again with more, as the Node CLI does', async () => {
    fs.writeFileSync(path.join(dir, 'big.c'), 'static char big[100 << 20];\nint main(void) { big[12345] = 1; return big[54321]; }\n');
    await execa('x86_64-unicore-kvm-gcc', ['-O2', '-o', 'big', 'big.c'], { cwd: dir, env: toolchainEnv() });
    const native = await bakeBy('native', ['--verbose', 'kvm', 'big', '-o', 'big.native'], dir);
    const node = await bakeBy('node', ['kvm', 'big', '-o', 'big.node'], dir);
    expect([native.exitCode, native.stderr, node.exitCode]).toEqual([0, `${NATIVE_SAYS} big.native`, 0]);
    expect(readImageNote(path.join(dir, 'big.native')).mem).toBeGreaterThan(100);
    expect(fs.readFileSync(path.join(dir, 'big.native')).equals(fs.readFileSync(path.join(dir, 'big.node')))).toBe(true);
  });

  test('a stop signal removes the work directory and ends the bake with 128 + its number', async () => {
    let seen = 0;
    for (let attempt = 0; attempt < 10 && !seen; attempt++) {
      const child = execa('unicore-bake', ['kvm', 'show_args', '-o', 'killed.kvm'], { cwd: dir, env: toolchainEnv(), reject: false });
      // Stopped once the work directory is there (while as or ld runs).
      for (let i = 0; i < 2000 && child.exitCode === null; i++) {
        if (leftovers(dir).length) {
          expect(fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).toContain('libexec/unicore-bake');
          child.kill('SIGTERM');
          seen++;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const r = await child;
      if (seen) expect(r.exitCode).toBe(143);
      else fs.rmSync(path.join(dir, 'killed.kvm'), { force: true });   // it finished first: again
    }
    expect(seen).toBe(1);
    expect(leftovers(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'killed.kvm'))).toBe(false);
  });

  test('the image it bakes boots', async () => {
    const r = await bakeBy('native', ['--verbose', 'kvm', 'show_args', '-o', 'boots.kvm'], dir);
    expect(r.stderr).toBe(`${NATIVE_SAYS} boots.kvm`);
    const booted = await run(path.join(dir, 'boots.kvm'), { args: ['one', 'two words'] });
    expect([booted.exitCode, booted.stdout.toString()]).toEqual([0, '1:3:one\n2:9:two words\n']);
  });

  test('the helper is what the prefix\'s unicore-bake runs', () => {
    expect(program).toBeTruthy();
    const launcher = fs.readFileSync(path.join(process.env.UNICORE_TEST_PREFIX!, 'bin', 'unicore-bake'), 'utf8');
    expect(launcher).toContain('libexec/unicore-bake');
  });
});
