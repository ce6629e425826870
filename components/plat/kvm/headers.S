/*
 * How loaders find the kvm image. A multiboot v1 header with the address
 * fields (flag 16), because QEMU refuses to load an x86-64 ELF by its program
 * headers; GRUB takes it too. It must lie in the first 8 KiB of the file:
 * link.ld puts it first. And the Xen PVH entry note, for PVH loaders (QEMU
 * without multiboot, Firecracker, cloud-hypervisor). QEMU tries multiboot first.
 */
#include "../../arch/x86_64/arch.h"

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_PAGE_ALIGN   (1 << 0)      /* modules page aligned */
#define MULTIBOOT_MEMORY_INFO  (1 << 1)      /* we want the memory map */
#define MULTIBOOT_AOUT_KLUDGE  (1 << 16)     /* load by the address fields */
#define MULTIBOOT_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_AOUT_KLUDGE)
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .multiboot, "a"
	.balign 4
	.globl kvm_multiboot_header
kvm_multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_FLAGS)
	.long kvm_multiboot_header      /* header_addr */
	.long _start_image              /* load_addr: the file from here on ... */
	.long _load_end                 /* load_end_addr: ... up to here */
	.long _end                      /* bss_end_addr: the loader zeroes up to here */
	.long arch_start32              /* entry_addr; eax = 0x2BADB002, ebx = info */

	.section .note.Xen, "a", @note
	.balign 4
	.long 4                         /* name size */
	.long 4                         /* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long kvm_pvh_start32

	/* PVH says nothing about eax (QEMU leaves 0): set the magic ourselves. */
	.section .text.boot, "ax"
	.code32
	.globl kvm_pvh_start32
kvm_pvh_start32:
	movl $PVH_BOOT_MAGIC, %eax
	jmp arch_start32

	.section .note.GNU-stack, "", @progbits
