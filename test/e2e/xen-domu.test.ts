/**
 * xen images as Xen's users run them: PVH domUs that `xl create` starts in a
 * Linux dom0 (Debian's kernel and xen-utils-4.17, booted with Xen in QEMU:
 * run/toolstack.ts), from the configs `unicore run --xl-config` writes.
 * One dom0 boot runs four guests at once; `unicore run --toolstack` boots
 * its own.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { Dom0Report, HarnessGuest, runGuestsInDom0 } from '../../run/toolstack';
import { bake, buildProgram, run, sharedPackage, tmpdir, workdir } from '../support/unicore';

/** xl's shutdown reason codes (xen/sched.h). */
const POWEROFF = 0;
const CRASH = 3;

describe('xen image as a domU under xl', () => {
  let dir: string;
  let hello: string;
  let crash: string;
  let report: Dom0Report;

  beforeAll(async () => {
    dir = workdir('xen-domu');
    const { programs: [program] } = await sharedPackage('hello', 'xen', path.join(dir, 'hello'));
    hello = await bake('xen', program, ['-o', path.join(dir, 'hello.xen')]);
    // A second image of the same program, so its domain gets its own name.
    fs.copyFileSync(program, path.join(dir, 'hello2'));
    const hello2 = await bake('xen', path.join(dir, 'hello2'));
    crash = await bake('xen', await buildProgram('null_deref', 'xen', dir));
    const waiting = await bake('xen', await buildProgram('wait_input', 'xen', dir));

    const guests: HarnessGuest[] = [];
    const plan = [[hello, ['--greeting=first domU']], [hello2, ['--greeting=second domU']], [crash, []], [waiting, []]] as const;
    for (const [image, args] of plan) {
      const file = path.join(dir, `${path.basename(image)}.cfg`);
      const r = await run(image, { runFlags: ['--xl-config', file], args: [...args] });
      expect(r.exitCode).toBe(0);
      guests.push({ config: fs.readFileSync(file, 'utf8'), shutdownAfterOutput: image === waiting });
    }
    const scratch = tmpdir('xen-domu');
    try {
      report = await runGuestsInDom0(guests, scratch);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  // The plain (unframed) console a person's `xl console` shows writes \n as \r\n.
  test('the greeting arrives through xenconsoled and xl sees a poweroff', () => {
    const [first] = report.guests;
    expect(first.console.toString()).toBe('first domU\r\n');
    expect(first.reason).toBe(POWEROFF);
    expect(first.xlExit).toBe(0);
    expect(first.outputAt).toBeGreaterThan(first.createdAt!);
  });

  test('two domUs at once each have their own console', () => {
    expect(report.guests[1].console.toString()).toBe('second domU\r\n');
    expect(report.guests[1].reason).toBe(POWEROFF);
    expect(report.guests[0].console.toString()).not.toContain('second');
  });

  test('a crash is reason crash, with the crash report on the console', () => {
    const guest = report.guests[2];
    expect(guest.reason).toBe(CRASH);
    expect(guest.console.toString()).toContain('about to crash');
    expect(guest.console.toString()).toMatch(/crash: page fault/);
  });

  test('xl shutdown: the guest sees the request in xenstore and powers off', () => {
    const guest = report.guests[3];
    expect(guest.console.toString()).toMatch(/^waiting for input\r\n.*asked the domain to shut down/s);
    expect(guest.reason).toBe(POWEROFF);
  });

  test('unicore run --toolstack: stdout and exit status 0', async () => {
    const r = await run(hello, { runFlags: ['--toolstack'], args: ['--greeting=hi from xl'], timeoutMs: 400000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.toString()).toBe('hi from xl\n');
    expect(r.exitCode).toBe(0);
  });

  test('unicore run --toolstack: a crash gives 139 and the report on stderr', async () => {
    const r = await run(crash, { runFlags: ['--toolstack'], timeoutMs: 400000 });
    expect(r.stdout.toString()).toBe('about to crash\n');
    expect(r.stderr).toMatch(/crash: page fault/);
    expect(r.exitCode).toBe(139);
  });

  // The same limit on the user's path: a dom0 that is not up in time ends the
  // run with a one-line reason instead of hanging until Ctrl-C.
  test('unicore run --toolstack: a dom0 not up within UNICORE_TOOLSTACK_READY_TIMEOUT ends the run, saying so', async () => {
    const bad = await run(hello, { runFlags: ['--toolstack'], env: { UNICORE_TOOLSTACK_READY_TIMEOUT: 'soon' } });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/UNICORE_TOOLSTACK_READY_TIMEOUT=soon: not a whole number of seconds/);
    const tmp = tmpdir('xen-domu-ready');
    try {
      const started = Date.now();
      const r = await run(hello, { runFlags: ['--toolstack'], env: { UNICORE_TOOLSTACK_READY_TIMEOUT: '3', TMPDIR: tmp } });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^unicore run: dom0 did not bring the Xen toolstack up within 3 s \(.*\); run it again/m);
      expect(r.stdout.toString()).toBe('');
      expect(Date.now() - started).toBeLessThan(60000);
      expect((await execa('pgrep', ['-f', '--', tmp], { reject: false })).stdout).toBe('');
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('unicore run --toolstack refuses --xl-config with it', async () => {
    const both = await run(crash, { runFlags: ['--toolstack', '--xl-config', path.join(dir, 'x.cfg')] });
    expect(both.exitCode).not.toBe(0);
    expect(both.stderr).toMatch(/--toolstack and --xl-config: choose one/);
    expect(fs.existsSync(path.join(dir, 'x.cfg'))).toBe(false);
  });

  // The retry is for the dom0's own boot only: a 3 s limit no boot meets
  // (17 s on a quiet machine) stops both tries, each named, and leaves no QEMU behind.
  test('a dom0 that does not come up in time is booted once more, then the harness fails saying why', async () => {
    const said: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      said.push(chunk.toString());
      return true;
    });
    const scratch = tmpdir('xen-domu-slow');
    const file = path.join(dir, 'slow.cfg');
    try {
      expect((await run(hello, { runFlags: ['--xl-config', file] })).exitCode).toBe(0);
      const started = Date.now();
      await expect(runGuestsInDom0([{ config: fs.readFileSync(file, 'utf8') }], scratch, 600000, undefined, 3000))
        .rejects.toThrow(/did not finish \(the toolstack was not up after 3 s\)/);
      expect(Date.now() - started).toBeLessThan(60000);
      expect((await execa('pgrep', ['-f', '--', scratch], { reject: false })).stdout).toBe('');
    } finally {
      write.mockRestore();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    expect(said.join('')).toMatch(/dom0 did not bring the toolstack up \(the toolstack was not up after 3 s\); booting it once more/);
  });
});
