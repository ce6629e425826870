/**
 * C++ on every platform (issue 14): the programs of test/programs/cxx_*.cc,
 * built with x86_64-unicore-kvm-g++ (a program linked by one platform's
 * wrapper bakes for any platform), run with `unicore run`, and compared with
 * the same sources built by the host's g++ and run natively where the output
 * is deterministic: stdout byte for byte, and the exit status.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import execa from 'execa';
import { bake, buildPackage, DISTFILES, PROGRAMS, run, sh, sharedPackage, toolchainEnv, workdir } from '../support/unicore';

interface Program {
  name: string;
  /** Sources in test/programs: .cc files, and .c files compiled by the C compiler with -fexceptions. */
  sources: string[];
  input?: string;
  /** When the output cannot match Linux's: what the guest must print instead. */
  expected?: { stdout: string; status: number };
}

const CXX_PROGRAMS: Program[] = [
  { name: 'cxx_exceptions', sources: ['cxx_exceptions.cc', 'cxx_exceptions_other.cc', 'cxx_exceptions_c.c'] },
  { name: 'cxx_terminate', sources: ['cxx_terminate.cc'] },
  { name: 'cxx_lifetime', sources: ['cxx_lifetime.cc'] },
  { name: 'cxx_objects', sources: ['cxx_objects.cc'] },
  { name: 'cxx_library', sources: ['cxx_library.cc'], input: '12 apples 30 pears\n' },
  { name: 'cxx_threads', sources: ['cxx_threads.cc'] },
];

const PLATFORMS = ['linuxu', 'kvm', 'baremetal', 'xen'];
const FLAGS = ['-O2', '-Wall'];

/** Compiles each source (C ones with -fexceptions) and links with the C++ driver. */
async function build(cxx: string, cc: string, p: Program, out: string, env: NodeJS.ProcessEnv): Promise<void> {
  const objects: string[] = [];
  for (const src of p.sources) {
    const obj = path.join(path.dirname(out), `${path.basename(out)}-${src}.o`);
    const isC = src.endsWith('.c');
    await execa(isC ? cc : cxx, [...FLAGS, ...(isC ? ['-fexceptions'] : []), '-c', '-o', obj, path.join(PROGRAMS, src)], { env });
    objects.push(obj);
  }
  await execa(cxx, ['-o', out, ...objects], { env });
}

describe('C++ programs', () => {
  let dir: string;
  const programs = new Map<string, string>();
  const native = new Map<string, { stdout: string; stderr: string; status: number }>();

  beforeAll(async () => {
    dir = workdir('cxx');
    for (const p of CXX_PROGRAMS) {
      const out = path.join(dir, p.name);
      await build('x86_64-unicore-kvm-g++', 'x86_64-unicore-kvm-gcc', p, out, toolchainEnv());
      programs.set(p.name, out);
      if (p.expected) continue;
      // The same sources, built and run on the host as a Linux program, in a directory of its own.
      const nativeDir = fs.mkdtempSync(path.join(dir, `native-${p.name}-`));
      const exe = path.join(nativeDir, p.name);
      await build('g++', 'gcc', p, exe, process.env);
      const stdin = p.input === undefined ? { stdin: 'ignore' as const } : { input: p.input };
      const r = await execa(exe, [], { cwd: nativeDir, ...stdin, reject: false, stripFinalNewline: false });
      // Killed by a signal (abort): the shell's 128 + signal number, as unicore run reports it.
      const status = r.signal ? 128 + os.constants.signals[r.signal as NodeJS.Signals] : r.exitCode;
      native.set(p.name, { stdout: r.stdout, stderr: r.stderr, status });
    }
  }, 600000);

  test('the programs are program files (executables carrying .unicore.program); the native builds ran', async () => {
    expect(native.get('cxx_objects')).toEqual(expect.objectContaining({ status: 0, stdout: expect.stringMatching(/^typeid: /) }));
    for (const p of CXX_PROGRAMS) {
      expect(fs.readFileSync(programs.get(p.name)!).subarray(16, 18).readUInt16LE()).toBe(2);  // ET_EXEC
      expect((await execa('readelf', ['-S', '-W', programs.get(p.name)!])).stdout).toContain('.unicore.program');
    }
    expect(native.get('cxx_exceptions')?.status).toBe(0);
    expect(native.get('cxx_terminate')?.status).toBe(134);
    expect(native.get('cxx_lifetime')?.status).toBe(7);
  });

  // The C++ driver's link output runs on the build machine (docs/architecture.md,
  // "The program file"): libstdc++ and the unwinder are in it.
  test.each(CXX_PROGRAMS.filter((p) => !p.expected).map((p) => [p.name, p] as const))(
    '%s run unbaked as ./prog behaves as the native build', async (_name, p) => {
      const stdin = p.input === undefined ? { stdin: 'ignore' as const } : { input: p.input };
      const r = await execa(programs.get(p.name)!, [], { cwd: dir, ...stdin, reject: false, stripFinalNewline: false });
      const status = r.signal ? 128 + os.constants.signals[r.signal as NodeJS.Signals] : r.exitCode;
      expect({ stdout: r.stdout, status }).toEqual({ stdout: native.get(p.name)!.stdout, status: native.get(p.name)!.status });
    });

  describe.each(PLATFORMS)('on %s', (platform) => {
    test.each(CXX_PROGRAMS.map((p) => [p.name, p] as const))('%s behaves as on Linux', async (_name, p) => {
      const image = await bake(platform, programs.get(p.name)!, ['-o', `${programs.get(p.name)}.${platform}`]);
      const r = await run(image, { input: p.input ?? '', timeoutMs: 180000 });
      const want = p.expected ?? { stdout: native.get(p.name)!.stdout, status: native.get(p.name)!.status };
      expect(r.stdout.toString()).toBe(want.stdout);
      expect(r.exitCode).toBe(want.status);
      if (p.name === 'cxx_terminate') {
        // libstdc++'s verbose terminate handler, then abort's crash report.
        expect(r.stderr).toContain("terminate called after throwing an instance of 'std::runtime_error'\n  what():  nobody catches this\n");
        expect(r.stderr).toMatch(/SIGABRT|abort/i);
      }
      if (p.name === 'cxx_library') expect(r.stderr).toContain('to stderr\n');
    }, 300000);
  });
});

/** xmltest's verdict line, e.g. "Pass 414, Fail 0". */
function verdict(stdout: string): string | undefined {
  return /^Pass \d+, Fail \d+$/m.exec(stdout)?.[0];
}

describe('TinyXML-2 9.0.0 (plain Makefile, make CXX=x86_64-unicore-kvm-g++)', () => {
  test('xmltest baked with its resources/ as rootfs passes every test, as natively', async () => {
    const dir = workdir('tinyxml2');
    const [xmltest] = await buildPackage('tinyxml2', 'kvm', dir);
    const root = path.join(dir, 'root');
    fs.mkdirSync(root);
    fs.cpSync(path.join(path.dirname(xmltest), 'resources'), path.join(root, 'resources'), { recursive: true });
    fs.mkdirSync(path.join(root, 'resources', 'out'), { recursive: true });

    const nativeDir = path.join(dir, 'native');
    fs.mkdirSync(nativeDir);
    const built = await sh(`tar -xf ${DISTFILES}/tinyxml2-9.0.0.dfsg.tar.xz && cd tinyxml2-9.0.0 && make xmltest >/dev/null 2>&1 && ./xmltest`,
      nativeDir, process.env);
    expect(built.exitCode).toBe(0);
    expect(verdict(built.stdout)).toMatch(/, Fail 0$/);

    const image = await bake('kvm', xmltest, ['--rootfs', root, '-o', `${xmltest}.kvm`]);
    const r = await run(image, { timeoutMs: 240000 });
    expect(verdict(r.stdout.toString())).toBe(verdict(built.stdout));
    expect(r.exitCode).toBe(0);
  }, 600000);
});

describe('a C++ program over zlib built with the toolchain', () => {
  test('links against libz.a and round-trips data on kvm and linuxu', async () => {
    const dir = workdir('cxx-zlib');
    const { tree: zdir } = await sharedPackage('zlib', 'kvm', dir);
    const out = path.join(dir, 'cxx_zlib');
    await execa('x86_64-unicore-kvm-g++', [...FLAGS, `-I${zdir}`, '-o', out, path.join(PROGRAMS, 'cxx_zlib.cc'), `-L${zdir}`, '-lz'],
      { env: toolchainEnv() });
    for (const platform of ['kvm', 'linuxu']) {
      const r = await run(await bake(platform, out, ['-o', `${out}.${platform}`]));
      // 5800 bytes and their CRC-32 as Python's zlib computes them for the same text.
      expect(r.stdout.toString()).toBe('zlib 1.2.13: 5800 bytes -> smaller: 1, round trip equal: 1, crc32 661918e0\n'
        + 'caught: inflate failed: incorrect header check\n');
      expect(r.exitCode).toBe(0);
    }
  }, 600000);
});
