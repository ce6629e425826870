/*
 * Entry from the kernel: argc, argv, envp and the auxiliary vector are on
 * the stack. The ABI wants a 16-byte aligned stack at the call.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	call linuxu_start
	hlt
	.size _start, . - _start

/* Where a signal handler returns to (SA_RESTORER): rt_sigreturn. */
	.globl linuxu_sigreturn
	.type linuxu_sigreturn, @function
linuxu_sigreturn:
	mov $15, %eax
	syscall
	hlt
	.size linuxu_sigreturn, . - linuxu_sigreturn

	.section .note.GNU-stack, "", @progbits
