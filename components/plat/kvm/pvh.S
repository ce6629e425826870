/*
 * The Xen PVH entry note of the kvm image, for PVH loaders (QEMU without the
 * multiboot header, Firecracker, cloud-hypervisor). Multiboot loaders use the
 * arch code's multiboot header instead; QEMU tries multiboot first.
 */
#include "arch/x86_64/arch.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

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
