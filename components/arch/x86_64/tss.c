/*
 * The TSS, needed in long mode only for its interrupt stack table: every
 * exception switches to IST1, a stack of its own, so a stack overflow (a page
 * fault with RSP in the guard page) can still be reported.
 */
#include <stdint.h>
#include "arch_internal.h"

#define SEL_TSS 0x20
#define TSS_AVAILABLE 0x89ull            /* present, 64-bit TSS, not busy */

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss;
static char ist_stack[32 * 1024] __attribute__((aligned(16)));

extern uint64_t arch_gdt[];

void tss_init(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof tss - 1;

	tss.ist[0] = (uintptr_t)ist_stack + sizeof ist_stack;
	tss.iomap_base = sizeof tss;     /* no I/O permission bitmap */
	arch_gdt[SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
		TSS_AVAILABLE << 40 | (limit >> 16 & 0xf) << 48 | (base >> 24 & 0xff) << 56;
	arch_gdt[SEL_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" :: "r"(SEL_TSS));
}
