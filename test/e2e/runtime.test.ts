/**
 * The runtime seen from outside: small programs built with the wrappers, baked
 * for each platform and run with `unicore run`, checked by what the guest printed
 * and the exit status it returned.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, run, testPlatforms, workdir } from '../support/unicore';

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

interface Case {
  platform: string;
  /** Whether to push 4 MiB through stdin and stdout. */
  bulk: boolean;
}

const CASES: Case[] = [
  { platform: 'linuxu', bulk: true },
  { platform: 'kvm', bulk: true },
  { platform: 'baremetal', bulk: true },
  // A dom0 in QEMU: the channel is virtio-serial behind Xen's IOMMU (was Xen's UART, 4 KB/s in).
  { platform: 'xen', bulk: true },
];

describe.each(CASES.filter((c) => testPlatforms([c.platform]).length))('programs on $platform', ({ platform, bulk }) => {
  let dir: string;
  const images = new Map<string, string>();

  async function image(name: string, bakeFlags: string[] = []): Promise<string> {
    const key = `${name} ${bakeFlags.join(' ')}`;
    if (!images.has(key)) {
      const program = await buildProgram(name, platform, dir);
      const out = `${program}-${images.size}.${platform}`;
      images.set(key, await bake(platform, program, [...bakeFlags, '-o', out]));
    }
    return images.get(key)!;
  }

  beforeAll(() => {
    dir = workdir(`runtime-${platform}`);
  });

  test('exit(3) comes back as status 3', async () => {
    const r = await run(await image('exit_code'), { args: ['3'] });
    expect(r.stderr).not.toMatch(/crash/i);
    expect(r.exitCode).toBe(3);
  });

  test('arguments keep their spaces and quotes; stdout and stderr stay apart', async () => {
    const r = await run(await image('streams'), { args: ['bars say hi', `it's "quoted"`, ''] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString()).toBe('arg1=[bars say hi]\narg2=[it\'s "quoted"]\narg3=[]\nto stdout\n');
    expect(r.stderr).toContain('to stderr');
    expect(r.stderr).not.toContain('to stdout');
  });

  test('a NULL dereference gives a crash report and status 139', async () => {
    const started = Date.now();
    const r = await run(await image('null_deref'), { timeoutMs: 60000 });
    expect(r.stdout.toString()).toContain('about to crash');
    expect(r.stderr).toMatch(/page fault|SIGSEGV|segmentation/i);
    expect(r.exitCode).toBe(139);
    expect(Date.now() - started).toBeLessThan(30000);
  });

  test('the main stack holds 900 KiB of frames, and running off it is a crash (139)', async () => {
    const deep = await run(await image('deep_stack'), { args: ['900'], timeoutMs: 60000 });
    expect(deep.stdout.toString()).toBe('recursing 900 KiB\ndone 0\n');
    expect(deep.exitCode).toBe(0);
    const r = await run(await image('deep_stack'), { args: ['forever'], timeoutMs: 60000 });
    expect(r.stdout.toString()).toBe('recursing forever KiB\n');
    if (platform !== 'linuxu') expect(r.stderr).toMatch(/^unicore: crash: .*stack overflow/m);
    expect(r.exitCode).toBe(139);
  });

  test('W^X: text, rodata and data are separate loadable segments, none writable and executable', async () => {
    const r = await execa('readelf', ['-lW', await image('wx')]);
    const loads = r.stdout.split('\n').filter((l) => /^\s*LOAD/.test(l)).map((l) => l.trim().split(/\s+/).slice(6, -1).join(''));
    expect(loads).toEqual(['R', 'RE', 'R', 'RW']);
  });

  test('W^X: writing to a function gives a crash report and status 139', async () => {
    const r = await run(await image('wx'), { args: ['write-text'], timeoutMs: 60000 });
    expect(r.stdout.toString()).toBe('trying write-text\n');
    expect(r.stderr).toMatch(platform === 'linuxu' ? /^unicore: crash: SIGSEGV .* at address 0x/m : /^unicore: crash: page fault \(#PF\): write to a read-only page$/m);
    expect(r.exitCode).toBe(139);
  });

  test('W^X: running code from writable data gives a crash report and status 139', async () => {
    const r = await run(await image('wx'), { args: ['exec-data'], timeoutMs: 60000 });
    expect(r.stdout.toString()).toBe('trying exec-data\n');
    expect(r.stderr).toMatch(platform === 'linuxu' ? /^unicore: crash: SIGSEGV .* at address 0x/m : /^unicore: crash: page fault \(#PF\): execute from a non-executable page$/m);
    expect(r.exitCode).toBe(139);
  });

  test('a file from --rootfs is read', async () => {
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'data'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data', 'in.txt'), 'line one\nline two\n');
    const img = await image('cat_file', ['--rootfs', root, '--cmdline', '/data/in.txt']);
    const r = await run(img);
    expect(r.stdout.toString()).toBe('line one\nline two\n');
    expect(r.exitCode).toBe(0);
  });

  test('a line piped to stdin is read, then end of input', async () => {
    const r = await run(await image('read_line'), { input: '2+2\n' });
    expect(r.stdout.toString()).toBe('got: 2+2\nend of input\n');
    expect(r.exitCode).toBe(0);
  });

  test('the in-memory filesystem is writable', async () => {
    const r = await run(await image('files'));
    expect(r.stdout.toString()).toBe('files ok\n');
    expect(r.exitCode).toBe(0);
  });

  (bulk ? test : test.skip)('4 MiB of every byte value go through stdin and back, with stderr apart and the exit status, in seconds', async () => {
    const blob = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), crypto.randomBytes(4 << 20)]);
    const started = Date.now();
    const r = await run(await image('copy'), { input: blob, args: ['7'], timeoutMs: 300000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toContain(`copied ${blob.length} bytes\n`);
    expect(r.stdout.length).toBe(blob.length);
    expect(sha(r.stdout)).toBe(sha(blob));
    // Boot included (Xen's about 10 s in TCG); over a UART this took minutes.
    expect(seconds).toBeLessThan(90);
  });
});
