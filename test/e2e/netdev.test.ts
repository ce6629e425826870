/**
 * The device side of kvm and baremetal: an idle guest halts (a sleeping guest
 * costs the host little CPU; busy polling would cost all of its wall time),
 * and the virtio-net driver sends and receives through QEMU user networking.
 * With unicore.net.debug=1 on the boot command line the platform prints the
 * NIC's MAC, ARPs for the user-net gateway with a hand-built frame, halts
 * until the NIC interrupts and prints the gateway's MAC: that needs sending,
 * receiving and the interrupt; then it counts the answers to a burst of
 * requests larger than the rings. A line typed on COM1 (and on baremetal's
 * PS/2 keyboard) must wake a blocked read at once, not at the next timer
 * tick. QEMU is started directly here, since `unicore run` gives the guest no
 * NIC and no monitor.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import execa from 'execa';
// CPU time of everything `unicore run` started, from sh's `times`.
import { bake, buildProgram, sh, tmpdir, workdir } from '../support/unicore';

const PLATFORMS = ['kvm', 'baremetal'];
const GATEWAY_MAC = '52:55:0a:00:02:02';
const QEMU_MAC = '52:54:00:12:34:56';
const SETTLE_MS = 1000;

/** Boots image in QEMU with the raw console, the debug word and the given NIC. */
async function boot(image: string, nic: { machine?: string; device?: string; extra?: string[] }): Promise<execa.ExecaReturnValue> {
  const argv = [
    ...(nic.machine ? ['-M', nic.machine] : []),
    ...(nic.extra ?? []),
    '-accel', 'tcg', '-m', '64', '-display', 'none', '-nodefaults', '-no-reboot',
    '-serial', 'stdio', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
  ];
  if (nic.device) argv.push('-netdev', 'user,id=n0,restrict=on', '-device', `${nic.device},netdev=n0`);
  argv.push('-kernel', image, '-append', 'unicore.net.debug=1 -- 0');
  return execa('qemu-system-x86_64', argv, { reject: false, timeout: 60_000, input: '' });
}

/**
 * Boots image (raw console on QEMU's stdio, a monitor socket) and, SETTLE_MS
 * after the platform printed its boot-time line (its input devices are set
 * up), types through type(); resolves with what the guest printed when it shows
 * `expect`, or rejects after timeoutMs. QEMU and the socket are gone after.
 */
async function typeInto(image: string, type: (qemu: execa.ExecaChildProcess, monitor: net.Socket) => void,
  expected: string, timeoutMs: number): Promise<string> {
  const dir = tmpdir('netdev-input');
  const socket = path.join(dir, 'monitor.sock');
  const qemu = execa('qemu-system-x86_64', [
    '-accel', 'tcg', '-m', '64', '-display', 'none', '-nodefaults', '-no-reboot',
    '-serial', 'stdio', '-monitor', `unix:${socket},server,nowait`,
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
    '-kernel', image, '-append', 'unicore.net.debug=1',
  ], { reject: false });
  let out = '';
  let monitor: net.Socket | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = false;
      let typedAt = 0;
      const timer = setTimeout(() => reject(new Error(`no "${expected}" in time; the guest printed: ${out}`)), 30_000);
      qemu.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!typed && out.includes('unicore.net: no network device')) {
          typed = true;
          // Let the guest settle into its blocked read (the first wait also
          // measures the APIC timer, on the PIT, for up to 55 ms).
          setTimeout(() => {
            monitor = net.createConnection(socket, () => {
              typedAt = Date.now();
              type(qemu, monitor!);
            });
            monitor.on('error', reject);
          }, SETTLE_MS);
        }
        if (typedAt && out.includes(expected)) {
          clearTimeout(timer);
          const waited = Date.now() - typedAt;
          if (waited > timeoutMs) reject(new Error(`"${expected}" came ${waited} ms after typing (limit ${timeoutMs})`));
          else resolve(out);
        }
      });
    });
  } finally {
    monitor?.destroy();
    qemu.kill('SIGKILL');
    await qemu;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Children's user + system seconds from the second line of sh's `times`. */
function childCpu(timesOutput: string): number {
  const line = timesOutput.trim().split('\n').pop()!;
  const [user, sys] = line.split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    if (!m) throw new Error(`unexpected output of times: ${line}`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return user + sys;
}

describe.each(PLATFORMS)('devices on %s', (platform) => {
  let dir: string;
  let sleeper: string;
  let exiter: string;
  let reader: string;

  beforeAll(async () => {
    dir = workdir(`netdev-${platform}`);
    sleeper = await bake(platform, await buildProgram('idle_sleep', platform, dir));
    exiter = await bake(platform, await buildProgram('exit_code', platform, dir));
    reader = await bake(platform, await buildProgram('read_line', platform, dir));
  });

  test('a guest sleeping 3 s halts: its sleep costs the host almost no CPU', async () => {
    const cpuOf = async (seconds: number) => {
      const r = await sh(`unicore run ${sleeper} -- ${seconds} && times`, dir);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^slept ${seconds}\n`));
      return childCpu(r.stdout);
    };
    const boot = await cpuOf(0);
    const sleeping = await cpuOf(3);
    // What the 3 s of sleep added. Polling the clock keeps QEMU's vCPU busy:
    // about 1 s per second on an idle host, still ~0.3 on a loaded 2-core one.
    expect(sleeping - boot).toBeLessThan(0.15 * 3);
  });

  test.each([
    ['modern (transitional device, pc)', 'modern', { device: 'virtio-net-pci' }],
    ['legacy (disable-modern=on, pc)', 'legacy', { device: 'virtio-net-pci,disable-modern=on' }],
    ['modern only (disable-legacy=on, q35)', 'modern', { machine: 'q35', device: 'virtio-net-pci,disable-legacy=on' }],
    ['behind a PCIe root port (q35, bus 1)', 'modern', {
      machine: 'q35', device: 'virtio-net-pci,bus=rp1',
      extra: ['-device', 'pcie-root-port,id=rp1,bus=pcie.0,chassis=1'],
    }],
    // A 2 GiB BAR fills the 32-bit PCI window: firmware puts the NIC's
    // 64-bit BAR above 4 GiB, outside the boot identity map.
    ['with its BAR above 4 GiB (q35)', 'modern', {
      machine: 'q35', device: 'virtio-net-pci',
      extra: ['-object', 'memory-backend-ram,id=big,size=2G', '-device', 'ivshmem-plain,memdev=big'],
    }],
  ])('virtio-net %s: the gateway answers ARP, woken by the NIC interrupt', async (_name, transport, nic) => {
    const r = await boot(exiter, nic);
    expect(r.stdout).toContain(`unicore.net: virtio-net ${transport} mac ${QEMU_MAC} irq `);
    expect(r.stdout).toMatch(new RegExp(`unicore\\.net: 10\\.0\\.2\\.2 is at ${GATEWAY_MAC} \\(interrupts [1-9]`));
    // More requests than either ring holds: reclaim, re-posting and index wrap.
    expect(r.stdout).toContain('unicore.net: burst of 300 ARP requests: 300 answered');
    expect(r.stdout).not.toMatch(/unknown boot option/);
    expect(r.exitCode).toBe(1);     // isa-debug-exit: (0 << 1) | 1
  });

  // A blocked read waits with the timer armed for up to 10 s: only the
  // device's interrupt makes the answer come quickly.
  test('a line typed on the serial console wakes a blocked read at once', async () => {
    const out = await typeInto(reader, (qemu) => qemu.stdin!.write('hi\n'), 'got: hi', 5000);
    expect(out).toContain('got: hi');
  });

  if (platform === 'baremetal') {
    test('a line typed on the PS/2 keyboard wakes a blocked read at once', async () => {
      const keys = ['h', 'i', 'ret'];
      const out = await typeInto(reader, (_qemu, monitor) => {
        for (const k of keys) monitor.write(`sendkey ${k}\n`);
      }, 'got: hi', 5000);
      expect(out).toContain('got: hi');
    });
  }

  test('without a NIC the self-test says so and the program still runs', async () => {
    const r = await boot(exiter, {});
    expect(r.stdout).toContain('unicore.net: no network device');
    expect(r.exitCode).toBe(1);
  });
});
