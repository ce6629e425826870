/*
 * The IDT entry stubs shared by traps.S (exceptions) and irqs.S (external
 * interrupts). `idt_stubs KIND` opens the table KIND_stubs (one .quad a
 * vector, in .rodata.KIND_stubs); each `idt_stub KIND, VECTOR` then adds a
 * stub KIND_VECTOR that pushes a dummy error code when PAD is 1 (vectors
 * for which the CPU pushes none), pushes its vector and jumps to
 * KIND_common, and puts its address in the table.
 */
#ifndef ARCH_X86_64_STUBS_H
#define ARCH_X86_64_STUBS_H

	.macro idt_stubs kind
	.section .rodata.\kind\()_stubs, "a"
	.balign 8
	.globl \kind\()_stubs
\kind\()_stubs:
	.endm

	.macro idt_stub kind, vector, pad=0
	.text
	.type \kind\()_\vector, @function
\kind\()_\vector:
	.if \pad
	pushq $0
	.endif
	pushq $\vector
	jmp \kind\()_common
	.section .rodata.\kind\()_stubs, "a"
	.quad \kind\()_\vector
	.endm

#endif
