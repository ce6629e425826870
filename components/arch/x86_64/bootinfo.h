/*
 * Reading what a multiboot v1 or PVH loader tells the kernel: the command
 * line and the RAM around the image, turned into the runtime's boot info.
 */
#ifndef UNICORE_X86_BOOTINFO_H
#define UNICORE_X86_BOOTINFO_H

#include <stdint.h>
#include <unicore/plat.h>

/* Fills boot->cmdline (copied into a static buffer, so the heap may reuse the
 * loader's memory), boot->heap_start and heap_end (the RAM region holding the
 * end of the image, from there on, below 4 GiB). QEMU's multiboot command
 * line starts with the image's file name: that word is dropped (GRUB 2 does
 * not put it there).
 * *rsdp gets the ACPI RSDP address if the loader gave one (PVH), else 0.
 * Returns NULL, or a one-line message saying what is missing. */
const char *x86_boot_parse(uint32_t magic, uintptr_t info, struct uc_boot_info *boot,
	uint64_t *rsdp);

/* Takes [addr, addr+len) as the heap (boot->heap_start, heap_end) if that RAM
 * region holds the end of the image; returns whether it did. For platforms
 * with another source of memory maps (Xen's XENMEM_memory_map). */
int x86_boot_heap_from_region(struct uc_boot_info *boot, uint64_t addr, uint64_t len);

/* Called by the arch code before it unmaps page 0: if the loader left its
 * information there, points info (and the addresses inside) at a copy. */
uintptr_t x86_boot_move_out_of_page0(uint32_t magic, uintptr_t info);

#endif
