/**
 * CMake and Meson: the toolchain file and cross file `unicore setup` writes per
 * platform (named by `unicore env`) cross-build unmodified upstream software;
 * the programs are baked for kvm and booted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DISTFILES, PROGRAMS, bake, buildPackage, run, sh, testPrefix, workdir } from '../support/unicore';

describe('unicore env names the CMake and Meson files', () => {
  test('UNICORE_CMAKE_DIR and UNICORE_MESON_DIR hold a file per platform', async () => {
    const r = await sh('eval "$(unicore env)" && printf "%s\\n" "$UNICORE_CMAKE_DIR" "$UNICORE_MESON_DIR"', testPrefix());
    expect(r.exitCode).toBe(0);
    const [cmakeDir, mesonDir] = r.stdout.split('\n');
    expect(cmakeDir).toBe(path.join(testPrefix(), 'share', 'unicore', 'cmake'));
    expect(fs.readFileSync(path.join(cmakeDir, 'x86_64-unicore-kvm.cmake'), 'utf8')).toContain('x86_64-unicore-kvm-gcc');
    expect(fs.readFileSync(path.join(mesonDir, 'x86_64-unicore-kvm.ini'), 'utf8')).toContain("bin = 'x86_64-unicore-kvm-'");
    expect(fs.readFileSync(path.join(cmakeDir, 'x86_64-unicore-kvm.cmake'), 'utf8')).not.toContain(testPrefix());
  });
});

describe('cJSON 1.7.15 with CMake', () => {
  let dir: string;
  let programs: string[];

  beforeAll(async () => {
    expect(fs.existsSync(path.join(DISTFILES, 'cJSON-1.7.15.tar.gz'))).toBe(true);
    dir = workdir('cjson');
    programs = await buildPackage('cjson', 'kvm', dir);
  });

  test('CMake built unbaked program files with the unicore compiler', async () => {
    const files = path.join(dir, 'cJSON-1.7.15', 'build', 'CMakeFiles');
    const version = fs.readdirSync(files).find((n) => /^\d+\./.test(n))!;
    const compiler = fs.readFileSync(path.join(files, version, 'CMakeCCompiler.cmake'), 'utf8');
    expect(compiler).toContain(`set(CMAKE_C_COMPILER "${path.join(testPrefix(), 'bin', 'x86_64-unicore-kvm-gcc')}")`);
    // The program file (docs/architecture.md): the linuxu executable, its notes in .note.
    const r = await sh(`file '${programs[0]}' && readelf -p .note '${programs[0]}'`, dir);
    expect(r.stdout).toMatch(/ELF 64-bit LSB executable, x86-64/);
    expect(r.stdout).toContain('platform=kvm');
  });

  test('cJSON_test boots on kvm and prints the parsed documents', async () => {
    const image = await bake('kvm', programs.find((p) => p.endsWith('/cJSON_test'))!);
    const r = await run(image);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString()).toContain('"name":\t"Jack (\\"Bee\\") Nimble"');
  });

  test('the Unity suites pass on kvm', async () => {
    // parse_examples reads inputs/ relative to its directory: that is the rootfs.
    const rootfs = path.join(dir, 'rootfs');
    fs.cpSync(path.join(dir, 'cJSON-1.7.15', 'tests', 'inputs'), path.join(rootfs, 'inputs'), { recursive: true });
    const suites = programs.filter((p) => p.includes('/tests/'));
    expect(suites.length).toBeGreaterThanOrEqual(9);
    for (const suite of suites) {
      const image = await bake('kvm', suite, ['--rootfs', rootfs]);
      const r = await run(image);
      const out = r.stdout.toString();
      expect({ suite: path.basename(suite), out: out.slice(-300), status: r.exitCode })
        .toEqual({ suite: path.basename(suite), out: expect.stringMatching(/\d+ Tests 0 Failures \d+ Ignored\s+OK\s*$/), status: 0 });
    }
  });
});

describe('a Meson project with the cross file', () => {
  test('meson setup + ninja build a program that boots on kvm', async () => {
    const dir = workdir('meson');
    fs.copyFileSync(path.join(PROGRAMS, 'show_args.c'), path.join(dir, 'show_args.c'));
    fs.writeFileSync(path.join(dir, 'meson.build'), "project('show', 'c')\nexecutable('show_args', 'show_args.c')\n");
    const r = await sh('eval "$(unicore env)" && meson setup --cross-file "$UNICORE_MESON_DIR/x86_64-unicore-kvm.ini" build >/dev/null ' +
      '&& ninja -C build', dir);
    expect(r.stderr + r.stdout).not.toMatch(/error/i);
    expect(r.exitCode).toBe(0);
    const image = await bake('kvm', path.join(dir, 'build', 'show_args'));
    const out = await run(image, { args: ['from meson'] });
    expect(out.stdout.toString()).toBe('1:10:from meson\n');
    expect(out.exitCode).toBe(0);
  });
});

describe('TinyXML-2 9.0.0 with Meson (C++)', () => {
  test('its meson.build with the cross file builds xmltest, which passes every test on kvm', async () => {
    const dir = workdir('tinyxml2-meson');
    const [xmltest] = await buildPackage('tinyxml2-meson', 'kvm', dir);
    const ninja = fs.readFileSync(path.join(path.dirname(xmltest), 'build.ninja'), 'utf8');
    expect(ninja).toMatch(/x86_64-unicore-kvm-g\+\+/);
    expect((await sh(`readelf -p .note '${xmltest}'`, dir)).stdout).toContain('platform=kvm');
    // xmltest reads resources/ (meson.build copied it into the build directory) and writes resources/out/.
    const root = path.join(dir, 'root');
    fs.cpSync(path.join(path.dirname(xmltest), 'resources'), path.join(root, 'resources'), { recursive: true });
    fs.mkdirSync(path.join(root, 'resources', 'out'), { recursive: true });
    const image = await bake('kvm', xmltest, ['--rootfs', root]);
    const r = await run(image, { timeoutMs: 240000 });
    expect(/^Pass \d+, Fail \d+$/m.exec(r.stdout.toString())?.[0]).toMatch(/^Pass [1-9]\d{2}, Fail 0$/);
    expect(r.exitCode).toBe(0);
  }, 600000);
});
