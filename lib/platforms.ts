/**
 * The platforms a unicore program can be baked for: one typed table that
 * `unicore platforms`, unicore-bake, `unicore setup` and `unicore run` all read.
 * A new platform is a row here plus its components/plat/<name>/ directory.
 */
import { UserError } from './errors';

export type PlatformName = 'xen' | 'kvm' | 'baremetal' | 'linuxu';

export interface Platform {
  name: PlatformName;
  description: string;
  /** unicore-bake's default output is INPUT + this suffix. */
  imageSuffix: string;
  /** How the image boots: the entry points its link.ld and arch code provide. */
  boot: 'pvh' | 'multiboot+pvh' | 'multiboot' | 'linux-exec';
  /**
   * How `unicore run` starts it: 'qemu' boots it with -kernel; 'xen' with xl on a
   * Xen host, else in Xen booted in QEMU; 'exec' runs it as a local process.
   */
  run: 'qemu' | 'xen' | 'exec';
  /** Its console is on a VGA screen too (QEMU gives it a card with --screenshot/--screen-text, and an ISO always). */
  vga: boolean;
  /** unicore-bake --iso can put it on a GRUB ISO. */
  iso: boolean;
}

export const PLATFORMS: readonly Platform[] = [
  {
    name: 'xen', description: 'Xen PVH guest (also boots with QEMU\'s PVH loader)',
    imageSuffix: '.xen', boot: 'pvh', run: 'xen', vga: false, iso: false,
  },
  {
    name: 'kvm', description: 'QEMU/KVM guest, multiboot and PVH boot, COM1 console',
    imageSuffix: '.kvm', boot: 'multiboot+pvh', run: 'qemu', vga: false, iso: false,
  },
  {
    name: 'baremetal', description: 'multiboot kernel for GRUB, VGA and serial console; --iso for a bootable ISO',
    imageSuffix: '.baremetal', boot: 'multiboot', run: 'qemu', vga: true, iso: true,
  },
  {
    name: 'linuxu', description: 'a static Linux executable, for fast development',
    imageSuffix: '.linuxu', boot: 'linux-exec', run: 'exec', vga: false, iso: false,
  },
];

export const PLATFORM_NAMES: readonly string[] = PLATFORMS.map((p) => p.name);

export function findPlatform(name: string): Platform | undefined {
  return PLATFORMS.find((p) => p.name === name);
}

export function isPlatform(name: string): name is PlatformName {
  return findPlatform(name) !== undefined;
}

/** The platform of that name, or the one-line error listing them. */
export function platformNamed(name: string): Platform {
  const found = findPlatform(name);
  if (!found) throw new UserError(`unknown platform '${name}': valid platforms are ${PLATFORM_NAMES.join(', ')}`);
  return found;
}
