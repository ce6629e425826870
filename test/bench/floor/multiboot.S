/*
 * The floor for boot-time benchmarks: a multiboot kernel that does nothing but
 * power off through QEMU's isa-debug-exit. Anything a unicore image takes
 * beyond this is ours.
 */
	.text
	.align 4
	.long 0x1BADB002		/* multiboot v1 magic */
	.long 0				/* flags: nothing asked of the loader */
	.long -0x1BADB002		/* checksum */

	.code32
	.globl _start
_start:
	movw $0xf4, %dx
	xorl %eax, %eax
	outl %eax, %dx			/* QEMU exits with status (0 << 1) | 1 */
1:	hlt
	jmp 1b
