/**
 * The pure parts of `unicore run`: the framed channel decoder on recorded guest
 * output, the boot command line quoting (read back by a real sh), the raw ISO
 * console filter, the VGA text screen, the xl config, the stdin pump, QEMU's
 * command line and how a run's ending becomes the exit status.
 */
import * as crypto from 'crypto';
import { PassThrough } from 'stream';
import execa from 'execa';
import { PLATFORMS } from '../../lib/platforms';
import { exitStatus, FirstEnding, statusFromDebugExit } from '../../run/ending';
import { qemuArgv, QemuPlan } from '../../run/qemu';
import { StdinPump } from '../../run/stdin-pump';
import { FrameDecoder, GuestEvent, LINE_MAX_WIRE, dataFitting, parseLine, wireSize } from '../../run/framed';
import { shQuote } from '../../lib/shell';
import { bootCmdline } from '../../run/cmdline';
import { RawConsole } from '../../run/raw-console';
import { vgaText } from '../../run/screen';
import { xlConfig, xlField, xlSettings } from '../../run/xl-config';
import { concatArchives, cpioArchive, parentDirs } from '../../run/cpio';
import { DOM0_READY_TIMEOUT_MS, Dom0Report, jobArchive, readyLimitMs, reportLine } from '../../run/toolstack';
import { xenModule } from '../../run/xen';

// Recorded: Xen's log, then a dom0's frames; Xen's \r\n; a log line sharing the frame's line.
const RECORDED = Buffer.from(
  '(XEN) Xen version 4.17.6 (Debian 4.17.6+3-g8f4a5a3d8c-1)\r\n' +
  '(XEN) *** Serial input to DOM0 (type \'CTRL-a\' three times to switch input)\r\n' +
  '@UC:H\r\n' +
  '@UC:2:dG8gc3RkZXJyCg==\r\n' +
  '(XEN) Freed 656kB init memory@UC:1:YXJnMT1bYmFycyBzYXkgaGldCg==\r\n' +
  '@UC:R:96\r\n' +
  '@UC:1:dG8gc3Rkb3V0Cg==\r\n' +
  '@UC:X:0\r\n', 'latin1');

describe('framed channel decoder', () => {
  test('splits recorded console output into log, output, credit and exit', () => {
    const events = new FrameDecoder().feed(RECORDED);
    expect(events.filter((e) => e.kind === 'log').map((e) => (e as { line: string }).line)).toEqual([
      '(XEN) Xen version 4.17.6 (Debian 4.17.6+3-g8f4a5a3d8c-1)',
      '(XEN) *** Serial input to DOM0 (type \'CTRL-a\' three times to switch input)',
    ]);
    const out = (stream: number) => Buffer.concat(events.flatMap((e) => (e.kind === 'output' && e.stream === stream ? [e.data] : []))).toString();
    expect(out(1)).toBe('arg1=[bars say hi]\nto stdout\n');
    expect(out(2)).toBe('to stderr\n');
    expect(events).toContainEqual({ kind: 'up' });
    expect(events).toContainEqual({ kind: 'credit', bytes: 96 });
    expect(events[events.length - 1]).toEqual({ kind: 'exit', status: 0 });
  });

  test('gives the same events however the bytes are chunked', () => {
    const whole = new FrameDecoder().feed(RECORDED);
    const decoder = new FrameDecoder();
    const pieces = [];
    for (let i = 0; i < RECORDED.length; i += 7) pieces.push(...decoder.feed(RECORDED.subarray(i, i + 7)));
    expect(pieces).toEqual(whole);
  });

  test('runs of output lines come out as one event per stream run, byte for byte however chunked', () => {
    const data = crypto.randomBytes(5000);
    let wire = '(XEN) boot\n';
    const expected: Buffer[] = [];
    for (let i = 0, n = 1; i < data.length; i += n, n = (n * 7 + 3) % 61 + 1) {
      const piece = data.subarray(i, i + n);
      const stream = i % 5 === 0 ? 2 : 1;
      expected.push(Buffer.concat([Buffer.from([stream]), piece]));
      wire += `${i % 3 === 0 ? '(XEN) noise ' : ''}@UC:${stream}:${piece.toString('base64')}${i % 2 ? '\r' : ''}\n`;
    }
    wire += '@UC:X:0\n';
    const bytes = Buffer.from(wire, 'latin1');
    const collect = (events: GuestEvent[]) => ({
      out: (stream: number) => Buffer.concat(events.flatMap((e) => (e.kind === 'output' && e.stream === stream ? [e.data] : []))),
      rest: events.filter((e) => e.kind !== 'output'),
    });
    const want = (stream: number) => Buffer.concat(expected.filter((e) => e[0] === stream).map((e) => e.subarray(1)));
    for (const size of [1, 7, 100, 4096, bytes.length]) {
      const decoder = new FrameDecoder();
      const events: GuestEvent[] = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...decoder.feed(bytes.subarray(i, i + size)));
      const got = collect(events);
      expect(got.out(1)).toEqual(want(1));
      expect(got.out(2)).toEqual(want(2));
      expect(got.rest).toEqual([{ kind: 'log', line: '(XEN) boot' }, { kind: 'exit', status: 0 }]);
    }
  });

  test('binary data survives', () => {
    const bytes = Buffer.from([0, 255, 10, 13, 64, 1, 2]);
    expect(parseLine(`@UC:1:${bytes.toString('base64')}`)).toEqual({ kind: 'output', stream: 1, data: bytes });
  });

  test('damaged frames are boot log, not output', () => {
    expect(parseLine('@UC:1:not base64!').kind).toBe('log');
    expect(parseLine('@UC:X:').kind).toBe('log');
    expect(parseLine('@UC:7:aGkK').kind).toBe('log');
  });

  test('an unterminated last line is boot log', () => {
    const d = new FrameDecoder();
    expect(d.feed(Buffer.from('@UC:H\nPanic on CPU 0'))).toEqual([{ kind: 'up' }]);
    expect(d.end()).toEqual([{ kind: 'log', line: 'Panic on CPU 0' }]);
  });

  test('stdin lines never exceed the credit', () => {
    for (let credit = 0; credit < 200; credit++) {
      const n = dataFitting(credit);
      if (n > 0) expect(wireSize(n)).toBeLessThanOrEqual(credit);
      expect(wireSize(n + 3)).toBeGreaterThan(credit);
    }
  });
});

describe('boot command line', () => {
  const WORDS = ['bars say hi', `it's "quoted"`, '', 'a\\b', '$HOME', '`x`', '--greeting=hi', 'tab\there', 'new\nline', '*'];

  test('sh reads every argument back unchanged', async () => {
    const line = bootCmdline(['unicore.console=framed'], WORDS);
    const r = await execa('sh', ['-c', `set -- ${line}; for a; do printf '%s\\0' "$a"; done`]);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(['unicore.console=framed', '--', ...WORDS]);
  });

  test('plain words stay plain; others are single-quoted', () => {
    expect(shQuote('--greeting=hi')).toBe('--greeting=hi');
    expect(shQuote("it's")).toBe("'it'\\''s'");
    expect(shQuote('')).toBe("''");
    expect(bootCmdline(['unicore.console=framed'], [])).toBe('unicore.console=framed --');
  });

  test('QEMU module strings double their commas', () => {
    expect(xenModule('/tmp/x/guest.xen', "unicore.console=framed -- 'a,b'")).toBe("/tmp/x/guest.xen unicore.console=framed -- 'a,,b'");
  });
});

describe('raw ISO console', () => {
  // Recorded from QEMU: GRUB's serial terminal, its banner, then the app.
  const GRUB = '\x1b[H\x1b[J\x1b[1;1H\x1b[H\x1b[J\x1b[1;1H  Booting `unicore\'\n\r\n\rmetal\r\nsecond line\r\n';

  test('GRUB is boot log; the app\'s lines come out with plain newlines', () => {
    const c = new RawConsole();
    const out: Buffer[] = [];
    const log: string[] = [];
    for (let i = 0; i < GRUB.length; i += 5) {
      const r = c.feed(Buffer.from(GRUB.slice(i, i + 5), 'latin1'));
      out.push(r.output);
      log.push(...r.log);
    }
    const r = c.end();
    out.push(r.output);
    expect(Buffer.concat(out).toString()).toBe('metal\nsecond line\n');
    expect(log).toEqual(['  Booting `unicore\'']);
  });
});

describe('VGA text screen', () => {
  test('takes the character bytes and trims blank ends', () => {
    const mem = Buffer.alloc(4000);
    for (let i = 0; i < 2000; i++) mem.writeUInt16LE(0x0720, i * 2);
    Buffer.from('Hello, metal').forEach((c, i) => { mem[(80 + i) * 2] = c; });
    expect(vgaText(mem)).toBe('\nHello, metal\n');
  });
});

describe('xl config', () => {
  const guest = { name: 'hello', kernel: '/srv/img/hello.xen', memoryMiB: 64, cmdline: `-- 'say "hi"' 'a\\b'` };

  test('has the fields a PVH unikernel needs, in order', () => {
    expect(xlSettings(guest)).toEqual([
      ['name', 'hello'],
      ['type', 'pvh'],
      ['kernel', '/srv/img/hello.xen'],
      ['memory', 64],
      ['vcpus', 1],
      ['extra', `-- 'say "hi"' 'a\\b'`],
      ['on_poweroff', 'destroy'],
      ['on_reboot', 'destroy'],
      ['on_crash', 'destroy'],
    ]);
  });

  test('writes strings in xl\'s escaped double quotes', () => {
    const lines = xlConfig(guest).split('\n');
    expect(lines).toContain('extra = "-- \'say \\"hi\\"\' \'a\\\\b\'"');
    expect(lines).toContain('memory = 64');
    expect(lines).toContain('type = "pvh"');
  });

  test('reads its own fields back', () => {
    const text = xlConfig(guest);
    expect(xlField(text, 'extra')).toBe(guest.cmdline);
    expect(xlField(text, 'kernel')).toBe(guest.kernel);
    expect(xlField(text, 'memory')).toBe('64');
    expect(xlField(text, 'maxmem')).toBeUndefined();
  });
});

describe('stdin pump', () => {
  /** A pump between two streams, and the lines the guest got so far. */
  function pumpOn() {
    const input = new PassThrough();
    const guest = new PassThrough();
    let wire = '';
    guest.on('data', (chunk: Buffer) => { wire += chunk.toString('latin1'); });
    return { input, pump: new StdinPump(() => input, guest), wire: () => wire };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test('reads nothing until the guest asks, then sends whole lines within the credit, then "."', async () => {
    const { input, pump, wire } = pumpOn();
    input.write('hello\n');
    await tick();
    expect(wire()).toBe('');
    pump.grant(9);                      // room for one 6-byte line (8 + 1 wire bytes)
    await tick();
    expect(wire()).toBe(`${Buffer.from('hello\n').toString('base64')}\n`);
    input.end();
    await tick();
    expect(wire()).not.toContain('.\n');   // no credit left for the end of input
    pump.grant(2);
    await tick();
    expect(wire().endsWith('.\n')).toBe(true);
    pump.stop();
  });

  test('a line never carries more than the credit allows', async () => {
    const { input, pump, wire } = pumpOn();
    pump.grant(13);                     // 13 wire bytes: 9 data bytes (12 of base64 + newline)
    input.write(Buffer.alloc(20, 0x61));
    await tick();
    const lines = wire().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(Buffer.from(lines[0], 'base64')).toHaveLength(9);
    pump.stop();
  });

  test('however large the credit, a line fits the guest\'s line buffer; credit goes to the channel it came on', async () => {
    const { input, pump, wire } = pumpOn();
    const channel = new PassThrough();
    let other = '';
    channel.on('data', (chunk: Buffer) => { other += chunk.toString('latin1'); });
    pump.grant(1 << 20, channel);
    input.write(Buffer.alloc(100000, 0x62));
    await tick();
    expect(wire()).toBe('');
    const lines = other.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length + 1).toBeLessThanOrEqual(LINE_MAX_WIRE);
    expect(Buffer.concat(lines.map((l) => Buffer.from(l, 'base64')))).toEqual(Buffer.alloc(100000, 0x62));
    pump.stop();
  });
});

describe('how a run ends', () => {
  const ctx = { command: '/usr/bin/qemu-system-x86_64', debugExit: true, stderr: '', lastLines: '  | boot' };

  test('the first ending wins', async () => {
    const ending = new FirstEnding();
    ending.end({ kind: 'status', status: 3 });
    ending.end({ kind: 'closed', code: 7, signal: null });
    expect(ending.over).toBe(true);
    expect(await ending.promise).toEqual({ kind: 'status', status: 3 });
  });

  test('the app\'s status, a signal\'s, or isa-debug-exit\'s (status << 1) | 1', () => {
    expect(exitStatus({ kind: 'status', status: 0 }, ctx)).toEqual({ status: 0 });
    expect(exitStatus({ kind: 'signal', status: 130 }, ctx)).toEqual({ status: 130 });
    expect(exitStatus({ kind: 'closed', code: 23, signal: null }, ctx)).toEqual({ status: 11 });
    expect(statusFromDebugExit(0)).toBeUndefined();
    expect(statusFromDebugExit(null)).toBeUndefined();
  });

  test('a guest that stopped without a status: QEMU\'s own error, or the end of the console', () => {
    const qemu = exitStatus({ kind: 'closed', code: 1, signal: null },
      { ...ctx, stderr: 'qemu-system-x86_64: warning: x\nqemu-system-x86_64: -m 9T: cannot set up guest memory\n' });
    expect(qemu).toEqual({ status: 1, error: 'qemu-system-x86_64: -m 9T: cannot set up guest memory' });
    const silent = exitStatus({ kind: 'closed', code: null, signal: 'SIGKILL' }, { ...ctx, debugExit: false, logFile: '/l' });
    expect(silent.status).toBe(1);
    expect(silent.error).toMatch(/^the guest stopped without reporting an exit status \(qemu-system-x86_64 was killed by SIGKILL\)/);
    expect(silent.error).toMatch(/\| boot\n\(whole log: \/l\)$/);
    expect(exitStatus({ kind: 'closed', code: null, signal: null }, { ...ctx, spawnError: new Error('ENOENT') }))
      .toEqual({ status: 1, error: 'cannot start /usr/bin/qemu-system-x86_64: ENOENT' });
  });
});

describe('QEMU command line', () => {
  const plan: QemuPlan = {
    accel: 'tcg', memMiB: 64, vga: false, status: { kind: 'exit' },
    boot: { kind: 'kernel', kernel: '/i/hello.kvm', append: 'unicore.console=framed -- a' },
  };

  test('a kernel on COM1, no devices but the exit port, our Ctrl-C not QEMU\'s', () => {
    const argv = qemuArgv(plan);
    expect(argv).toEqual(expect.arrayContaining(['-nodefaults', '-no-reboot', '-display', 'none']));
    expect(argv.join(' ')).toContain('-chardev stdio,id=com1,signal=off -serial chardev:com1');
    expect(argv.join(' ')).toContain('-device isa-debug-exit,iobase=0xf4,iosize=0x04');
    expect(argv.slice(-4)).toEqual(['-kernel', '/i/hello.kvm', '-append', 'unicore.console=framed -- a']);
    expect(argv).not.toContain('-vga');
  });

  test('screens: a VGA card, the status UART on a socket, QMP; an ISO boots from the CD', () => {
    const argv = qemuArgv({
      ...plan, vga: true, status: { kind: 'uart', socket: '/s/status.sock' }, qmpSocket: '/s/qmp.sock',
      boot: { kind: 'cdrom', iso: '/i/hello.iso' },
    });
    const text = argv.join(' ');
    expect(text).toContain('-vga std');
    expect(text).toContain('-no-shutdown -chardev socket,id=status,path=/s/status.sock -device isa-serial,iobase=0xf4,irq=5,chardev=status');
    expect(text).toContain('-qmp unix:/s/qmp.sock');
    expect(text).toContain('-cdrom /i/hello.iso -boot d');
    expect(text).not.toContain('isa-debug-exit');
  });

  test('the framed channel: a virtio-serial port 1 on the socket we listen on', () => {
    const text = qemuArgv({ ...plan, channelSocket: '/s/channel.sock' }).join(' ');
    expect(text).toContain('-chardev socket,id=channel,path=/s/channel.sock -device virtio-serial-pci,id=channelbus,max_ports=2 '
      + '-device virtserialport,bus=channelbus.0,nr=1,chardev=channel,name=unicore.channel');
    expect(text).toContain('-chardev stdio,id=com1,signal=off -serial chardev:com1');
    expect(qemuArgv(plan).join(' ')).not.toContain('virtio-serial');
  });

  test('behind the IOMMU (Xen\'s dom0): a modern-only device whose DMA goes through it', () => {
    const text = qemuArgv({ ...plan, channelSocket: '/s/channel.sock', channelBehindIommu: true }).join(' ');
    expect(text).toContain('-device virtio-serial-pci,id=channelbus,max_ports=2,disable-legacy=on,iommu_platform=on -device virtserialport');
    expect(qemuArgv({ ...plan, channelSocket: '/s/channel.sock' }).join(' ')).not.toContain('iommu_platform');
  });
});

describe('QEMU command line for the toolstack harness', () => {
  test('COM1 to a log file, our stdio on COM2', () => {
    const argv = qemuArgv({
      accel: 'tcg', memMiB: 900, vga: false, status: { kind: 'exit' }, com1Log: '/s/com1.log',
      boot: { kind: 'kernel', kernel: '/x/xen.elf', append: 'console=com1' },
    }).join(' ');
    expect(argv).toContain('-chardev file,id=com1,path=/s/com1.log -serial chardev:com1 -chardev stdio,id=com2,signal=off -serial chardev:com2');
  });
});

describe('platform table', () => {
  test('names are unique, suffixes are .<name>, and only baremetal makes ISOs', () => {
    const names = PLATFORMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PLATFORMS) expect(p.imageSuffix).toBe(`.${p.name}`);
    expect(PLATFORMS.filter((p) => p.iso).map((p) => p.name)).toEqual(['baremetal']);
    expect(PLATFORMS.find((p) => p.name === 'linuxu')?.run).toBe('exec');
  });
});

describe('toolstack ready limit of unicore run', () => {
  test('$UNICORE_TOOLSTACK_READY_TIMEOUT is whole seconds; unset or empty is the default', () => {
    expect(readyLimitMs(undefined)).toBe(DOM0_READY_TIMEOUT_MS);
    expect(readyLimitMs('')).toBe(DOM0_READY_TIMEOUT_MS);
    expect(readyLimitMs('45')).toBe(45000);
    for (const bad of ['0', '1.5', '-3', '10s', ' 5']) {
      expect(() => readyLimitMs(bad)).toThrow(`UNICORE_TOOLSTACK_READY_TIMEOUT=${bad}: not a whole number of seconds`);
    }
  });
});

describe('toolstack harness report', () => {
  test('folds dom0\'s @UCD lines into per-guest facts', () => {
    const report: Dom0Report = { readyAt: NaN, readyWallSeconds: NaN, guests: [], wallSeconds: NaN, dom0Output: Buffer.alloc(0) };
    const lines = ['@UCD:ready:21.50', '(XEN) noise', '@UCD:create:1:22.00', '@UCD:output:1:22.75\r', '@UCD:exit:1:0',
      '@UCD:reason:1:3', `@UCD:console:1:${Buffer.from('hi\r\n').toString('base64')}`, '@UCD:reason:0:',
      `@UCD:dom0:${Buffer.from('echo:').toString('base64')}`, `@UCD:dom0:${Buffer.from('hello\n').toString('base64')}`, '@UCD:dom0exit:0'];
    expect(lines.map((l) => reportLine(report, l))).toEqual([true, false, true, true, true, true, true, true, true, true, true]);
    expect(report.readyAt).toBe(21.5);
    expect(report.dom0Output.toString()).toBe('echo:hello\n');
    expect(report.dom0Exit).toBe(0);
    expect(report.guests).toHaveLength(2);
    expect(report.guests[1]).toEqual({ console: Buffer.from('hi\r\n'), createdAt: 22, outputAt: 22.75, xlExit: 0, reason: 3 });
    expect(report.guests[0].reason).toBeUndefined();
  });

  test('refuses a config without an absolute kernel path', () => {
    expect(() => jobArchive([{ config: 'name = "x"\nkernel = "rel.xen"\nmemory = 64\n' }], 'batch')).toThrow(/absolute kernel path/);
  });

  test('carries the dom0 script as /job/dom0.sh', () => {
    const text = jobArchive([], 'batch', 'echo hi\n').toString('latin1');
    expect(text).toContain('job/dom0.sh\0');
    expect(text).toContain('echo hi\n');
    expect(jobArchive([], 'batch').toString('latin1')).not.toContain('dom0.sh');
  });
});

describe('cpio', () => {
  test('writes newc records, padded to 4 bytes, with a trailer', () => {
    const a = cpioArchive([{ kind: 'dir', name: 'job' }, { kind: 'file', name: '/job/mode', data: Buffer.from('batch') }]);
    const text = a.toString('latin1');
    expect(text.startsWith('070701')).toBe(true);
    expect(a.length % 4).toBe(0);
    expect(text).toContain('job/mode\0');
    expect(text).toContain('batch');
    expect(text).toContain('TRAILER!!!');
    expect(parentDirs(['a/b/c', 'a/d'])).toEqual(['a', 'a/b']);
    expect(concatArchives(Buffer.alloc(5), a).length).toBe(8 + a.length);
  });
});

describe('the native launcher\'s data (run/native.ts)', () => {
  const { nativeQemuArgv, nativeRunHeader, nativeXenQemuArgv } = require('../../run/native') as typeof import('../../run/native');

  test('its QEMU argv is qemuArgv\'s for a plain image once the markers are filled in', () => {
    const fill = (w: string) => w.replace('@UC_MEM@', '64').replace('@UC_SOCKET@', '/tmp/s/channel.sock').replace('@UC_APPEND@', 'unicore.console=framed --');
    expect(nativeQemuArgv().map(fill)).toEqual(qemuArgv({
      accel: 'tcg', memMiB: 64, vga: false, status: { kind: 'exit' }, net: [],
      boot: { kind: 'kernel', kernel: '/dev/fd/3', append: 'unicore.console=framed --' }, channelSocket: '/tmp/s/channel.sock',
    }));
  });

  test('the header names the platforms QEMU boots with -kernel and xen, with their limits', () => {
    const header = nativeRunHeader();
    expect(header).toContain('uc_platforms[] = { "xen", "kvm", "baremetal", 0 }');
    expect(header).toContain('uc_cmdline_limits[] = { 1023, 32767, 32767 }');
    expect(header).toContain('#define UC_XEN_PLATFORM "xen"');
    expect(header).not.toMatch(/"linuxu"/);
  });

  test('the xen argv is the xen plan\'s: Xen the kernel, dom0\'s memory in its command line, the image the module', () => {
    const argv = nativeXenQemuArgv();
    const at = (flag: string) => argv[argv.indexOf(flag) + 1];
    expect([at('-M'), at('-m'), at('-kernel'), at('-initrd')]).toEqual(['q35', '@UC_MEM@', '@UC_XEN@', '/dev/fd/3 @UC_APPEND@']);
    expect(at('-append')).toBe('console=com1 dom0=pvh dom0_mem=@UC_DOM0_MEM@M noreboot bootscrub=0');
    expect(argv.find((w) => w.startsWith('virtio-serial-pci'))).toContain('iommu_platform=on');
    expect(nativeRunHeader()).toContain('static const char *const uc_xen_qemu_argv[] = {');
  });
});
