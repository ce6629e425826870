/*
 * What the Xen floor kernels share: the Xen ELF notes and finding Xen (its
 * CPUID leaves) to install the hypercall page. 32-bit protected mode, as PVH
 * enters.
 */
#define XEN_ELFNOTE_GUEST_OS     6
#define XEN_ELFNOTE_XEN_VERSION  5
#define XEN_ELFNOTE_LOADER       8
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* The hypercalls the floors make (xen/include/public). */
#define HYPERVISOR_console_io    18
#define HYPERVISOR_sched_op      29
#define CONSOLEIO_write          0
#define SCHEDOP_shutdown         2

	.macro elfnote type, desc:vararg
	.pushsection .note.Xen, "a"
	.align 4
	.long 2f - 1f, 4f - 3f, \type
1:	.asciz "Xen"
2:	.align 4
3:	\desc
4:	.align 4
	.popsection
	.endm

	.macro xen_notes
	elfnote XEN_ELFNOTE_GUEST_OS, .asciz "floor"
	elfnote XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	elfnote XEN_ELFNOTE_LOADER, .asciz "generic"
	elfnote XEN_ELFNOTE_PHYS32_ENTRY, .long _start
	.endm

	/* Installs the hypercall page at hypercall_page; jumps to \nohv without Xen. */
	.macro xen_hypercall_page nohv
	movl $0x40000000, %esi		/* find Xen's CPUID leaves */
1:	movl %esi, %eax
	cpuid
	cmpl $0x566e6558, %ebx		/* "XenV" */
	je 2f
	addl $0x100, %esi
	cmpl $0x40010000, %esi
	jb 1b
	jmp \nohv
2:	leal 2(%esi), %eax		/* leaf base+2: the hypercall page MSR in ebx */
	cpuid
	movl %ebx, %ecx
	movl $hypercall_page, %eax
	xorl %edx, %edx
	wrmsr
	.endm
