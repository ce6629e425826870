/*
 * Multiboot v1 and PVH boot information (see bootinfo.h). Layouts from the
 * Multiboot Specification 0.6.96 and Xen's arch-x86/hvm/start_info.h.
 */
#include <stdint.h>
#include <string.h>
#include "arch.h"
#include "bootinfo.h"

#define MB_INFO_MEMORY  (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MMAP    (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)
#define MEMORY_RAM 1                 /* e820 / multiboot / PVH "available" */

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;   /* KiB below 1 MiB, KiB from 1 MiB on */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table;
	uint32_t boot_loader_name;
};

struct multiboot_mmap_entry {
	uint32_t size;                   /* of the rest of this entry */
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;           /* version >= 1 */
	uint32_t memmap_entries, reserved;
};

struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

extern char _end[];
static char cmdline[4096];
static char page0_copy[ARCH_PAGE_SIZE] __attribute__((aligned(16)));

static uint64_t out_of_page0(uint64_t paddr)
{
	return paddr != 0 && paddr < ARCH_PAGE_SIZE ? (uintptr_t)page0_copy + paddr : paddr;
}

/* QEMU's PVH loader keeps the start info, the memory map and the command
 * line in page 0, which the arch code unmaps to catch NULL dereferences. */
uintptr_t x86_boot_move_out_of_page0(uint32_t magic, uintptr_t info)
{
	const char *page0;

	/* Launder the NULL pointer, or gcc treats the copy as a fault. */
	__asm__("" : "=r"(page0) : "0"((uintptr_t)0));
	memcpy(page0_copy, page0, sizeof page0_copy);
	info = out_of_page0(info);
	if (magic == PVH_BOOT_MAGIC && info) {
		struct pvh_start_info *si = (struct pvh_start_info *)info;
		si->cmdline_paddr = out_of_page0(si->cmdline_paddr);
		si->modlist_paddr = out_of_page0(si->modlist_paddr);
		if (si->version >= 1)
			si->memmap_paddr = out_of_page0(si->memmap_paddr);
	} else if (magic == MULTIBOOT_BOOT_MAGIC && info) {
		struct multiboot_info *mb = (struct multiboot_info *)info;
		mb->cmdline = out_of_page0(mb->cmdline);
		mb->mods_addr = out_of_page0(mb->mods_addr);
		mb->mmap_addr = out_of_page0(mb->mmap_addr);
		if (mb->flags & MB_INFO_LOADER_NAME)
			mb->boot_loader_name = out_of_page0(mb->boot_loader_name);
	}
	return info;
}

static void copy_cmdline(uint64_t paddr, int skip_first_word)
{
	const char *s = (const char *)(uintptr_t)paddr;
	size_t n = 0;

	cmdline[0] = '\0';
	if (paddr == 0 || paddr >= ARCH_MAPPED_END)
		return;
	if (skip_first_word) {
		while (*s == ' ')
			s++;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	while (n < sizeof cmdline - 1 && s[n] != '\0')
		n++;
	memcpy(cmdline, s, n);
	cmdline[n] = '\0';
}

int x86_boot_heap_from_region(struct uc_boot_info *boot, uint64_t addr, uint64_t len)
{
	uint64_t start = (uintptr_t)_end, end = addr + len;

	if (addr > start || end <= start)
		return 0;
	if (end > ARCH_MAPPED_END)
		end = ARCH_MAPPED_END;
	boot->heap_start = (start + ARCH_PAGE_SIZE - 1) & ~(uint64_t)(ARCH_PAGE_SIZE - 1);
	boot->heap_end = end & ~(uint64_t)(ARCH_PAGE_SIZE - 1);
	return boot->heap_end > boot->heap_start;
}

/* QEMU's multiboot loader and GRUB legacy ("GRUB 0.97") start the command
 * line with the image's file name; GRUB 2 ("GRUB 2.06") passes only the
 * arguments. (Xen tells them apart the same way.) */
static int cmdline_has_image_name(const struct multiboot_info *mb)
{
	const char *name = (const char *)(uintptr_t)mb->boot_loader_name;

	if (!(mb->flags & MB_INFO_LOADER_NAME) || !name)
		return 0;
	if (memcmp(name, "qemu", 4) == 0)
		return 1;
	return memcmp(name, "GRUB 0", 6) == 0;
}

static const char *parse_multiboot(const struct multiboot_info *mb, struct uc_boot_info *boot)
{
	copy_cmdline(mb->flags & MB_INFO_CMDLINE ? mb->cmdline : 0, cmdline_has_image_name(mb));
	if (mb->flags & MB_INFO_MMAP) {
		uintptr_t p = mb->mmap_addr, end = p + mb->mmap_length;
		while (p + sizeof(struct multiboot_mmap_entry) <= end) {
			const struct multiboot_mmap_entry *e = (const void *)p;
			if (e->type == MEMORY_RAM && x86_boot_heap_from_region(boot, e->addr, e->len))
				return 0;
			p += e->size + sizeof e->size;
		}
	}
	if ((mb->flags & MB_INFO_MEMORY) &&
	    x86_boot_heap_from_region(boot, 0x100000, (uint64_t)mb->mem_upper * 1024))
		return 0;
	return "unicore: the multiboot loader gave no memory map holding the image";
}

static const char *parse_pvh(const struct pvh_start_info *si, struct uc_boot_info *boot,
	uint64_t *rsdp)
{
	if (si->magic != PVH_BOOT_MAGIC)
		return "unicore: PVH start info has a bad magic number";
	copy_cmdline(si->cmdline_paddr, 0);
	*rsdp = si->rsdp_paddr;
	if (si->version >= 1 && si->memmap_paddr != 0 && si->memmap_paddr < ARCH_MAPPED_END) {
		const struct pvh_memmap_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		for (uint32_t i = 0; i < si->memmap_entries; i++)
			if (e[i].type == MEMORY_RAM && x86_boot_heap_from_region(boot, e[i].addr, e[i].size))
				return 0;
	}
	return "unicore: the PVH loader gave no memory map holding the image";
}

const char *x86_boot_parse(uint32_t magic, uintptr_t info, struct uc_boot_info *boot,
	uint64_t *rsdp)
{
	*rsdp = 0;
	boot->cmdline = cmdline;
	cmdline[0] = '\0';
	if (info == 0 || info >= ARCH_MAPPED_END)
		return "unicore: the boot loader passed no information block";
	if (magic == MULTIBOOT_BOOT_MAGIC)
		return parse_multiboot((const void *)info, boot);
	if (magic == PVH_BOOT_MAGIC)
		return parse_pvh((const void *)info, boot, rsdp);
	return "unicore: unknown boot loader (neither multiboot nor PVH)";
}
