/*
 * The hypercall page: Xen writes one 32-byte call stub per hypercall into it
 * once hypercall.c tells it the page's address. It lives in .text so it is
 * executable however the arch code maps data; until Xen fills it, it traps.
 */
	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc
	.size hypercall_page, 4096

	.section .note.GNU-stack, "", @progbits
