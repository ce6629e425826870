/**
 * Real upstream software from ../shared/distfiles, built unpatched with the
 * recipes in packages/, baked and booted.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import execa from 'execa';
import { bake, buildPackage, run, sh, sharedPackage, workdir } from '../support/unicore';

const QEMU_DIRECT = [
  '-accel', 'tcg', '-m', '128', '-display', 'none', '-nodefaults', '-no-reboot',
  '-serial', 'stdio', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
];

/** QEMU's exit status for a guest status written to isa-debug-exit. */
const debugExit = (status: number) => (status << 1) | 1;

describe('GNU hello 2.10', () => {
  let dir: string;
  let hello: Record<string, string>;
  let trees: Record<string, string>;

  beforeAll(async () => {
    dir = workdir('hello');
    hello = {};
    trees = {};
    for (const platform of ['kvm', 'xen', 'baremetal', 'linuxu']) {
      const built = await sharedPackage('hello', platform, path.join(dir, platform));
      [hello[platform]] = built.programs;
      trees[platform] = built.tree;
    }
  });

  // The recipe is the mission's own command: ./configure --host=x86_64-unicore-<p> && make -j$(nproc).
  test.each(['kvm', 'xen', 'baremetal', 'linuxu'])('for %s, make produced an unbaked program with its recipe that runs on the build machine', async (platform) => {
    const program = hello[platform];
    expect((await sh(`file '${program}'`, dir)).stdout).toMatch(/ELF 64-bit LSB executable, x86-64/);
    expect((await sh(`readelf -S '${program}'`, dir)).stdout).toContain('.unicore.program');
    expect((await sh(`'${program}' -g here`, dir)).stdout).toBe('here');
    expect((await sh(`readelf -p .note '${program}'`, dir)).stdout).toContain(`platform=${platform}`);
  });

  test('make -j1 after make clean builds what the recipe\'s make -j$(nproc) built', async () => {
    const tree = path.join(dir, 'kvm-j1');
    const r = await sh(`cp -a '${trees.kvm}' '${tree}' && cd '${tree}' && make clean >/dev/null && make -j1`, dir);
    if (r.exitCode !== 0) throw new Error(`hello for kvm (make -j1) failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    const symbols = async (program: string) => (await sh(`nm '${program}' | awk '$2 ~ /[TDBR]/ {print $3}' | sort`, dir)).stdout;
    expect(await symbols(path.join(tree, 'hello'))).toBe(await symbols(hello.kvm));
    expect((await symbols(hello.kvm)).split('\n')).toContain('main');
  });

  test.each(['kvm', 'linuxu'])('on %s it greets as asked and exits 0', async (platform) => {
    const image = await bake(platform, hello[platform]);
    const r = await run(image, { args: ['--greeting=bars say hi'] });
    expect(r.stdout.toString()).toBe('bars say hi\n');
    expect(r.exitCode).toBe(0);
  });

  // MIN_MEM_MIB: the main stack comes from the heap, so the image reserves no megabyte for it.
  test.each(['kvm', 'baremetal', 'xen'])('on %s it runs in 2 MiB (--mem 2M)', async (platform) => {
    const image = await bake(platform, hello[platform]);
    const r = await run(image, { runFlags: ['--mem', '2M'], args: ['--greeting=small'], timeoutMs: 240000 });
    expect(r.stdout.toString()).toBe('small\n');
    expect(r.exitCode).toBe(0);
  });

  // The native build: Debian's own of the same GNU hello 2.10 (bin/install-system-packages installs it).
  test('on kvm, --help starts like a native build', async () => {
    // argv[0] "hello", as a shell gives it from PATH (the guest's is the program's name).
    const native = await execa('/usr/bin/hello', ['--help'], { argv0: 'hello', env: { ...process.env, LC_ALL: 'C' }, reject: false });
    expect(native.exitCode).toBe(0);
    expect(native.stdout).toMatch(/^Usage: hello \[OPTION\]/);
    const r = await run(`${hello.kvm}.kvm`, { args: ['--help'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString().split('\n')[0]).toBe(native.stdout.split('\n')[0]);
  });

  test('on real Xen 4.17 (PVH dom0 in QEMU) it greets and returns 0', async () => {
    const image = await bake('xen', hello.xen);
    const r = await run(image, { args: ['--greeting=bars say hi'] });
    expect(r.stdout.toString()).toBe('bars say hi\n');
    expect(r.stderr).not.toMatch(/Xen version/);  // Xen's boot log stays out of the app's streams
    expect(r.exitCode).toBe(0);
  });

  test('the xen image also boots with QEMU\'s own PVH loader', async () => {
    const image = `${hello.xen}.xen`;
    const r = await execa('timeout', ['60', 'qemu-system-x86_64', ...QEMU_DIRECT, '-kernel', image,
      '-append', `--greeting='hi from pvh'`], { reject: false });
    expect(r.stdout).toContain('hi from pvh');
    expect(r.exitCode).toBe(debugExit(0));
  });

  describe('baremetal ISO', () => {
    let iso: string;

    beforeAll(async () => {
      iso = path.join(dir, 'hello.iso');
      await bake('baremetal', hello.baremetal, ['-o', iso, '--iso', '--cmdline', '--greeting=metal']);
    });

    test('boots through SeaBIOS and GRUB with no -kernel and greets on COM1', async () => {
      const r = await execa('timeout', ['120', 'qemu-system-x86_64', ...QEMU_DIRECT, '-cdrom', iso], { reject: false });
      expect(r.stdout).toContain('metal');
      expect(r.exitCode).toBe(debugExit(0));
    });

    test('unicore run returns its exit status and the screen shows the greeting', async () => {
      const png = path.join(dir, 'screen.png');
      const text = path.join(dir, 'screen.txt');
      const r = await run(iso, { runFlags: ['--screenshot', png, '--screen-text', text] });
      expect(r.exitCode).toBe(0);
      expect(r.stdout.toString()).toContain('metal');
      expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(fs.readFileSync(text, 'utf8')).toContain('metal');
    });

    test('two bakes with the same SOURCE_DATE_EPOCH give identical bytes', async () => {
      const again = (out: string) => sh(
        `SOURCE_DATE_EPOCH=1700000000 unicore-bake baremetal ${hello.baremetal} -o ${out} --iso --cmdline --greeting=metal`, dir);
      expect((await again('a.iso')).exitCode).toBe(0);
      expect((await again('b.iso')).exitCode).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'a.iso')).equals(fs.readFileSync(path.join(dir, 'b.iso')))).toBe(true);
    });
  });
});

describe('Lua 5.4.4 (plain Makefile)', () => {
  test('lua -e "print(2^10)" prints 1024.0 on kvm', async () => {
    const [lua] = await buildPackage('lua', 'kvm', workdir('lua'));
    const image = await bake('kvm', lua);
    const r = await run(image, { args: ['-e', 'print(2^10)'] });
    expect(r.stdout.toString()).toBe('1024.0\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('zlib 1.2.13 (own configure script)', () => {
  let programs: string[];

  beforeAll(async () => {
    ({ programs } = await sharedPackage('zlib', 'kvm', workdir('zlib')));
  });

  test('its example program passes, writing a .gz file in RAM', async () => {
    const image = await bake('kvm', programs[0]);
    const r = await run(image);
    expect(r.stdout.toString()).toContain('gzread(): hello, hello!');
    expect(r.stdout.toString()).toContain('inflate with dictionary: hello, hello!');
    expect(r.exitCode).toBe(0);
  });

  test('minigzip compresses stdin into a gzip stream the host can read', async () => {
    const image = await bake('kvm', programs[1]);
    const text = 'unikernels compress too\n'.repeat(1000);
    const r = await run(image, { input: text });
    expect(r.exitCode).toBe(0);
    expect(zlib.gunzipSync(r.stdout).toString()).toBe(text);
  });
});
