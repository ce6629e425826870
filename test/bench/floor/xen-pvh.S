/*
 * The floor for Xen boot-time benchmarks: a PVH guest that prints one line
 * through the console_io hypercall and shuts down at once. It runs in 32-bit
 * protected mode, as PVH enters, so hypercalls use the 32-bit ABI.
 */
#define XEN_ELFNOTE_GUEST_OS     6
#define XEN_ELFNOTE_XEN_VERSION  5
#define XEN_ELFNOTE_LOADER       8
#define XEN_ELFNOTE_PHYS32_ENTRY 18
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

	elfnote XEN_ELFNOTE_GUEST_OS, .asciz "floor"
	elfnote XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	elfnote XEN_ELFNOTE_LOADER, .asciz "generic"
	elfnote XEN_ELFNOTE_PHYS32_ENTRY, .long _start

	.text
	.code32
	.globl _start
_start:
	movl $0x40000000, %esi		/* find Xen's CPUID leaves */
1:	movl %esi, %eax
	cpuid
	cmpl $0x566e6558, %ebx		/* "XenV" */
	je 2f
	addl $0x100, %esi
	cmpl $0x40010000, %esi
	jb 1b
	jmp halt
2:	leal 2(%esi), %eax		/* leaf base+2: the hypercall page MSR in ebx */
	cpuid
	movl %ebx, %ecx
	movl $hypercall_page, %eax
	xorl %edx, %edx
	wrmsr

	movl $CONSOLEIO_write, %ebx
	movl $message_end - message, %ecx
	movl $message, %edx
	call hypercall_page + HYPERVISOR_console_io * 32

	movl $SCHEDOP_shutdown, %ebx
	movl $shutdown_reason, %ecx
	call hypercall_page + HYPERVISOR_sched_op * 32
halt:	hlt
	jmp halt

	.data
message:	.ascii "unicore-floor-up\n"
message_end:
	.align 4
shutdown_reason: .long 0		/* SHUTDOWN_poweroff */

	.bss
	.align 4096
hypercall_page:	.skip 4096
