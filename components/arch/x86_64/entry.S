/*
 * The 32-bit entry from a multiboot or PVH loader, and the switch to long mode.
 * Nothing the loader set up is trusted except the flat segments it entered
 * with: we load our own GDT, identity-map the first 4 GiB with 2 MiB pages,
 * turn on paging, SSE and NX with one write to each control register, enter
 * 64-bit mode and switch to the boot stack before any C code runs (gcc uses
 * SSE registers freely). boot.c does the rest.
 *
 * .bss is already zero, so it is not cleared again (under Xen in QEMU TCG that
 * took about 5 ms of hello's boot): a multiboot loader clears it as the
 * header's bss_end_addr asks, and a PVH loader loads the image's ELF
 * segments, whose bytes past p_filesz are zero by the ELF specification (Xen's
 * libelf, for dom0 and for xl's domains, and QEMU's ELF loader clear them);
 * every platform's link.ld keeps .bss at the end of the data segment.
 */
#include "arch.h"

#define CR0_PE  (1 << 0)
#define CR0_MP  (1 << 1)
#define CR0_EM  (1 << 2)
#define CR0_TS  (1 << 3)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR     (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_PRESENT_RW 0x3
#define PDE_LARGE      0x83     /* present, writable, 2 MiB page */

#define SEL_CODE64 0x08
#define SEL_DATA   0x10
#define SEL_CODE32 0x18

	.section .text.boot, "ax"
	.code32
	.globl arch_start32
	.type arch_start32, @function
arch_start32:
	cli
	cld
	movl %eax, %esi                 /* esi = magic, ebx = info (kept) */
	lgdt gdt_pointer
	movl $SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	ljmp $SEL_CODE32, $1f
1:
	/* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories of 2 MiB pages. */
	movl $arch_pdpt + PTE_PRESENT_RW, arch_pml4
	movl $arch_pdpt, %edi
	movl $arch_pd + PTE_PRESENT_RW, %eax
	movl $4, %ecx
3:	movl %eax, (%edi)
	addl $ARCH_PAGE_SIZE, %eax
	addl $8, %edi
	loop 3b
	movl $arch_pd, %edi
	movl $PDE_LARGE, %eax
	movl $2048, %ecx
4:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 4b

	/* Each control register and EFER is written once: under a hypervisor a
	 * write is an exit, and under Xen in QEMU TCG each kind of write costs
	 * milliseconds on first use. PAE and SSE in CR4; long mode and, when
	 * the CPU has it, no-execute (pagetable.c uses it once it is on) in
	 * EFER; paging, write protection in ring 0 and the FPU in CR0. */
	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $arch_pml4, %eax
	movl %eax, %cr3
	movl %ebx, %ebp                 /* cpuid clobbers ebx, the info pointer */
	xorl %edi, %edi                 /* edi = EFER.NXE if the CPU has NX */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb 5f
	movl $0x80000001, %eax
	cpuid
	btl $20, %edx
	jnc 5f
	movl $EFER_NXE, %edi
	movl $1, arch_nx_enabled
5:	movl %ebp, %ebx
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	orl %edi, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE | CR0_WP | CR0_MP), %eax
	andl $~(CR0_EM | CR0_TS), %eax
	movl %eax, %cr0
	ljmp $SEL_CODE64, $start64
	.size arch_start32, . - arch_start32

	.code64
start64:
	movl $SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movq $arch_stack_top, %rsp

	/* CR0 and CR4 already have the FPU and SSE on (above). */
	fninit
	ldmxcsr mxcsr_default

	xorl %ebp, %ebp                 /* ends frame-pointer backtraces */
	movl %esi, %edi                 /* arch_init(magic, info) */
	movl %ebx, %esi
	call arch_init
7:	hlt
	jmp 7b

	/* arch_call_on_stack(top, fn, arg): fn(arg) on the stack ending at top
	 * (mainstack.c); the zero frame pointer ends crash backtraces there. */
	.text
	.globl arch_call_on_stack
arch_call_on_stack:
	movq %rdi, %rsp
	movq %rdx, %rdi
	xorl %ebp, %ebp
	call *%rsi
6:	hlt
	jmp 6b

	.section .rodata
	.balign 4
mxcsr_default:
	.long 0x1f80                    /* all SSE exceptions masked, round to nearest */

	.data
	/* 1 when the entry above set EFER.NXE (pagetable.c). */
	.globl arch_nx_enabled
	.balign 4
arch_nx_enabled:
	.long 0

	/* The GDT; tss.c fills in the TSS descriptor (selector 0x20). */
	.balign 16
	.globl arch_gdt
arch_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: flat data */
	.quad 0x00cf9a000000ffff        /* 0x18: 32-bit code, for the way up */
	.quad 0, 0                      /* 0x20: TSS */
arch_gdt_end:
	.balign 8
	.word 0
gdt_pointer:
	.word arch_gdt_end - arch_gdt - 1
	.quad arch_gdt

	/* The boot stack, with an unmapped guard page below it (pagetable.c). */
	.section .bss.stack, "aw", @nobits
	.balign ARCH_PAGE_SIZE
	.globl arch_stack_guard, arch_stack_bottom, arch_stack_top
arch_stack_guard:
	.skip ARCH_PAGE_SIZE
arch_stack_bottom:
	.skip ARCH_STACK_SIZE
arch_stack_top:

	.section .note.GNU-stack, "", @progbits
