/**
 * The core of the POSIX layer seen from a program (test/programs/posix_core.c):
 * clocks and sleeping (CPU time leaves idle time out), the environment from baked `unicore.env=` options,
 * sysconf/uname/mmap/descriptors, poll and select timeouts, signals and
 * alarm, abort, stack smashing, atexit and stdio flushing at exit, and the
 * warning for an unknown boot option; on each platform, booted for real.
 */
import * as path from 'path';
import { bake, buildProgram, PROGRAMS, run, sh, workdir } from '../support/unicore';

const PLATFORMS = ['linuxu', 'kvm', 'xen'];

describe.each(PLATFORMS)('POSIX core on %s', (platform) => {
  let dir: string;
  let program: string;
  const images = new Map<string, string>();

  /** posix_core baked with the given --cmdline (or none). */
  async function image(cmdline?: string): Promise<string> {
    const key = cmdline ?? '';
    if (!images.has(key)) {
      if (!program) program = await buildProgram('posix_core', platform, dir);
      const out = `${program}-${images.size}.${platform}`;
      images.set(key, await bake(platform, program, [...(cmdline ? ['--cmdline', cmdline] : []), '-o', out]));
    }
    return images.get(key)!;
  }

  beforeAll(() => {
    dir = workdir(`posix-core-${platform}`);
  });

  test.each(['time', 'cputime', 'sys', 'poll', 'signal'])('%s', async (area) => {
    const r = await run(await image(), { args: [area] });
    expect(r.stdout.toString()).toContain(`${area} ok\n`);
    expect(r.stdout.toString()).not.toContain('FAIL');
    expect(r.exitCode).toBe(0);
  });

  test('uname names the system and the machine', async () => {
    const r = await run(await image(), { args: ['sys'] });
    expect(r.stdout.toString()).toMatch(/^uname: Unicore unicore \S+ x86_64$/m);
  });

  test('unicore.env= options from the baked command line set the environment', async () => {
    const img = await image(`unicore.env=GREETING=hello\\ world unicore.env=OTHER=1 -- env`);
    const r = await run(img, { args: ['GREETING'] });
    expect(r.stdout.toString()).toBe('GREETING=[hello world]\nenv ok\n');
    expect(r.exitCode).toBe(0);
  });

  (platform === 'linuxu' ? test.skip : test)('a guest starts with HOME and PATH, as after a login', async () => {
    const r = await run(await image(), { args: ['env', 'HOME'] });
    expect(r.stdout.toString()).toBe('HOME=[/]\nenv ok\n');
    const path = await run(await image(), { args: ['env', 'PATH'] });
    expect(path.stdout.toString()).toBe('PATH=[/usr/bin:/bin]\nenv ok\n');
  });

  test('an unknown boot option is reported and ignored', async () => {
    const r = await run(await image('unicore.nosuch=1 -- sys'));
    expect(r.stderr).toContain("unknown boot option 'unicore.nosuch=1'");
    expect(r.stdout.toString()).toContain('sys ok\n');
    expect(r.exitCode).toBe(0);
  });

  test('abort() ends with status 134 and says so', async () => {
    const r = await run(await image(), { args: ['abort'] });
    expect(r.stdout.toString()).toBe('aborting\n');
    expect(r.stderr).toMatch(/SIGABRT|abort/i);
    expect(r.exitCode).toBe(134);
  });

  test('exit() runs atexit handlers, then flushes stdio, and keeps the status', async () => {
    const r = await run(await image(), { args: ['atexit'] });
    expect(r.stdout.toString()).toBe('buffered line, then the atexit handler\n');
    expect(r.exitCode).toBe(7);
  });

  test('stack smashing is detected: status 134', async () => {
    const out = path.join(dir, 'posix_core_ssp');
    const cc = await sh(
      `x86_64-unicore-${platform}-gcc -O2 -fstack-protector-strong -o ${out} ${path.join(PROGRAMS, 'posix_core.c')}`,
      dir,
    );
    expect(cc.stderr).not.toMatch(/error/);
    expect(cc.exitCode).toBe(0);
    const img = await bake(platform, out, ['-o', `${out}.${platform}`]);
    const r = await run(img, { args: ['smash'] });
    expect(r.stdout.toString()).toBe('smashing\n');
    expect(r.stderr).toMatch(/stack smashing/i);
    expect(r.exitCode).toBe(134);
  });
});
