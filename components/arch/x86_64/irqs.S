/*
 * External interrupt entry stubs, vectors ARCH_IRQ_BASE .. +ARCH_IRQ_COUNT-1.
 * Each pushes its vector and joins irq_common, which saves every general
 * register and the x87/SSE state, calls the handler set with
 * arch_irq_set_handler(vector) on a 16-byte aligned stack (arch_irq_pc
 * holds the interrupted instruction's address meanwhile), restores
 * everything and returns to the interrupted code. Interrupt gates: the
 * handler runs with interrupts off, on the interrupted stack.
 */
#include "arch.h"
#include "stubs.h"

	idt_stubs irq
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49
	idt_stub irq, \v
	.endr

	.text
	.type irq_common, @function
irq_common:
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	subq $512, %rsp
	fxsave (%rsp)
	cld
	movq 88(%rbp), %rax             /* the interrupted rip, above the vector */
	movq %rax, arch_irq_pc(%rip)
	movq 80(%rbp), %rdi             /* the vector, above the 10 saved registers */
	movq arch_irq_handler(%rip), %rax
	testq %rax, %rax
	jz 1f
	call *%rax
1:	fxrstor (%rsp)
	movq %rbp, %rsp
	popq %rbp
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	addq $8, %rsp                   /* the vector */
	iretq

	.section .note.GNU-stack, "", @progbits
