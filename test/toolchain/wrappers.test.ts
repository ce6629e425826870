/**
 * The generated x86_64-unicore-<p>-* wrappers and specs, run for real from the
 * test prefix: argument passing, compile and link modes, the stub link's
 * verdicts, and relocation of the whole prefix.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { sh, testPrefix, toolchainEnv, workdir } from '../support/unicore';

const CC = 'x86_64-unicore-kvm-gcc';

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Runs a wrapper with exact argv (no shell between), from dir. */
async function tool(cmd: string, args: string[], dir: string, env = toolchainEnv()) {
  return execa(cmd, args, { cwd: dir, env, reject: false });
}

const HELLO = '#include <stdio.h>\nint main(void) { printf("hi\\n"); return 0; }\n';

describe('x86_64-unicore-<p>-gcc', () => {
  let dir: string;
  beforeAll(() => { dir = workdir('wrappers'); });

  test('-dumpmachine prints the unicore tuple of each platform', async () => {
    for (const p of ['xen', 'kvm', 'baremetal', 'linuxu']) {
      const r = await tool(`x86_64-unicore-${p}-gcc`, ['-dumpmachine'], dir);
      expect(r.stdout).toBe(`x86_64-unicore-${p}`);
    }
  });

  test('--version, -v and -print-libgcc-file-name answer like gcc', async () => {
    const version = await tool(CC, ['--version'], dir);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^(gcc|x86_64-linux-gnu-gcc)\b.*\d+\.\d+/);
    const v = await tool(CC, ['-v'], dir);
    expect(v.exitCode).toBe(0);
    expect(v.stderr).toMatch(/gcc version \d+/);
    const libgcc = await tool(CC, ['-print-libgcc-file-name'], dir);
    expect(libgcc.exitCode).toBe(0);
    expect(fs.existsSync(libgcc.stdout)).toBe(true);
    expect(libgcc.stdout).toMatch(/libgcc\.a$/);
  });

  test('compiling uses newlib and the POSIX layer, never the host headers (-c, -E, -save-temps)', async () => {
    const src = write(dir, 'which-libc.c', [
      '#include <stdio.h>', '#include <sys/socket.h>',
      '#ifndef _NEWLIB_VERSION', '#error not newlib', '#endif',
      '#ifdef __GLIBC__', '#error host glibc', '#endif',
      '#ifndef __unicore__', '#error no __unicore__', '#endif',
      '#if !__STDC_HOSTED__', '#error not hosted', '#endif',
      'int x;', ''].join('\n'));
    for (const mode of [['-c'], ['-E'], ['-c', '-save-temps'], ['-c', '-no-integrated-cpp']]) {
      const r = await tool(CC, [...mode, src, '-o', path.join(dir, 'which-libc.out')], dir);
      expect({ mode, stderr: r.stderr, code: r.exitCode }).toEqual({ mode, stderr: '', code: 0 });
    }
  });

  test('arguments pass through exactly: quotes, spaces, a directory with a space', async () => {
    write(dir, 'inc dir/spaced.h', '#define FROM_SPACED "from spaced dir"\n');
    const src = write(dir, 'quoting.c', [
      '#include <spaced.h>',
      'const char msg[] = MSG;', 'const char q[] = Q;', 'const char s[] = FROM_SPACED;', ''].join('\n'));
    const r = await tool(CC, ['-E', '-P', '-I', path.join(dir, 'inc dir'), '-DMSG="a b"', `-DQ="it's"`, src], dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('msg[] = "a b";');
    expect(r.stdout).toContain(`q[] = "it's";`);
    expect(r.stdout).toContain('s[] = "from spaced dir";');
    // The same through a shell, as make runs it, and into an object file.
    const obj = path.join(dir, 'quoting.o');
    const c = await sh(`${CC} -c -I 'inc dir' -DMSG='"a  b"' -DQ='"it'"'"'s"' quoting.c -o quoting.o && strings -n 3 quoting.o`, dir);
    expect(c.exitCode).toBe(0);
    expect(c.stdout.split('\n')).toEqual(expect.arrayContaining(['a  b', "it's", 'from spaced dir']));
    expect(fs.existsSync(obj)).toBe(true);
  });

  test('an empty argument reaches gcc as an empty argument', async () => {
    const r = await tool(CC, ['-c', '', path.join(dir, 'quoting.c')], dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/: (linker input file not found|No such file)/);
  });

  test('the final link makes a build-machine executable carrying the fermented object and the recipe note', async () => {
    const src = write(dir, 'hello.c', HELLO);
    const out = path.join(dir, 'hello');
    const r = await tool(CC, ['-O2', '-o', out, src], dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect((await sh(`file ${out}`, dir)).stdout).toMatch(/ELF 64-bit LSB executable, x86-64.*statically linked/);
    expect(fs.statSync(out).mode & 0o111).toBe(0o111);
    // linuxu's link.ld gathers the notes into .note.
    const note = await sh(`readelf -p .note ${out}`, dir);
    expect(note.stdout).toContain('platform=kvm');
    expect(note.stdout).toContain('tuple=x86_64-unicore-kvm');
    // It runs here, as the linuxu build of the program.
    expect((await execa(out, [], { reject: false })).stdout).toBe('hi');
    // The object unicore-bake takes: relocatable, with main and the recipe.
    const object = path.join(dir, 'hello.program.o');
    await sh(`objcopy --dump-section .unicore.program=${object} ${out}`, dir);
    expect((await sh(`file ${object}`, dir)).stdout).toMatch(/ELF 64-bit LSB relocatable, x86-64/);
    expect((await sh(`nm ${object}`, dir)).stdout).toMatch(/ T main$/m);
    expect((await sh(`readelf -p .note.unicore ${object}`, dir)).stdout).toContain('platform=kvm');
  });

  test('a program compiled from standard input with -x c links too', async () => {
    const out = path.join(dir, 'from-stdin');
    const r = await execa(CC, ['-x', 'c', '-o', out, '-'], { cwd: dir, env: toolchainEnv(), input: HELLO, reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  test('a missing main fails the link and leaves no output', async () => {
    const src = write(dir, 'nomain.c', 'int helper(void) { return 1; }\n');
    const out = path.join(dir, 'nomain');
    const r = await tool(CC, ['-o', out, src], dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/main/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an undefined function fails the link, naming it', async () => {
    const src = write(dir, 'undef.c', 'int no_such_fn(void);\nint main(void) { return no_such_fn(); }\n');
    const out = path.join(dir, 'undef');
    const r = await tool(CC, ['-o', out, src], dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/undefined reference to `no_such_fn'/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('-lm, -lc and -static are accepted; a library unicore lacks fails like a missing one', async () => {
    const src = path.join(dir, 'hello.c');
    expect((await tool(CC, ['-o', path.join(dir, 'withlibs'), src, '-lm', '-lc', '-static'], dir)).exitCode).toBe(0);
    const r = await tool(CC, ['-o', path.join(dir, 'nolib'), src, '-lno_such_lib'], dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/cannot find -lno_such_lib/);
  });

  test('-shared at link time fails with one line; -fPIC/-fpic link a program that runs', async () => {
    const r = await tool(CC, ['-shared', '-o', path.join(dir, 'lib.so'), path.join(dir, 'hello.c')], dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('x86_64-unicore-kvm-gcc: shared libraries are not supported on unicore: link without -shared (configure --disable-shared)');
    expect(fs.existsSync(path.join(dir, 'lib.so'))).toBe(false);
    // Compiling with -fPIC is fine, and so is -fPIC when linking: the program still links statically.
    expect((await tool(CC, ['-fPIC', '-c', '-o', path.join(dir, 'pic.o'), path.join(dir, 'hello.c')], dir)).exitCode).toBe(0);
    for (const flag of ['-fPIC', '-fpic']) {
      const program = path.join(dir, `pic${flag}`);
      const link = await tool(CC, [flag, '-o', program, path.join(dir, 'pic.o')], dir);
      expect({ flag, stderr: link.stderr, exitCode: link.exitCode }).toEqual({ flag, stderr: '', exitCode: 0 });
      expect((await execa(program, [], { reject: false })).stdout).toBe('hi');
    }
  });

  test('-pie and -static-pie at link time fail with one line saying what unicore needs', async () => {
    for (const flag of ['-pie', '-static-pie']) {
      const out = path.join(dir, `pie${flag}`);
      const r = await tool(CC, [flag, '-o', out, write(dir, 'hello.c', HELLO)], dir);
      expect(r.stderr).toBe(`x86_64-unicore-kvm-gcc: ${flag}: position-independent executables are not supported on unicore ` +
        '(a unicore program is static, at the fixed address its platform links it to): link without -pie/-static-pie');
      expect(r.exitCode).toBe(1);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  test('--output=FILE and --output FILE get the missing-symbol check like -o', async () => {
    const src = write(dir, 'undef2.c', 'int no_such_fn2(void);\nint main(void) { return no_such_fn2(); }\n');
    for (const form of [(f: string) => [`--output=${f}`], (f: string) => ['--output', f]]) {
      const out = path.join(dir, 'undef2');
      const r = await tool(CC, [...form(out), src], dir);
      expect(r.stderr.split('\n').pop()).toBe(`x86_64-unicore-kvm-gcc: ${out} uses symbols unicore does not provide (listed above): removed it`);
      expect(r.exitCode).toBe(1);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  test('every object the wrappers compile carries the .note.unicore.compiled mark (C, -pipe, assembly)', async () => {
    const asm = write(dir, 'f.S', '.text\n.globl f\nf: ret\n');
    const hello = write(dir, 'hello.c', HELLO);
    const cases: Array<[string, string[]]> = [
      ['c.o', ['-c', hello]],
      ['pipe.o', ['-pipe', '-O2', '-c', hello]],
      ['asm.o', ['-c', asm]],
    ];
    for (const [obj, args] of cases) {
      const r = await tool(CC, [...args, '-o', path.join(dir, obj)], dir);
      expect(r.exitCode).toBe(0);
      const notes = await execa('readelf', ['-n', path.join(dir, obj)]);
      expect(notes.stdout).toMatch(/Displaying notes found in: \.note\.unicore\.compiled\n\s+Owner\s+Data size\s+Description\n\s+Unicore\s+0x0000000c\s+.*\n\s+description data: 78 38 36 5f 36 34 2d 63 63 00 00 00/);
    }
  });

  test('the binutils wrappers and cpp work', async () => {
    const obj = path.join(dir, 'tools.o');
    expect((await tool(CC, ['-c', '-o', obj, path.join(dir, 'hello.c')], dir)).exitCode).toBe(0);
    expect((await tool('x86_64-unicore-kvm-nm', [obj], dir)).stdout).toMatch(/ T main/);
    expect((await tool('x86_64-unicore-kvm-ar', ['rcs', path.join(dir, 'libt.a'), obj], dir)).exitCode).toBe(0);
    expect((await tool('x86_64-unicore-kvm-readelf', ['-h', obj], dir)).stdout).toMatch(/REL \(Relocatable file\)/);
    // strip keeps what bake links against (a plain strip would drop every symbol
    // of an object; the program file's fermented object is a section strip keeps).
    const stripped = path.join(dir, 'stripped.o');
    expect((await tool(CC, ['-g', '-c', '-o', stripped, path.join(dir, 'hello.c')], dir)).exitCode).toBe(0);
    expect((await tool('x86_64-unicore-kvm-strip', [stripped], dir)).exitCode).toBe(0);
    expect((await tool('x86_64-unicore-kvm-nm', [stripped], dir)).stdout).toMatch(/ T main$/m);
    const program = path.join(dir, 'stripped');
    expect((await tool(CC, ['-g', '-o', program, path.join(dir, 'hello.c')], dir)).exitCode).toBe(0);
    const before = fs.statSync(program).size;
    expect((await tool('x86_64-unicore-kvm-strip', [program], dir)).exitCode).toBe(0);
    expect(fs.statSync(program).size).toBeLessThan(before);
    const object = path.join(dir, 'stripped.program.o');
    await sh(`objcopy --dump-section .unicore.program=${object} ${program}`, dir);
    const symbols = (await tool('x86_64-unicore-kvm-nm', [object], dir)).stdout;
    expect(symbols).toMatch(/ T main$/m);
    expect(symbols).toMatch(/ T uc_main$/m);
    const cpp = await execa('x86_64-unicore-kvm-cpp', ['-P'], { input: '#include <stdio.h>\n#ifdef _NEWLIB_VERSION\nnewlib_yes\n#endif\n', env: toolchainEnv(), reject: false });
    expect(cpp.stdout).toContain('newlib_yes');
  });

  test('pkg-config looks only in the unicore sysroot, whatever the host environment says', async () => {
    const hostPc = path.join(dir, 'host-pkgconfig');
    write(hostPc, 'hostonly.pc', 'Name: hostonly\nDescription: a host library\nVersion: 1.0\nLibs: -lhostonly\n');
    const env = { ...toolchainEnv(), PKG_CONFIG_LIBDIR: hostPc };
    expect((await tool('pkg-config', ['--exists', 'hostonly'], dir, env)).exitCode).toBe(0);
    expect((await tool('x86_64-unicore-kvm-pkg-config', ['--exists', 'hostonly'], dir, env)).exitCode).not.toBe(0);
  });
});

describe('x86_64-unicore-<p>-g++ and -c++', () => {
  let dir: string;
  beforeAll(() => { dir = workdir('wrappers-cxx'); });

  const WHICH_CXX = [
    '#include <cstdio>', '#include <vector>', '#include <iostream>',
    '#ifndef _NEWLIB_VERSION', '#error not newlib', '#endif',
    '#ifdef __GLIBC__', '#error host glibc', '#endif',
    '#ifndef __unicore__', '#error no __unicore__', '#endif',
    'int main() { std::vector<int> v{1, 2}; std::cout << v.size() << std::endl; }', ''].join('\n');

  test('g++, c++ and gcc on a .cc file compile with the sysroot\'s libstdc++ and newlib, never the host\'s headers', async () => {
    const src = write(dir, 'which.cc', WHICH_CXX);
    for (const driver of ['x86_64-unicore-kvm-g++', 'x86_64-unicore-xen-c++', CC]) {
      const r = await tool(driver, ['-c', src, '-o', path.join(dir, 'which.o')], dir);
      expect({ driver, stderr: r.stderr, code: r.exitCode }).toEqual({ driver, stderr: '', code: 0 });
      const deps = await tool(driver, ['-M', src], dir);
      expect(deps.exitCode).toBe(0);
      const headers = deps.stdout.replace(/\\\n/g, ' ').split(/\s+/).filter((f) => f.endsWith('.h') || /\/c\+\+\//.test(f));
      expect(headers.filter((f) => f.startsWith('/usr/include') || /\/usr\/include\/c\+\+/.test(f))).toEqual([]);
      expect(headers.some((f) => f.includes('/lib/unicore/sysroot/c++/include/x86_64-unicore-elf/bits/c++config.h'))).toBe(true);
    }
  });

  test('g++ links -lstdc++ itself; gcc, as gcc does, does not', async () => {
    const src = write(dir, 'link.cc', WHICH_CXX);
    const gxx = await tool('x86_64-unicore-kvm-g++', ['-o', path.join(dir, 'linked'), src], dir);
    expect(gxx.exitCode).toBe(0);
    const gcc = await tool(CC, ['-o', path.join(dir, 'unlinked'), src], dir);
    expect(gcc.exitCode).toBe(1);
    expect(gcc.stderr).toContain('uses symbols unicore does not provide');
    expect(fs.existsSync(path.join(dir, 'unlinked'))).toBe(false);
    expect((await tool(CC, ['-o', path.join(dir, 'linked-by-gcc'), src, '-lstdc++'], dir)).exitCode).toBe(0);
  });

  test('-nostdinc++ leaves the C++ headers out, as with gcc', async () => {
    const src = write(dir, 'nostdinc.cc', '#include <vector>\n');
    const r = await tool('x86_64-unicore-kvm-g++', ['-nostdinc++', '-c', src, '-o', path.join(dir, 'nostdinc.o')], dir);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/vector: No such file or directory/);
  });
});

describe('a moved prefix', () => {
  test('works from a directory with a space in its name and holds no absolute prefix path', async () => {
    const original = testPrefix();
    const moved = path.join(workdir('moved'), 'my prefix');
    fs.cpSync(original, moved, { recursive: true, verbatimSymlinks: true });
    const binDir = path.join(moved, 'bin');
    const specsDir = path.join(moved, 'lib', 'unicore', 'specs');
    for (const dir of [binDir, specsDir, path.join(moved, 'share', 'unicore')]) {
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (fs.statSync(file).isFile()) expect({ file, holds: fs.readFileSync(file, 'utf8').includes(original) }).toEqual({ file, holds: false });
      }
    }
    // Only the moved prefix on PATH: the original must not be reachable.
    const env = { ...process.env, PATH: `${binDir}:${(process.env.PATH ?? '').split(':').filter((d) => !d.startsWith(original)).join(':')}` };
    const dir = path.join(path.dirname(moved), 'build here');
    fs.mkdirSync(dir);
    write(dir, 'hello.c', HELLO);
    const r = await execa(CC, ['-O2', '-o', 'hello', 'hello.c'], { cwd: dir, env, reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect((await execa('file', [path.join(dir, 'hello')])).stdout).toMatch(/executable/);
    expect((await execa(path.join(dir, 'hello'))).stdout).toBe('hi');
    // Its headers come from the moved tree.
    const deps = await execa(CC, ['-M', 'hello.c'], { cwd: dir, env });
    expect(deps.stdout.replace(/\\ /g, ' ')).toContain(path.join(moved, 'lib', 'unicore', 'sysroot'));
  });
});
