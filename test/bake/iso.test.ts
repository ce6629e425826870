/**
 * Bootable ISOs (bake/iso.ts): GRUB's configuration carries the command line,
 * the ISO boots in QEMU through SeaBIOS and GRUB alone (no -kernel), the same
 * SOURCE_DATE_EPOCH gives the same bytes, and a machine without GRUB's tools
 * gets a one-line error naming the packages.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { makeIso } from '../../bake/iso';
import { UserError } from '../../lib/errors';
import { bake, buildProgram, workdir } from '../support/unicore';

const QEMU_CDROM = [
  '-accel', 'tcg', '-m', '128', '-display', 'none', '-nodefaults', '-no-reboot',
  '-serial', 'stdio', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
];

/** QEMU's exit status for a guest status written to isa-debug-exit. */
const debugExit = (status: number) => (status << 1) | 1;

async function bootCdrom(iso: string): Promise<{ exitCode: number; stdout: string }> {
  const r = await execa('timeout', ['120', 'qemu-system-x86_64', ...QEMU_CDROM, '-cdrom', iso], { reject: false });
  return { exitCode: r.exitCode, stdout: r.stdout };
}

/** Runs fn with environment variables changed, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => Object.entries(v).forEach(([k, x]) => {
    if (x === undefined) delete process.env[k]; else process.env[k] = x;
  });
  set(vars);
  try {
    return await fn();
  } finally {
    set(saved);
  }
}

describe('makeIso', () => {
  let dir: string;
  let streams: string;
  let exitCode: string;

  beforeAll(async () => {
    dir = workdir('iso');
    streams = await bake('baremetal', await buildProgram('streams', 'baremetal', dir));
    exitCode = await bake('baremetal', await buildProgram('exit_code', 'baremetal', dir));
  });

  test('the ISO boots through SeaBIOS and GRUB (no -kernel) with the arguments of its grub.cfg', async () => {
    const iso = path.join(dir, 'streams.iso');
    await makeIso(streams, iso, { cmdline: `'bars say hi' plain`, name: 'streams' });
    const r = await bootCdrom(iso);
    expect(r.stdout).toContain('arg1=[bars say hi]');
    expect(r.stdout).toContain('arg2=[plain]');
    expect(r.stdout).not.toContain('arg3=');
    expect(r.stdout).toContain('to stdout');
    expect(r.stdout).toContain('to stderr');
    expect(r.exitCode).toBe(debugExit(0));
  });

  test('the program\'s exit status reaches QEMU', async () => {
    const iso = path.join(dir, 'exit_code.iso');
    await makeIso(exitCode, iso, { cmdline: '7', name: 'exit_code' });
    expect((await bootCdrom(iso)).exitCode).toBe(debugExit(7));
  });

  test('two builds with the same SOURCE_DATE_EPOCH are identical, byte for byte', async () => {
    const a = path.join(dir, 'a.iso');
    const b = path.join(dir, 'b.iso');
    await withEnv({ SOURCE_DATE_EPOCH: '1700000000' }, async () => {
      await makeIso(streams, a, { cmdline: '--greeting=metal', name: 'streams' });
      // grub-mkrescue stamps the time of day: a second later shows whether it leaks through.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      fs.utimesSync(streams, new Date(), new Date());
      await makeIso(streams, b, { cmdline: '--greeting=metal', name: 'streams' });
    });
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    const c = path.join(dir, 'c.iso');
    await withEnv({ SOURCE_DATE_EPOCH: '1700000000' }, () => makeIso(streams, c, { cmdline: '--greeting=other', name: 'streams' }));
    expect(fs.readFileSync(a).equals(fs.readFileSync(c))).toBe(false);
  });

  test('without grub-mkrescue: a one-line error naming the packages, and no ISO', async () => {
    const iso = path.join(dir, 'missing-tools.iso');
    const empty = fs.mkdtempSync(path.join(dir, 'empty-path-'));
    const attempt = withEnv({ PATH: empty }, () => makeIso(streams, iso, { cmdline: '', name: 'streams' }));
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/^[^\n]*apt-get install grub-pc-bin xorriso mtools[^\n]*$/);
    expect(fs.existsSync(iso)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  test('a kernel that is not there is a user error', async () => {
    const iso = path.join(dir, 'none.iso');
    await expect(makeIso(path.join(dir, 'no-such-kernel'), iso, { cmdline: '', name: 'x' })).rejects.toThrow(/no such kernel/);
    expect(fs.existsSync(iso)).toBe(false);
  });
});
