/**
 * The native launcher of `unicore run` (run/native/unicore-run.c,
 * docs/architecture.md, "`unicore run`: the two paths"): its fixed data is
 * rendered from the modules the Node path runs on, so the two cannot drift:
 * QEMU's argv for a plain kvm/baremetal ELF image is qemuArgv()'s, with
 * markers where the memory size, the channel socket and the boot command line go.
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

/** The C source, relative to the source root. */
export const NATIVE_RUN_SOURCE = 'run/native/unicore-run.c';

const MARK = { mem: '@UC_MEM@', socket: '@UC_SOCKET@', append: '@UC_APPEND@' };
// Numbers qemuArgv turns into text: replaced by the memory marker.
const MEM_SENTINEL = 987654321;

/** A C string literal (the words are ASCII; anything else is escaped). */
function cString(s: string): string {
  return `"${[...Buffer.from(s)].map((b) => (b === 34 || b === 92 ? `\\${String.fromCharCode(b)}`
    : b >= 32 && b < 127 && b !== 63 ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('')}"`;
}

/** QEMU's argv for a plain image, as bootInQemu (run/run.ts) builds it, with markers. */
export function nativeQemuArgv(): string[] {
  const argv = qemuArgv({
    accel: 'tcg', memMiB: MEM_SENTINEL, vga: false, status: { kind: 'exit' }, qmpSocket: undefined, net: qemuNetArgs({ kind: 'none' }),
    boot: { kind: 'kernel', kernel: IMAGE_FD_PATH, append: MARK.append },
    channelSocket: MARK.socket,
  });
  const out = argv.map((w) => (w === String(MEM_SENTINEL) ? MARK.mem : w));
  for (const m of Object.values(MARK)) {
    if (out.filter((w) => w.includes(m)).length !== 1) throw new Error(`qemuArgv changed shape: ${m} is not in exactly one word`);
  }
  return out;
}

/** The header unicore-run.c includes. */
export function nativeRunHeader(): string {
  const platforms = PLATFORMS.filter((p) => p.run === 'qemu');
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
    `static const char *const uc_platforms[] = { ${platforms.map((p) => cString(p.name)).join(', ')}, 0 };`,
    `static const int uc_cmdline_limits[] = { ${platforms.map((p) => CMDLINE_LIMITS[p.name]).join(', ')} };`,
    'static const char *const uc_qemu_argv[] = {',
    ...nativeQemuArgv().map((w) => `\t${cString(w)},`),
    '\t0',
    '};',
  ];
  return `${lines.join('\n')}\n`;
}
