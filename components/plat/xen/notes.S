/*
 * The Xen ELF notes that make this image a PVH kernel. Xen's domain builder and
 * QEMU's PVH loader both need PHYS32_ENTRY; they enter there in 32-bit protected
 * mode with paging off and ebx = the physical address of struct hvm_start_info.
 * The PVH ABI says nothing about eax (QEMU's loader leaves 0 there), so the
 * entry sets eax = XEN_HVM_START_MAGIC_VALUE, as the arch entry expects, and
 * goes on to arch_start32, which calls plat_start(magic, info).
 */
#include "xen.h"

	.macro xen_note type, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f			/* name size */
	.long 4f - 3f			/* descriptor size */
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
	.endm

	xen_note XEN_ELFNOTE_GUEST_OS, .asciz "unicore"
	xen_note XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1"
	xen_note XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	xen_note XEN_ELFNOTE_LOADER, .asciz "generic"
	xen_note XEN_ELFNOTE_PHYS32_ENTRY, .long xen_pvh_start32

	.section .text.boot, "ax"
	.code32
	.globl xen_pvh_start32
xen_pvh_start32:
	movl $XEN_HVM_START_MAGIC_VALUE, %eax
	jmp arch_start32

	.section .note.GNU-stack, "", @progbits
