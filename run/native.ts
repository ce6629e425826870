/**
 * The native launcher of `unicore run` (run/native/unicore-run.c,
 * docs/architecture.md, "`unicore run`: the two paths"): its fixed data is
 * rendered from the modules the Node path runs on, so the two cannot drift:
 * QEMU's argv for a plain kvm/baremetal ELF image is qemuArgv()'s, with
 * markers where the memory size, the channel socket and the boot command line go;
 * for a xen image (Xen in QEMU, the image its dom0) also where the unpacked
 * hypervisor and dom0's memory go.
 * `unicore setup` writes this header beside the C file and compiles both.
 */
import { KEEP } from './boot-log';
import { CMDLINE_LIMITS, FRAMED } from './cmdline';
import { LINE_MAX_WIRE } from './framed';
import { IMAGE_FD_PATH, QEMU, qemuArgv } from './qemu';
import { HIGH_WATER } from './stdin-pump';
import { MIN_MEM_MIB } from '../lib/mem';
import { PLATFORMS } from '../lib/platforms';
import { SCRATCH_PREFIX } from './run';
import { qemuNetArgs } from './network';
import { cArray, cString } from '../lib/native/c-literals';
import { XEN_CACHE, XEN_GZ, XEN_OVERHEAD_MIB, XEN_PER_DOM0_MIB, xenCmdline, xenMachine, xenModule } from './xen';

/** The C source, relative to the source root. */
export const NATIVE_RUN_SOURCE = 'run/native/unicore-run.c';

const MARK = { mem: '@UC_MEM@', socket: '@UC_SOCKET@', append: '@UC_APPEND@' };
const XEN_MARK = { ...MARK, dom0Mem: '@UC_DOM0_MEM@', xen: '@UC_XEN@' };
// Numbers qemuArgv turns into text: replaced by the memory markers.
const MEM_SENTINEL = 987654321;
const DOM0_SENTINEL = 876543210;

/** Each marker in exactly one word of argv, or qemuArgv changed shape. */
function checkMarks(argv: string[], marks: Record<string, string>): string[] {
  for (const m of Object.values(marks)) {
    if (argv.filter((w) => w.includes(m)).length !== 1) throw new Error(`qemuArgv changed shape: ${m} is not in exactly one word`);
  }
  return argv;
}

/** What bootInQemu's plan is for every plain image the launcher takes: TCG, no screen, no network, status by isa-debug-exit; QEMU's memory a marker. */
function plainPlan() {
  return { accel: 'tcg', memMiB: MEM_SENTINEL, vga: false, status: { kind: 'exit' }, qmpSocket: undefined, net: qemuNetArgs({ kind: 'none' }) } as const;
}

/** QEMU's argv for a plain image, as bootInQemu (run/run.ts) builds it, with markers. */
export function nativeQemuArgv(): string[] {
  const argv = qemuArgv({
    ...plainPlan(),
    boot: { kind: 'kernel', kernel: IMAGE_FD_PATH, append: MARK.append },
    channelSocket: MARK.socket,
  });
  return checkMarks(argv.map((w) => (w === String(MEM_SENTINEL) ? MARK.mem : w)), MARK);
}

/**
 * QEMU's argv for a plain xen image booted as Xen's PVH dom0 in QEMU, as
 * bootInQemu builds it, with markers: QEMU's memory (xenQemuMemMiB of the
 * image's), dom0's in Xen's command line, the unpacked hypervisor, and the
 * boot command line in the module's word (where its commas are doubled).
 */
export function nativeXenQemuArgv(): string[] {
  const argv = qemuArgv({
    ...plainPlan(),
    machine: xenMachine(),
    boot: { kind: 'kernel', kernel: XEN_MARK.xen, append: xenCmdline(DOM0_SENTINEL), initrd: xenModule(IMAGE_FD_PATH, XEN_MARK.append) },
    channelSocket: XEN_MARK.socket, channelBehindIommu: true,
  });
  return checkMarks(argv.map((w) => (w === String(MEM_SENTINEL) ? XEN_MARK.mem : w.replace(String(DOM0_SENTINEL), XEN_MARK.dom0Mem))), XEN_MARK);
}

/** The header unicore-run.c includes. */
export function nativeRunHeader(): string {
  const platforms = PLATFORMS.filter((p) => p.run === 'qemu' || p.run === 'xen');
  const xen = platforms.filter((p) => p.run === 'xen');
  if (xen.length !== 1) throw new Error('one platform runs as Xen\'s dom0 in QEMU; the native launcher knows one');
  if (!/^\/.*\/[^/]+\.gz$/.test(XEN_GZ)) throw new Error(`${XEN_GZ}: the native launcher expects an absolute path to a .gz (xen_hypervisor)`);
  const lines = [
    '/* Written by `unicore setup` from run/native.ts: the fixed data of the Node path. */',
    `#define UC_QEMU ${cString(QEMU)}`,
    `#define UC_SCRATCH_PREFIX ${cString(SCRATCH_PREFIX)}`,
    `#define UC_IMAGE_FD_PATH ${cString(IMAGE_FD_PATH)}`,
    `#define UC_FRAMED ${cString(FRAMED)}`,
    `#define UC_MIN_MEM_MIB ${MIN_MEM_MIB}`,
    `#define UC_LOG_KEEP ${KEEP}`,
    `#define UC_STDIN_HIGH_WATER ${HIGH_WATER}`,
    `#define UC_LINE_MAX_WIRE ${LINE_MAX_WIRE}`,
    `#define UC_MARK_MEM ${cString(MARK.mem)}`,
    `#define UC_MARK_SOCKET ${cString(MARK.socket)}`,
    `#define UC_MARK_APPEND ${cString(MARK.append)}`,
    `#define UC_MARK_DOM0_MEM ${cString(XEN_MARK.dom0Mem)}`,
    `#define UC_MARK_XEN ${cString(XEN_MARK.xen)}`,
    `#define UC_XEN_PLATFORM ${cString(xen[0].name)}`,
    `#define UC_XEN_GZ ${cString(XEN_GZ)}`,
    `#define UC_XEN_CACHE ${cString(XEN_CACHE)}`,
    // QEMU's memory for a xen image: xenQemuMemMiB's formula (run/xen.ts) over these.
    `#define UC_XEN_OVERHEAD_MIB ${XEN_OVERHEAD_MIB}`,
    `#define UC_XEN_PER_DOM0_MIB ${XEN_PER_DOM0_MIB}`,
    `static const char *const uc_platforms[] = { ${platforms.map((p) => cString(p.name)).join(', ')}, 0 };`,
    `static const int uc_cmdline_limits[] = { ${platforms.map((p) => CMDLINE_LIMITS[p.name]).join(', ')} };`,
    ...cArray('uc_qemu_argv', nativeQemuArgv()),
    ...cArray('uc_xen_qemu_argv', nativeXenQemuArgv()),
  ];
  return `${lines.join('\n')}\n`;
}
