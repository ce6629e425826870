/*
 * The page tables. entry.S fills them with an identity map of the first
 * 4 GiB in 2 MiB pages (it needs them before long mode); here we split the
 * two 2 MiB pages that need holes into 4 KiB pages and unmap page 0, so a
 * NULL dereference faults, and the page below the boot stack, so a stack
 * overflow faults instead of silently overwriting what lies below.
 */
#include <errno.h>
#include <stdint.h>
#include <unicore/plat.h>
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

/* Page tables for the 2 MiB regions that hold thread stack guard pages. */
#define GUARD_TABLES 16
static uint64_t pt_pool[GUARD_TABLES][512] TABLE;
static int pt_used;

int plat_guard_page(uintptr_t page, int guard)
{
	uint64_t *pde, *pt;

	if (page & (ARCH_PAGE_SIZE - 1) || page >= ARCH_MAPPED_END || page < ARCH_PAGE_SIZE)
		return -EINVAL;
	pde = &arch_pd[page >> 21];
	if (*pde & PDE_LARGE) {
		if (!guard)
			return 0;
		if (pt_used == GUARD_TABLES)
			return -ENOMEM;
		split(page, pt_pool[pt_used++]);
	}
	pt = (uint64_t *)(uintptr_t)(*pde & ~0xfffull);
	pt[(page >> 12) & 511] = guard ? 0 : page | PTE_PRESENT_RW;
	__asm__ volatile("invlpg (%0)" :: "r"(page) : "memory");
	return 0;
}

/* Whether addr lies in an unmapped page other than page 0: the boot stack's
 * guard page or a thread stack's (nothing else is ever unmapped). */
int paging_in_guard(uintptr_t addr)
{
	const uint64_t *pde;

	if (addr < ARCH_PAGE_SIZE || addr >= ARCH_MAPPED_END)
		return 0;
	pde = &arch_pd[addr >> 21];
	if (*pde & PDE_LARGE)
		return 0;
	return !(((const uint64_t *)(uintptr_t)(*pde & ~0xfffull))[(addr >> 12) & 511] & 1);
}

/* Device memory: the boot map's 2 MiB pages covering it are made uncached;
 * above 4 GiB (a 64-bit BAR firmware put there) it is identity-mapped on
 * demand, uncached, with page tables from a small pool (enough for a few
 * devices). */
#define PTE_UNCACHED (0x8ull | 0x10ull)   /* PWT | PCD: UC with the reset PAT */
#define SPARE_TABLES 3
static uint64_t spare_tables[SPARE_TABLES][512] TABLE;
static int spare_used;

static uint64_t *table_below(uint64_t *entry)
{
	if (*entry & 1)
		return (uint64_t *)(uintptr_t)(*entry & 0x000ffffffffff000ull);
	if (spare_used == SPARE_TABLES)
		return 0;
	uint64_t *t = spare_tables[spare_used++];
	*entry = (uintptr_t)t | PTE_PRESENT_RW;
	return t;
}

/* The page directory entry mapping a, or NULL. */
static uint64_t *pde_for(uint64_t a)
{
	if (a < ARCH_MAPPED_END)
		return &arch_pd[a >> 21];
	uint64_t *pdpt = table_below(&arch_pml4[a >> 39 & 511]);
	uint64_t *pd = pdpt ? table_below(&pdpt[a >> 30 & 511]) : 0;
	return pd ? &pd[a >> 21 & 511] : 0;
}

void *arch_map_mmio(uint64_t phys, uint64_t size)
{
	if (size == 0 || phys + size > 1ull << 47 || phys + size < phys)
		return 0;
	for (uint64_t a = phys & ~0x1fffffull; a < phys + size; a += 0x200000) {
		uint64_t *pde = pde_for(a);
		if (!pde)
			return 0;
		if (a >= ARCH_MAPPED_END)
			*pde = a | PTE_PRESENT_RW | PDE_LARGE | PTE_UNCACHED;
		else if (*pde & PDE_LARGE)   /* split pages hold RAM, not devices */
			*pde |= PTE_UNCACHED;
	}
	__asm__ volatile("mov %0, %%cr3" :: "r"((uintptr_t)arch_pml4) : "memory");
	return (void *)(uintptr_t)phys;
}
