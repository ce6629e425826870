/*
 * The multiboot v1 header GRUB (and QEMU -kernel) look for in the first
 * 8 KiB of the file. The image is an ELF64, which multiboot loaders do not
 * load as ELF: flag 16 gives them the load addresses instead (the "a.out
 * kludge"), which link.ld makes match the file (one contiguous segment).
 * No video mode is asked for (QEMU -kernel complains about that flag); the
 * ISO's grub.cfg keeps GRUB in text mode with gfxpayload=text.
 */
#include "../../arch/x86_64/arch.h"

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
	.long _start_image              /* load_addr */
	.long _edata                    /* load_end_addr */
	.long _end                      /* bss_end_addr: the loader zeroes .bss */
	.long arch_start32              /* entry_addr */

	.section .note.GNU-stack, "", @progbits
