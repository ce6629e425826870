/**
 * unicore-bake from outside: bad inputs give one-line errors and leave nothing
 * behind; good inputs give images that carry the image note, the rootfs
 * archive and the baked arguments, byte for byte the same on every bake.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { readImageNote } from '../../lib/notes';
import { buildProgram, PROGRAMS, sh, toolchainEnv, workdir } from '../support/unicore';

interface Baked { exitCode: number; stderr: string }

async function unicoreBake(args: string[], cwd: string, env = toolchainEnv()): Promise<Baked> {
  const r = await execa('unicore-bake', args, { cwd, env, reject: false });
  return { exitCode: r.exitCode, stderr: r.stderr };
}

/** The bytes between two symbols of a linked image (through its LOAD segments). */
async function symbolBytes(image: string, start: string, end?: string): Promise<Buffer> {
  const nm = (await execa('nm', [image])).stdout;
  const address = (name: string) => {
    const line = nm.split('\n').find((l) => l.endsWith(` ${name}`));
    if (!line) throw new Error(`${image} has no symbol ${name}`);
    return parseInt(line.split(' ')[0], 16);
  };
  const loads = (await execa('readelf', ['-lW', image])).stdout.split('\n')
    .map((l) => l.trim().split(/\s+/)).filter((f) => f[0] === 'LOAD')
    .map((f) => ({ offset: parseInt(f[1], 16), vaddr: parseInt(f[2], 16), filesz: parseInt(f[4], 16) }));
  const from = address(start);
  const seg = loads.find((s) => from >= s.vaddr && from < s.vaddr + s.filesz);
  if (!seg) throw new Error(`${start} is not in a loaded part of ${image}`);
  const bytes = fs.readFileSync(image);
  const at = seg.offset + from - seg.vaddr;
  if (end) return bytes.subarray(at, at + address(end) - from);
  return bytes.subarray(at, bytes.indexOf(0, at));  // a C string
}

/** A .note.unicore section with abi=99.0.0, for objcopy --update-section. */
function recipeNote(abi: string): Buffer {
  const name = Buffer.from('Unicore\0');
  const desc = Buffer.from(`toolchain=9.9.9\nabi=${abi}\ntuple=x86_64-unicore-kvm\nplatform=kvm\nlibc=newlib-3.3.0\n\0`);
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(name.length, 0);
  head.writeUInt32LE(desc.length, 4);
  head.writeUInt32LE(1, 8);
  return Buffer.concat([head, pad(name), pad(desc)]);
}

/** Files in dir other than the given ones: what a failed bake must not leave. */
function leftovers(dir: string, before: string[]): string[] {
  return fs.readdirSync(dir).filter((f) => !before.includes(f));
}

describe('unicore-bake', () => {
  let dir: string;
  let program: string;

  beforeAll(async () => {
    dir = workdir('bake');
    program = await buildProgram('exit_code', 'kvm', dir);
  });

  describe('refuses bad input with one line, a non-zero status and no output', () => {
    let bad: string;

    beforeAll(async () => {
      bad = path.join(dir, 'bad');
      fs.mkdirSync(bad);
      fs.writeFileSync(path.join(bad, 'notes.txt'), 'just some text\n');
      fs.copyFileSync('/bin/true', path.join(bad, 'true'));
      fs.writeFileSync(path.join(bad, 'host.c'), 'int main(void) { return 0; }\n');
      // A host compiler's relocatable program: ELF, x86-64, ET_REL, but no recipe.
      await execa('gcc', ['-c', 'host.c', '-o', 'host.o'], { cwd: bad });
      await execa('ld', ['-r', 'host.o', '-o', 'hostprog'], { cwd: bad });
      // The fermented object inside the program file, as a bare input (bake takes both).
      await execa('objcopy', ['--dump-section', `.unicore.program=${path.join(bad, 'abi99')}`, program]);
      fs.writeFileSync(path.join(bad, 'abi99.note'), recipeNote('99.0.0'));
      await execa('objcopy', ['--update-section', '.note.unicore=abi99.note', 'abi99'], { cwd: bad });
      fs.copyFileSync(program, path.join(bad, 'good'));
    });

    test.each([
      ['a text file', ['kvm', 'notes.txt'], /notes\.txt is not an ELF object: .*x86_64-unicore-kvm-gcc/],
      ['a host executable', ['kvm', 'true'], /true .*no \.note\.unicore.*x86_64-unicore-kvm-gcc/],
      ['a host gcc object', ['kvm', 'hostprog'], /hostprog was not built with the unicore toolchain \(no \.note\.unicore\): link it with x86_64-unicore-kvm-gcc/],
      ['an object of the host\'s gcc -c', ['kvm', 'host.o'], new RegExp('^unicore-bake: host\\.o was not compiled by a unicore wrapper ' +
        '\\(no \\.note\\.unicore\\.compiled; the host\'s gcc builds against glibc\'s headers, whose structures differ\\): ' +
        'compile it with x86_64-unicore-kvm-gcc -c$')],
      ['an empty --prefix', ['kvm', 'good', '--prefix', ''], /^unicore-bake: --prefix is empty: give the toolchain directory, or leave --prefix out/],
      ['a program for another ABI', ['kvm', 'abi99'], /abi99 was built for unicore ABI 99\.0\.0.* has ABI 1\.\d+\.\d+: rebuild it/],
      ['an unknown platform', ['vmware', 'good'], /unknown platform 'vmware': valid platforms are xen, kvm, baremetal, linuxu/],
      ['a missing --rootfs', ['kvm', 'good', '--rootfs', 'no-such-dir'], /--rootfs no-such-dir: no such directory/],
      ['--iso off baremetal', ['kvm', 'good', '--iso'], /--iso is only for baremetal/],
      ['a bad --mem', ['kvm', 'good', '--mem', 'lots'], /--mem lots: not a memory size/],
      ['a tiny --mem', ['kvm', 'good', '--mem', '1M'], /--mem 1M: too small/],
      ['a missing input', ['kvm', 'missing'], /missing: no such file/],
    ])('%s', async (_what, args, message) => {
      const before = fs.readdirSync(bad);
      const r = await unicoreBake(args, bad);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^unicore-bake: /);
      expect(r.stderr).toMatch(message);
      expect(leftovers(bad, before)).toEqual([]);
    });

    test('a link failure shows the linker and a summary, and leaves no image', async () => {
      // A real unicore program (its recipe intact) plus an object that needs a symbol nothing defines.
      fs.writeFileSync(path.join(bad, 'undef.c'), 'extern int nowhere(void);\nint use_nowhere(void) { return nowhere(); }\n');
      await execa('gcc', ['-c', '-fno-pie', 'undef.c', '-o', 'undef.o'], { cwd: bad });
      await execa('objcopy', ['--dump-section', `.unicore.program=${path.join(bad, 'fermented.o')}`, program]);
      await execa('ld', ['-r', '-o', 'undef', 'fermented.o', 'undef.o'], { cwd: bad });
      fs.unlinkSync(path.join(bad, 'fermented.o'));
      const before = fs.readdirSync(bad);
      const r = await unicoreBake(['kvm', 'undef', '-o', 'undef.kvm'], bad);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/undefined reference to `nowhere'/);
      expect(r.stderr.trim().split('\n').pop()).toMatch(/^unicore-bake: linking the kvm image failed: undefined nowhere/);
      expect(leftovers(bad, before)).toEqual([]);
    });
  });

  describe('writes images', () => {
    let root: string;

    beforeAll(() => {
      root = path.join(dir, 'root');
      fs.mkdirSync(path.join(root, 'data'), { recursive: true });
      fs.writeFileSync(path.join(root, 'data', 'in.txt'), 'line one\n');
      fs.writeFileSync(path.join(root, 'hello.txt'), 'hello\n');
    });

    test('OUT defaults to INPUT.PLATFORM and carries the image note', async () => {
      const r = await unicoreBake(['kvm', program], dir);
      expect(r).toEqual({ exitCode: 0, stderr: '' });
      const image = `${program}.kvm`;
      expect(fs.statSync(image).mode & 0o111).not.toBe(0);
      expect(readImageNote(image)).toEqual({ platform: 'kvm', mem: 64, name: 'exit_code', net: false });
      expect((await sh(`file ${image}`, dir)).stdout).toMatch(/ELF 64-bit LSB executable, x86-64/);
    });

    test('-o, --mem, --rootfs and --cmdline land in the image', async () => {
      const out = path.join(dir, 'custom.img');
      const r = await unicoreBake(['kvm', program, '-o', out, '--mem', '1G', '--rootfs', root, '--cmdline', `-v 'two words' "x"`], dir);
      expect(r.exitCode).toBe(0);
      expect(readImageNote(out)).toEqual({ platform: 'kvm', mem: 1024, name: 'exit_code', net: false });
      expect((await symbolBytes(out, '__unicore_cmdline')).toString()).toBe(`-v 'two words' "x"`);
      expect((await symbolBytes(out, '__unicore_progname')).toString()).toBe('exit_code');
      const tar = path.join(dir, 'rootfs.tar');
      fs.writeFileSync(tar, await symbolBytes(out, '__unicore_rootfs_start', '__unicore_rootfs_end'));
      const listing = (await execa('tar', ['tvf', tar])).stdout.split('\n');
      expect(listing.map((l) => l.split(/\s+/).pop())).toEqual(['data/', 'data/in.txt', 'hello.txt']);
      expect(listing.every((l) => l.includes(' 0/0 '))).toBe(true);
      expect((await execa('tar', ['xOf', tar, 'data/in.txt'])).stdout).toBe('line one');
    });

    test('without --rootfs the archive is empty but valid', async () => {
      const out = path.join(dir, 'empty.kvm');
      expect((await unicoreBake(['kvm', program, '-o', out], dir)).exitCode).toBe(0);
      const tar = await symbolBytes(out, '__unicore_rootfs_start', '__unicore_rootfs_end');
      expect(tar.length).toBeGreaterThanOrEqual(1024);
      expect(tar.every((b) => b === 0)).toBe(true);
    });

    test('two bakes of the same input are byte-identical', async () => {
      const a = path.join(dir, 'same-a.kvm');
      const b = path.join(dir, 'same-b.kvm');
      const args = ['--rootfs', root, '--cmdline', 'x y'];
      expect((await unicoreBake(['kvm', program, '-o', a, ...args], dir)).exitCode).toBe(0);
      fs.utimesSync(path.join(root, 'hello.txt'), new Date(), new Date(Date.now() + 5000));
      expect((await unicoreBake(['kvm', program, '-o', b, ...args], dir)).exitCode).toBe(0);
      expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    });

    test('a rootfs bigger than --mem is refused; without --mem the memory grows to fit', async () => {
      const bigRoot = path.join(dir, 'bigroot');
      fs.mkdirSync(bigRoot);
      fs.closeSync(fs.openSync(path.join(bigRoot, 'zeros.bin'), 'w'));
      fs.truncateSync(path.join(bigRoot, 'zeros.bin'), 80 * 1024 * 1024);
      const out = path.join(dir, 'big.kvm');
      const refused = await unicoreBake(['kvm', program, '-o', out, '--rootfs', bigRoot, '--mem', '64M'], dir);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/^unicore-bake: --mem 64M is too small for this image .*use --mem \d+M or more$/);
      expect(fs.existsSync(out)).toBe(false);
      expect((await unicoreBake(['kvm', program, '-o', out, '--rootfs', bigRoot], dir)).exitCode).toBe(0);
      expect(readImageNote(out).mem).toBeGreaterThanOrEqual(80 + 16);
      fs.rmSync(out);
    });

    test('a program linked with the xen wrapper bakes for kvm', async () => {
      const xenDir = path.join(dir, 'xen');
      fs.mkdirSync(xenDir);
      const xenProgram = await buildProgram('exit_code', 'xen', xenDir);
      const out = path.join(xenDir, 'exit_code.kvm');
      expect((await unicoreBake(['kvm', xenProgram, '-o', out], dir)).exitCode).toBe(0);
      expect(readImageNote(out).platform).toBe('kvm');
    });

    test('plain objects from the wrapper are fermented by bake', async () => {
      const objDir = path.join(dir, 'objects');
      fs.mkdirSync(objDir);
      await execa('x86_64-unicore-kvm-gcc', ['-O2', '-c', path.join(PROGRAMS, 'exit_code.c'), '-o', 'exit_code.o'],
        { cwd: objDir, env: toolchainEnv() });
      const r = await unicoreBake(['kvm', 'exit_code.o'], objDir);
      expect(r).toEqual({ exitCode: 0, stderr: '' });
      expect(readImageNote(path.join(objDir, 'exit_code.kvm'))).toEqual({ platform: 'kvm', mem: 64, name: 'exit_code', net: false });
      expect(fs.readdirSync(objDir).sort()).toEqual(['exit_code.kvm', 'exit_code.o']);
    });

    test('the image holds what the program reaches: vfprintf without vfiprintf, no unwind tables of a C program', async () => {
      const gcDir = path.join(dir, 'gc');
      fs.mkdirSync(gcDir);
      fs.writeFileSync(path.join(gcDir, 'say.c'), '#include <stdarg.h>\n#include <stdio.h>\n'
        + 'static void say(const char *f, ...) { va_list a; va_start(a, f); vfprintf(stdout, f, a); va_end(a); }\n'
        + 'int main(void) { say("%s %d\\n", "vfprintf", 42); return 0; }\n');
      const built = await sh('x86_64-unicore-kvm-gcc -O2 -o say say.c && unicore-bake linuxu say && unicore-bake kvm say'
        + ' && objcopy --dump-section .unicore.program=say.o say', gcDir);
      expect(built).toMatchObject({ exitCode: 0, stderr: '' });
      expect((await execa(path.join(gcDir, 'say.linuxu'), [], { reject: false, timeout: 30000 })).stdout).toBe('vfprintf 42');
      // newlib's vfprintf.o and vfiprintf.o both have a static __sbprintf in .text.__sbprintf:
      // the ferment's ld -r must keep them apart (--unique) for --gc-sections to drop _vfiprintf_r.
      const symbols = (await execa('nm', [path.join(gcDir, 'say.kvm')])).stdout;
      expect(symbols).toMatch(/ T _vfprintf_r$/m);
      expect(symbols).not.toMatch(/ _vfiprintf_r$/m);
      // No unwinder linked: the wrapper removed the program's .eh_frame.
      expect((await execa('readelf', ['-SW', path.join(gcDir, 'say.o')])).stdout).not.toMatch(/\.eh_frame/);
    });

    test('baked arguments reach the program (linuxu runs on the host)', async () => {
      const luDir = path.join(dir, 'linuxu');
      fs.mkdirSync(luDir);
      const luProgram = await buildProgram('exit_code', 'linuxu', luDir);
      expect((await unicoreBake(['linuxu', luProgram, '--cmdline', '42'], dir)).exitCode).toBe(0);
      const r = await execa(`${luProgram}.linuxu`, [], { reject: false, timeout: 30000 });
      expect(r.exitCode).toBe(42);
    });
  });
});
