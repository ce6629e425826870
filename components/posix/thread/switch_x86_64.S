/*
 * The context switch for x86_64 (System V ABI): only what a function call
 * must preserve is saved: rbx, rbp, r12-r15, MXCSR and the x87 control
 * word. Everything else is the caller's to lose. A thread preempted by a
 * timer tick switches from inside the platform's interrupt path, which has
 * saved the rest (linuxu: the kernel's signal frame).
 *
 * Frame on a switched-out thread's stack, from its saved sp up:
 *   [mxcsr, fpu cw] rflags r15 r14 r13 r12 rbx rbp return-address
 * rflags carries the interrupt flag: a thread switched out by a tick (IF
 * clear, inside the interrupt path) gets it back clear and re-enables
 * interrupts on its iret; one that blocked gets it back set.
 */
	.text
	.globl uc_switch
	.type uc_switch, @function
uc_switch:                        /* void uc_switch(void **save, void *new_sp) */
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushfq
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popfq
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size uc_switch, . - uc_switch

	/* A new thread's first "return": an aligned stack, no frames above. */
	.globl uc_thread_trampoline
	.type uc_thread_trampoline, @function
uc_thread_trampoline:
	xorl %ebp, %ebp
	andq $-16, %rsp
	call uc_thread_main
	ud2
	.size uc_thread_trampoline, . - uc_thread_trampoline

	.section .note.GNU-stack, "", @progbits
