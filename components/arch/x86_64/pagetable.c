/*
 * The page tables. entry.S fills them with an identity map of the first
 * 4 GiB in 2 MiB pages (it needs them before long mode); here we split the
 * two 2 MiB pages that need holes into 4 KiB pages and unmap page 0, so a
 * NULL dereference faults, and the page below the boot stack, so a stack
 * overflow faults instead of silently overwriting what lies below.
 */
#include <stdint.h>
#include "arch.h"
#include "arch_internal.h"

#define PTE_PRESENT_RW 0x3ull
#define PDE_LARGE      0x80ull

#define TABLE __attribute__((aligned(ARCH_PAGE_SIZE)))
uint64_t arch_pml4[512] TABLE;
uint64_t arch_pdpt[512] TABLE;
uint64_t arch_pd[4 * 512] TABLE;
static uint64_t pt_low[512] TABLE;
static uint64_t pt_guard[512] TABLE;

extern char arch_stack_guard[];

/* Returns the 4 KiB page table covering addr, making it from spare if needed. */
static uint64_t *split(uintptr_t addr, uint64_t *spare)
{
	uint64_t *pde = &arch_pd[addr >> 21];
	uint64_t base = addr & ~0x1fffffull;

	if (!(*pde & PDE_LARGE))
		return (uint64_t *)(uintptr_t)(*pde & ~0xfffull);
	for (int i = 0; i < 512; i++)
		spare[i] = (base + (uint64_t)i * ARCH_PAGE_SIZE) | PTE_PRESENT_RW;
	*pde = (uintptr_t)spare | PTE_PRESENT_RW;
	return spare;
}

void paging_protect(void)
{
	uintptr_t guard = (uintptr_t)arch_stack_guard;

	split(0, pt_low)[0] = 0;
	split(guard, pt_guard)[(guard >> 12) & 511] = 0;
	/* Reloading CR3 flushes the old 2 MiB translations. */
	__asm__ volatile("mov %0, %%cr3" :: "r"((uintptr_t)arch_pml4) : "memory");
}

int paging_in_guard(uintptr_t addr)
{
	return addr - (uintptr_t)arch_stack_guard < ARCH_PAGE_SIZE;
}
