/**
 * Running a xen image: on a Xen host with a working `xl`, as a domU; elsewhere
 * as a PVH dom0 of Debian's Xen hypervisor booted in QEMU (multiboot: Xen is
 * the kernel, the image the first module, its command line the module's).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../lib/errors';
import { writeFileAtomic } from '../lib/fsutil';
import { cacheDir } from './paths';
import { which } from '../lib/which';

export const XEN_PACKAGE = 'xen-hypervisor-4.17-amd64';
export const XEN_GZ = '/boot/xen-4.17-amd64.gz';
/** RAM QEMU gives Xen itself beyond dom0's: its heap, frame table, dom0's page tables. */
export const XEN_OVERHEAD_MIB = 64;
/** Beyond the overhead, Xen's own structures per MiB of dom0 (one MiB per 16). */
export const XEN_PER_DOM0_MIB = 16;

/** QEMU's memory for Xen with a dom0 of memMiB (run/native.ts renders the same numbers for the native launcher). */
export function xenQemuMemMiB(memMiB: number): number {
  return memMiB + XEN_OVERHEAD_MIB + Math.ceil(memMiB / XEN_PER_DOM0_MIB);
}

/** Whether this machine is a Xen host we may start guests on. */
export function xlWorks(): boolean {
  if (!which('xl')) return false;
  const r = spawnSync('xl', ['info'], { stdio: 'ignore', timeout: 15000 });
  return r.status === 0;
}

/** The hypervisor to boot: $UNICORE_XEN, Debian's 4.17, or the newest /boot/xen-*.gz. */
export function findHypervisor(): string {
  const explicit = process.env.UNICORE_XEN;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new UserError(`UNICORE_XEN=${explicit}: no such file: point it at a Xen hypervisor image (xen.gz)`);
    return explicit;
  }
  if (fs.existsSync(XEN_GZ)) return XEN_GZ;
  let others: string[] = [];
  try {
    others = fs.readdirSync('/boot').filter((f) => /^xen-[\d.]+.*\.gz$/.test(f)).sort();
  } catch {
    // no /boot
  }
  if (others.length) return path.join('/boot', others[others.length - 1]);
  throw new UserError(`no Xen hypervisor found (${XEN_GZ}): install it with apt-get install ${XEN_PACKAGE}`);
}

/** The cache's subdirectory of unpacked hypervisors. */
export const XEN_CACHE = 'xen';

/**
 * QEMU boots an uncompressed ELF only: gunzip once into the cache, keyed by the
 * source's size and time, written beside and renamed so racing runs are safe;
 * into the run's scratch directory if the cache cannot be written.
 */
export function unpackedHypervisor(image: string, scratch: string): string {
  const st = fs.statSync(image);
  const gz = image.endsWith('.gz');
  if (!gz) return image;
  // The native launcher looks for the same name (unicore-run.c, xen_hypervisor).
  const name = `${path.basename(image, '.gz')}-${st.size}-${Math.floor(st.mtimeMs)}.elf`;
  const out = path.join(cacheDir(), XEN_CACHE, name);
  if (fs.existsSync(out)) return out;
  // zlib is loaded only here: no other run needs it (start-up time).
  const elf = (require('zlib') as typeof import('zlib')).gunzipSync(fs.readFileSync(image));
  try {
    writeFileAtomic(out, elf);
    return out;
  } catch {
    // A cache we cannot write (read-only, not a directory): this run's scratch directory will do.
  }
  const own = path.join(scratch, name);
  try {
    fs.writeFileSync(own, elf);
  } catch (err) {
    throw new UserError(`cannot unpack ${image} into ${scratch}: ${(err as Error).message}: set TMPDIR to a writable directory`);
  }
  return own;
}

/**
 * Xen's own command line: COM1 console, a PVH dom0 of memMiB, no reboot on a
 * crash. Xen's log stays at its default level and asynchronous, as a plain
 * boot has it: the guest's frames, its exit status included, travel over the
 * virtio-serial channel (flushed before the guest leaves), not Xen's console.
 * Until 2026-12-02 the frames went through Xen's UART, which needed
 * sync_console (and loglvl=all/guest_loglvl=all for the boot log): under TCG
 * every synchronous byte cost a trip through QEMU's UART, so Xen's log made the
 * greeting of hello.xen come 3x later (20 s against 7 s at load 9; the PVH
 * floor took 4.5 s).
 */
export function xenCmdline(memMiB: number): string {
  return ['console=com1', 'dom0=pvh', `dom0_mem=${memMiB}M`, 'noreboot', 'bootscrub=0'].join(' ');
}

/**
 * QEMU's multiboot module string: the first word is the file, the rest the
 * module's command line (Xen drops the first word for QEMU's loader); commas
 * separate modules, so a comma in the string is written twice.
 */
export function xenModule(image: string, cmdline: string): string {
  if (/\s/.test(image)) throw new Error(`module path with blanks: ${image}`);   // IMAGE_FD_PATH has none
  return `${image} ${cmdline}`.replace(/,/g, ',,');
}

export function xenMachine(): string[] {
  return ['-M', 'q35', '-cpu', 'max', '-device', 'amd-iommu'];
}
