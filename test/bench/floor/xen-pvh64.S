/*
 * The long-mode floor for Xen boot-time benchmarks: a PVH guest that does only
 * what every 64-bit PVH kernel must before its first line of C (PVH enters in
 * 32-bit protected mode without paging): page tables for its first 2 MiB,
 * then CR4.PAE, CR3, EFER.LME and CR0.PG, one write each, and a far jump to
 * 64-bit code, which prints one line through the console_io hypercall (64-bit
 * ABI) and shuts down. Against xen-pvh.S it measures what entering long mode
 * costs a guest of Xen (each of those writes is an exit to Xen).
 */
#include "xen-floor.h"

	xen_notes

	.text
	.code32
	.globl _start
_start:
	xen_hypercall_page halt
	movl $stack_top, %esp
	lgdt gdt_pointer
	movl $pdpt + 3, pml4		/* present, writable */
	movl $pd + 3, pdpt
	movl $0x83, pd			/* 0-2 MiB, a large page */
	movl %cr4, %eax
	orl $0x20, %eax			/* PAE */
	movl %eax, %cr4
	movl $pml4, %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx		/* EFER */
	rdmsr
	orl $0x100, %eax		/* LME */
	wrmsr
	movl %cr0, %eax
	orl $0x80000001, %eax		/* PG, PE */
	movl %eax, %cr0
	ljmp $0x08, $long
halt:	hlt
	jmp halt

	.code64
long:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %ss
	movl $CONSOLEIO_write, %edi
	movl $message_end - message, %esi
	movl $message, %edx
	call hypercall_page + HYPERVISOR_console_io * 32

	movl $SCHEDOP_shutdown, %edi
	movl $shutdown_reason, %esi
	call hypercall_page + HYPERVISOR_sched_op * 32
1:	hlt
	jmp 1b

	.data
message:	.ascii "unicore-floor-up\n"
message_end:
	.align 4
shutdown_reason: .long 0		/* SHUTDOWN_poweroff */
	.align 8
gdt:	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: flat data */
gdt_end:
gdt_pointer:
	.word gdt_end - gdt - 1
	.long gdt

	.bss
	.align 4096
hypercall_page:	.skip 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
	.skip 4096
stack_top:
