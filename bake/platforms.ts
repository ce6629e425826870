/** The platforms a unicore program can be baked for. */
export interface Platform {
  name: string;
  description: string;
}

export const PLATFORMS: readonly Platform[] = [
  { name: 'xen', description: 'Xen PVH guest (also boots with QEMU\'s PVH loader)' },
  { name: 'kvm', description: 'QEMU/KVM guest, multiboot and PVH boot, COM1 console' },
  { name: 'baremetal', description: 'multiboot kernel for GRUB, VGA and serial console; --iso for a bootable ISO' },
  { name: 'linuxu', description: 'a static Linux executable, for fast development' },
];

export const PLATFORM_NAMES: readonly string[] = PLATFORMS.map((p) => p.name);

export function isPlatform(name: string): boolean {
  return PLATFORM_NAMES.includes(name);
}
