/**
 * The pure parts of `unicore setup` and the toolchain generator: the generated
 * wrappers, specs, notes and env text, newlib's header repairs, the platform
 * list, and the files the installed CLI needs beside its code.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { listFiles } from '../../lib/fsutil';
import { shQuote } from '../../lib/shell';
import { fixHeaderText, NEWLIB_HEADER_FIXES } from '../../setup/newlib-headers';
import { cliAssets, LAUNCHERS, launcherText } from '../../setup/node-install';
import { parsePlatforms } from '../../setup/setup';
import { parseUpcalls, readInputs, renderToolchainFiles, TOOLS } from '../../toolchain';
import { envText } from '../../toolchain/env';
import { specWord } from '../../toolchain/specs';

const REPO = path.resolve(__dirname, '..', '..');

describe('generated files (pure generator)', () => {
  const info = {
    toolchain: '0.1.0', abi: '1.0.0', libc: 'newlib-3.3.0', cc: '/opt/my gcc/bin/gcc', ccVersion: '12.2.0',
    ld: '/usr/bin/ld', libgcc: '/opt/my gcc/lib/libgcc.a', gccInclude: '/opt/my gcc/include', gccIncludeFixed: 'include-fixed',
  };
  const files = renderToolchainFiles(info, ['kvm', 'xen'], readInputs());
  const byPath = new Map(files.map((f) => [f.path, f]));

  test('one executable wrapper per platform and tool, notes, specs and config.site', () => {
    for (const p of ['kvm', 'xen']) {
      for (const t of TOOLS) expect(byPath.get(`bin/x86_64-unicore-${p}-${t}`)?.mode).toBe(0o755);
      expect(byPath.get(`lib/unicore/notes/${p}.S`)?.text).toContain(`platform=${p}\\n`);
    }
    for (const f of ['compile.specs', 'ferment.specs', 'clang.flags']) expect(byPath.has(`lib/unicore/specs/${f}`)).toBe(true);
    expect(byPath.get('share/unicore/config.site')?.text).toContain('ac_cv_host=$host_alias');
  });

  test('paths with spaces are quoted for sh and escaped for specs; a relative include-fixed is left out', () => {
    expect(byPath.get('bin/x86_64-unicore-kvm-gcc')!.text).toContain("cc='/opt/my gcc/bin/gcc'");
    const compile = byPath.get('lib/unicore/specs/compile.specs')!.text;
    expect(compile).toContain('-idirafter /opt/my\\ gcc/include ');
    expect(compile).not.toContain('include-fixed');
    expect(compile).not.toMatch(/^#/m);
    expect(byPath.get('lib/unicore/specs/ferment.specs')!.text).toContain('/opt/my\\ gcc/lib/libgcc.a');
  });

  test('setup --cc clang: the C drivers run clang with its flags files, the C++ drivers g++, gcc\'s libgcc after the user\'s arguments', () => {
    const clang = renderToolchainFiles({ ...info, cxx: '/opt/my gcc/bin/g++', clang: '/opt/llvm/bin/clang', clangVersion: '14.0.6' },
      ['kvm'], readInputs());
    const clangByPath = new Map(clang.map((f) => [f.path, f]));
    for (const t of ['cc', 'gcc', 'cpp']) {
      const text = clangByPath.get(`bin/x86_64-unicore-kvm-${t}`)!.text;
      expect(text).toContain('cc=/opt/llvm/bin/clang\n');
      expect(text).toContain('driver=clang');
    }
    expect(clangByPath.get('bin/x86_64-unicore-kvm-g++')!.text).toContain("cc='/opt/my gcc/bin/g++'\n");
    expect(clangByPath.get('bin/x86_64-unicore-kvm-g++')!.text).toContain('driver=gcc');
    expect(clangByPath.get('bin/x86_64-unicore-kvm-gcc')!.text)
      .toContain("-x none -Xlinker --start-group -lunicore -llwip -lc -lm '/opt/my gcc/lib/libgcc.a' -Xlinker --end-group");
    const ferment = clangByPath.get('lib/unicore/specs/clang-ferment.flags')!.text;
    expect(ferment.split('\n')).toEqual(expect.arrayContaining(['-nostdlib', '-static', '-r', '-Wl,-u,main']));
    expect(ferment).not.toMatch(/^#/m);
    // gcc's wrappers carry no clang library group.
    expect(byPath.get('bin/x86_64-unicore-kvm-gcc')!.text).toContain('driver=gcc');
    expect(byPath.get('bin/x86_64-unicore-kvm-gcc')!.text).not.toContain('-lunicore');
  });

  test('C++ drivers only when setup built libstdc++; they run the backend g++ with the sysroot C++ headers first', () => {
    expect(byPath.has('bin/x86_64-unicore-kvm-g++')).toBe(false);
    const cxx = renderToolchainFiles({ ...info, cxx: '/opt/my gcc/bin/g++', libgccEh: '/opt/my gcc/lib/libgcc_eh.a' }, ['kvm'], readInputs());
    const cxxByPath = new Map(cxx.map((f) => [f.path, f]));
    for (const t of ['g++', 'c++']) {
      expect(cxxByPath.get(`bin/x86_64-unicore-kvm-${t}`)?.text).toContain("cc='/opt/my gcc/bin/g++'");
    }
    expect(cxxByPath.get('bin/x86_64-unicore-kvm-gcc')?.text).toContain("cc='/opt/my gcc/bin/gcc'");
    const compile = cxxByPath.get('lib/unicore/specs/compile.specs')!.text;
    // cc1plus: libstdc++'s directories as -isystem (before the C ones, which are -idirafter), unless -nostdinc++.
    expect(compile).toMatch(/\*cc1plus:\n%\{!nostdinc\+\+:-isystem %:getenv\(UNICORE_ROOT \/lib\/unicore\/sysroot\/c\+\+\/include\) /);
    expect(compile).toContain('sysroot/c++/include/x86_64-unicore-elf)');
    expect(cxxByPath.get('lib/unicore/specs/ferment.specs')!.text).toContain('/opt/my\\ gcc/lib/libgcc.a /opt/my\\ gcc/lib/libgcc_eh.a');
  });

  test('no template placeholder is left unfilled', () => {
    for (const f of files) expect(f.text).not.toMatch(/@[A-Z][A-Z0-9_]*@/);
  });

  test('env text puts the prefix bin first and survives quotes in the path', async () => {
    const text = envText("/tmp/it's here", 'PATH=@BIN@:"$PATH"; export PATH\nCONFIG_SITE=@CONFIG_SITE@; export CONFIG_SITE\n');
    const r = await execa('sh', ['-c', `${text}\nprintf '%s\\n' "$PATH" "$CONFIG_SITE"`], { env: { PATH: '/usr/bin:/bin' } });
    expect(r.stdout.split('\n')).toEqual(["/tmp/it's here/bin:/usr/bin:/bin", "/tmp/it's here/share/unicore/config.site"]);
    expect(shQuote('a b')).toBe("'a b'");
  });
});

describe('toolchain pieces', () => {
  test('upcalls: one symbol a line, comments dropped, odd names refused', () => {
    expect(parseUpcalls('# the entry\nmain\n  uc_main # upcall\n\n')).toEqual(['main', 'uc_main']);
    expect(() => parseUpcalls('main; rm -rf /')).toThrow(/bad symbol name/);
  });

  test('upcalls.txt keeps every upcall plat.h declares (uc_main, uc_crash, uc_preempt_tick, uc_fault)', () => {
    const components = path.resolve(__dirname, '..', '..', 'components');
    const plat = fs.readFileSync(path.join(components, 'include', 'unicore', 'plat.h'), 'utf8');
    const declared = [...plat.matchAll(/^(?:_Noreturn\s+)?\w+\s+(uc_\w+)\(/gm)].map((m) => m[1]);
    expect(declared).toEqual(expect.arrayContaining(['uc_main', 'uc_crash', 'uc_preempt_tick', 'uc_fault']));
    const upcalls = parseUpcalls(fs.readFileSync(path.join(components, 'upcalls.txt'), 'utf8'));
    expect(upcalls).toEqual(expect.arrayContaining(declared));
  });

  test('newlib header repairs: strerror_r is always the int one; siginfo_t has si_addr; sa_sigaction exists', () => {
    const strerror = NEWLIB_HEADER_FIXES.find((f) => f.file === 'string.h')!;
    const text = '#if __GNU_VISIBLE\nchar\t*strerror_r (int, char *, size_t);\n#elif __POSIX_VISIBLE >= 200112\n# ifdef __GNUC__\n';
    expect(fixHeaderText(strerror, text)).toBe('#if __POSIX_VISIBLE >= 200112 || __GNU_VISIBLE\n# ifdef __GNUC__\n');
    const signal = NEWLIB_HEADER_FIXES.find((f) => f.file === 'sys/signal.h')!;
    expect(signal.replace!.map(([, to]) => to).join('')).toMatch(/void +\*si_addr;[\s\S]*#define sa_sigaction/);
  });

  test('spec words escape blanks and backslashes and double %', () => {
    expect(specWord('/a b/c\\d%e')).toBe('/a\\ b/c\\\\d%%e');
  });
});

describe('newlib header repairs', () => {
  const sysTypes = NEWLIB_HEADER_FIXES.find((f) => f.file === 'sys/types.h')!;

  test('sys/types.h includes sys/select.h at its end, under __BSD_VISIBLE', () => {
    const text = '#include <machine/endian.h>\n#include <sys/select.h>\n...\n#include <machine/types.h>\n';
    const fixed = fixHeaderText(sysTypes, text);
    expect(fixed).toBe('#include <machine/endian.h>\n...\n#include <machine/types.h>\n#if __BSD_VISIBLE\n#include <sys/select.h>\n#endif\n');
  });

  test('a header that is not as expected fails loudly', () => {
    expect(() => fixHeaderText(sysTypes, '#include <sys/select.h>\n')).toThrow(/newlib's sys\/types.h is not as expected/);
  });
});

describe('setup inputs', () => {
  test('--platforms: commas or blanks; unknown and empty lists are refused', () => {
    expect(parsePlatforms(undefined)).toEqual(['xen', 'kvm', 'baremetal', 'linuxu']);
    expect(parsePlatforms('kvm, linuxu')).toEqual(['kvm', 'linuxu']);
    expect(() => parsePlatforms('kvm,vax')).toThrow(/unknown platform 'vax': valid platforms are xen, kvm, baremetal, linuxu/);
    expect(() => parsePlatforms(',')).toThrow(/--platforms is empty/);
  });

  test('every file the CLI reads beside its code is installed with it', () => {
    const assets = cliAssets(REPO);
    const sources = ['bin', 'lib', 'setup', 'toolchain', 'bake', 'run']
      .flatMap((dir) => listFiles(path.join(REPO, dir), (rel) => !rel.includes('.') || rel.endsWith('.ts')).map((rel) => path.join(REPO, dir, rel)));
    const read = new Set<string>();
    for (const file of sources) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'((?:bake|setup|wrappers|specs|components)\/[\w./-]*\.[a-z]+|package\.json)'/g)) read.add(m[1]);
    }
    expect(read.size).toBeGreaterThan(8);
    for (const rel of read) expect(assets).toContain(rel);
    expect(assets).toContain('package-lock.json');
  });

  test('the prefix launcher runs the installed script', () => {
    const text = launcherText(fs.readFileSync(path.join(REPO, 'setup', 'templates', 'prefix-launcher.sh'), 'utf8'), { name: 'unicore', script: 'unicore.js' });
    expect(text).toContain('exec node "$bin/../lib/unicore/node/bin/unicore.js" "$@"');
    expect(text).not.toMatch(/@[A-Z]+@/);
  });

  test('unicore goes through the native launcher for run only, unicore-bake through its native helper always', () => {
    const template = fs.readFileSync(path.join(REPO, 'setup', 'templates', 'prefix-launcher.sh'), 'utf8');
    const [unicoreLauncher, bakeLauncher] = LAUNCHERS;
    const unicore = launcherText(template, unicoreLauncher);
    expect(unicore).toContain('if [ "$1" = run ] && [ "${UNICORE_RUN_NATIVE-}" != 0 ] && [ -x "$bin/../lib/unicore/libexec/unicore-run" ]; then');
    expect(unicore).toContain('exec "$bin/../lib/unicore/libexec/unicore-run" "$bin/../lib/unicore/node/bin/unicore.js" "$@"');
    expect(unicore).not.toContain('libexec/unicore-bake');
    const bake = launcherText(template, bakeLauncher);
    expect(bake).toContain('if [ "${UNICORE_BAKE_NATIVE-}" != 0 ] && [ -x "$bin/../lib/unicore/libexec/unicore-bake" ]; then');
    expect(bake).toContain('exec "$bin/../lib/unicore/libexec/unicore-bake" "$bin/../lib/unicore/node/bin/unicore-bake.js" "$@"');
    expect(bake).toContain('exec node "$bin/../lib/unicore/node/bin/unicore-bake.js" "$@"');
    expect(bake).not.toContain('unicore-run');
    expect(bake).not.toMatch(/@[A-Z]+@/);
  });
});
