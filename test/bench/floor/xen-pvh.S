/*
 * The floor for Xen boot-time benchmarks: a PVH guest that prints one line
 * through the console_io hypercall and shuts down at once. It runs in 32-bit
 * protected mode, as PVH enters, so hypercalls use the 32-bit ABI.
 */
#include "xen-floor.h"

	xen_notes

	.text
	.code32
	.globl _start
_start:
	xen_hypercall_page halt

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
