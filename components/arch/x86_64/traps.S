/*
 * Exception entry stubs. Each pushes a dummy error code where the CPU pushes
 * none, then its vector, and joins trap_common, which saves the registers and
 * the FPU/SSE state (FXSAVE) and calls trap_handler (trap.c) with pointers to
 * them. trap_handler never returns here: a fault the program handles
 * (SIGSEGV handler) resumes through the runtime (uc_fault), any other ends
 * the program.
 */
#include "stubs.h"

	.macro trap_stub vector
	/* Vectors 8, 10-14, 17, 21, 29 and 30 come with an error code. */
	.if (\vector == 8) || (\vector >= 10 && \vector <= 14) || (\vector == 17) || \
	    (\vector == 21) || (\vector == 29) || (\vector == 30)
	idt_stub trap, \vector
	.else
	idt_stub trap, \vector, 1
	.endif
	.endm

	idt_stubs trap
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	trap_stub \v
	.endr

	.text
	.type trap_common, @function
trap_common:
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %rax
	cld
	movq %rsp, %rdi
	subq $512, %rsp
	andq $-64, %rsp
	fxsave64 (%rsp)
	movq %rsp, %rsi
	xorl %ebp, %ebp
	call trap_handler
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
