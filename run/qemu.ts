/**
 * QEMU command lines for unicore guests. Pure: a plan in, argv out; finding
 * QEMU and KVM are the only effects here.
 */
import * as fs from 'fs';
import { UserError } from '../lib/errors';
import { which } from '../lib/which';

export const QEMU = 'qemu-system-x86_64';

export type Accel = 'tcg' | 'kvm';

export type Boot =
  | { kind: 'kernel'; kernel: string; append: string; initrd?: string }
  | { kind: 'cdrom'; iso: string };

export interface QemuPlan {
  accel: Accel;
  memMiB: number;
  boot: Boot;
  /** Extra machine options (Xen needs q35, an IOMMU and a modern CPU). */
  machine?: string[];
  /** Give the guest a VGA card (its screen, for a VGA console or screenshots). */
  vga: boolean;
  /**
   * How the guest's exit status gets out. 'exit': isa-debug-exit, QEMU exits
   * with (status << 1) | 1 at once. 'uart': a spare 16550 at the same port
   * catches the status byte (the guest's outl puts it in the transmit register)
   * and sends it to this socket while QEMU keeps the machine, so its screen can
   * still be read; -no-shutdown keeps it after an ACPI power-off too.
   */
  status: { kind: 'exit' } | { kind: 'uart'; socket: string };
  /** QMP socket QEMU connects to (we listen), for screendump and pmemsave. */
  qmpSocket?: string;
  /** The NIC and its backend (network.ts's qemuNetArgs); none if empty. */
  net?: string[];
  /**
   * Our stdio is COM2 instead of COM1, and COM1 goes to this file (the Xen
   * toolstack harness: COM1 is Xen's and dom0's log, COM2 the guest's console).
   */
  com1Log?: string;
  /**
   * The framed channel at memory speed: a virtio-serial port (number 1) whose
   * chardev connects to this Unix socket (we listen). A guest with the driver
   * speaks the channel there; COM1 stays the boot log (and the channel of
   * guests without one).
   */
  channelSocket?: string;
  /**
   * The channel's device does its DMA through the machine's IOMMU (virtio 1.x
   * only, VIRTIO_F_ACCESS_PLATFORM): Xen's dom0 gives it dom0's addresses,
   * which the IOMMU Xen programs turns into the machine's.
   */
  channelBehindIommu?: boolean;
}

export const DEBUG_EXIT_PORT = '0xf4';

/** Where QEMU finds the image: the descriptor the session passes it as fd 3 (SessionSpec.inheritFd). */
export const IMAGE_FD_PATH = '/dev/fd/3';

export function qemuArgv(plan: QemuPlan): string[] {
  const argv = [
    ...(plan.machine ?? []),
    '-accel', plan.accel,
    '-m', String(plan.memMiB),
    '-display', 'none',
    '-nodefaults',
    '-no-reboot',
  ];
  // The console is our stdin/stdout; signal=off: a Ctrl-C byte is data, we stop QEMU ourselves.
  if (plan.com1Log === undefined) {
    argv.push('-chardev', 'stdio,id=com1,signal=off', '-serial', 'chardev:com1');
  } else {
    argv.push('-chardev', `file,id=com1,path=${plan.com1Log}`, '-serial', 'chardev:com1',
      '-chardev', 'stdio,id=com2,signal=off', '-serial', 'chardev:com2');
  }
  if (plan.channelSocket !== undefined) {
    argv.push('-chardev', `socket,id=channel,path=${plan.channelSocket}`,
      '-device', `virtio-serial-pci,id=channelbus,max_ports=2${plan.channelBehindIommu ? ',disable-legacy=on,iommu_platform=on' : ''}`,
      '-device', 'virtserialport,bus=channelbus.0,nr=1,chardev=channel,name=unicore.channel');
  }
  if (plan.vga) argv.push('-vga', 'std');
  if (plan.status.kind === 'exit') {
    argv.push('-device', `isa-debug-exit,iobase=${DEBUG_EXIT_PORT},iosize=0x04`);
  } else {
    argv.push('-no-shutdown',
      '-chardev', `socket,id=status,path=${plan.status.socket}`,
      '-device', `isa-serial,iobase=${DEBUG_EXIT_PORT},irq=5,chardev=status`);
  }
  if (plan.qmpSocket) argv.push('-qmp', `unix:${plan.qmpSocket}`);
  argv.push(...(plan.net ?? []));
  if (plan.boot.kind === 'cdrom') {
    argv.push('-cdrom', plan.boot.iso, '-boot', 'd');
  } else {
    argv.push('-kernel', plan.boot.kernel, '-append', plan.boot.append);
    if (plan.boot.initrd !== undefined) argv.push('-initrd', plan.boot.initrd);
  }
  return argv;
}

export function findQemu(): string {
  const qemu = which(QEMU);
  if (!qemu) throw new UserError(`${QEMU} not found: install it with apt-get install qemu-system-x86`);
  return qemu;
}

export function kvmUsable(): boolean {
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function chooseAccel(asked: string | undefined): Accel {
  if (asked === undefined || asked === 'tcg') return 'tcg';
  if (asked !== 'kvm') throw new UserError(`--accel ${asked}: unknown accelerator: use kvm or tcg`);
  if (!kvmUsable()) throw new UserError('--accel kvm: /dev/kvm is missing or not accessible to you: use --accel tcg, or add yourself to the kvm group');
  return 'kvm';
}
