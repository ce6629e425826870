/*
 * The multiboot v1 header, for the platforms booted by multiboot loaders
 * (kvm: QEMU -kernel; baremetal: GRUB). It must lie in the first 8 KiB of
 * the file: the platform's link.ld puts its .multiboot section first and
 * names multiboot_header in EXTERN, since nothing refers to it.
 *
 * The image is an ELF64, which QEMU refuses to load by its program headers;
 * flag 16 (the "a.out kludge") gives loaders the addresses instead: they copy
 * the file from _start_image to _load_end (link.ld keeps that contiguous) and
 * zero up to _end. No video mode is asked for (QEMU -kernel complains about
 * that flag; the ISO's grub.cfg keeps GRUB in text mode).
 */
#include "arch.h"

#define MB_MAGIC        0x1BADB002
#define MB_PAGE_ALIGN   (1 << 0)        /* modules on page boundaries */
#define MB_MEMORY_INFO  (1 << 1)        /* we need mem_* and the memory map */
#define MB_ADDRESSES    (1 << 16)
#define MB_FLAGS        (MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_ADDRESSES)

	.section .multiboot, "a"
	.balign 4
	.globl multiboot_header
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long multiboot_header          /* header_addr */
	.long _start_image              /* load_addr: the file from here on ... */
	.long _load_end                 /* load_end_addr: ... up to here */
	.long _end                      /* bss_end_addr: the loader zeroes up to here */
	.long arch_start32              /* entry_addr; eax = 0x2BADB002, ebx = info */

	.section .note.GNU-stack, "", @progbits
