/*
 * The page tables. entry.S fills them with an identity map of the first
 * 4 GiB in 2 MiB pages, all writable and executable (it needs them before
 * long mode). Here we apply W^X from the image's layout (link.ld): only text
 * is executable, and it and the read-only data are not writable; everything
 * else (data, bss, heap, devices) is writable and not executable. The 2 MiB
 * pages that hold a boundary are split into 4 KiB pages, and so are page 0,
 * unmapped so a NULL dereference faults, and the page below the boot stack,
 * unmapped so a stack overflow faults instead of silently overwriting what
 * lies below. CR0.WP makes the kernel-mode code obey the read-only bits.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unicore/plat.h>
#include "arch.h"
#include "arch_internal.h"
#include "x86.h"

#define PTE_PRESENT 0x1ull
#define PTE_RW      0x2ull
#define PDE_LARGE   0x80ull
#define PTE_NX      (1ull << 63)
#define PTE_ADDR    0x000ffffffffff000ull
#define LARGE_SIZE  0x200000ull
/* Tables for the 2 MiB pages split before the heap is known (page 0 and the
 * W^X boundaries, up to 8; the boot and main stacks' guard pages) and for
 * device memory above 4 GiB (a few). Splits in the heap (thread stack guard
 * pages, mprotect) take theirs from the heap: paging_heap_tables. */
#define BOOT_TABLES 12
#define HEAP_TABLES_MAX 16
#define PTE_UNCACHED (0x8ull | 0x10ull)   /* PWT | PCD: UC with the reset PAT */

#define TABLE __attribute__((aligned(ARCH_PAGE_SIZE)))
uint64_t arch_pml4[512] TABLE;
uint64_t arch_pdpt[512] TABLE;
uint64_t arch_pd[4 * 512] TABLE;
static uint64_t boot_tables[BOOT_TABLES][512] TABLE;
static int boot_used;
static uintptr_t heap_tables;        /* the next of heap_tables_left tables */
static uintptr_t heap_tables_left;
static uint64_t nx;

extern char arch_stack_guard[];
extern uint32_t arch_nx_enabled;     /* entry.S */
/* The image's layout, page aligned (the platform's link.ld). */
extern char _start_image[], __unicore_text_start[], __unicore_text_end[], __unicore_data_start[];

/* The permissions of the 4 KiB page at addr: W^X by region. */
static uint64_t page_flags(uintptr_t addr)
{
	if (addr < (uintptr_t)_start_image || addr >= (uintptr_t)__unicore_data_start)
		return PTE_PRESENT | PTE_RW | nx;
	if (addr >= (uintptr_t)__unicore_text_start && addr < (uintptr_t)__unicore_text_end)
		return PTE_PRESENT;
	return PTE_PRESENT | nx;
}

static int inside(uintptr_t boundary, uintptr_t base)
{
	return boundary > base && boundary < base + LARGE_SIZE;
}

/* Whether the 2 MiB page at base needs 4 KiB pages (a region starts inside it). */
static int needs_split(uintptr_t base)
{
	return base == 0 || inside((uintptr_t)_start_image, base) ||
		inside((uintptr_t)__unicore_text_start, base) ||
		inside((uintptr_t)__unicore_text_end, base) ||
		inside((uintptr_t)__unicore_data_start, base) ||
		inside((uintptr_t)arch_stack_guard, base) || base == (uintptr_t)arch_stack_guard;
}

/* A zeroed page table, or NULL when none is left. */
static uint64_t *take_table(void)
{
	uint64_t *t;

	if (boot_used < BOOT_TABLES)
		return boot_tables[boot_used++];
	if (heap_tables_left == 0)
		return 0;
	t = (uint64_t *)heap_tables;
	heap_tables += ARCH_PAGE_SIZE;
	heap_tables_left--;
	memset(t, 0, ARCH_PAGE_SIZE);
	return t;
}

/* Tables for the splits the heap [start, end) may need later: one for each of
 * its 2 MiB pages not split yet, at most HEAP_TABLES_MAX and an eighth of the
 * heap, taken from its top. Returns the heap's new end. */
uintptr_t paging_heap_tables(uintptr_t start, uintptr_t end)
{
	uintptr_t n = 0;

	for (uintptr_t a = start & ~(LARGE_SIZE - 1); a < end && a < ARCH_MAPPED_END; a += LARGE_SIZE)
		if (arch_pd[a >> 21] & PDE_LARGE)
			n++;
	if (n > HEAP_TABLES_MAX)
		n = HEAP_TABLES_MAX;
	while (n > 0 && n * ARCH_PAGE_SIZE > (end - start) / 8)
		n--;
	heap_tables = end - n * ARCH_PAGE_SIZE;
	heap_tables_left = n;
	return heap_tables;
}

/* Returns the 4 KiB page table covering addr, splitting its 2 MiB page if
 * needed; NULL when the pool is empty. */
static uint64_t *try_split(uintptr_t addr)
{
	uint64_t *pde = &arch_pd[addr >> 21];
	uintptr_t base = addr & ~(LARGE_SIZE - 1);
	uint64_t *table;

	if (!(*pde & PDE_LARGE))
		return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	table = take_table();
	if (!table)
		return 0;
	for (int i = 0; i < 512; i++)
		table[i] = (base + (uint64_t)i * ARCH_PAGE_SIZE) | page_flags(base + (uint64_t)i * ARCH_PAGE_SIZE);
	*pde = (uintptr_t)table | PTE_PRESENT | PTE_RW;
	return table;
}

static uint64_t *split(uintptr_t addr)
{
	uint64_t *table = try_split(addr);

	if (!table)
		uc_crash("unicore: the image layout needs more page tables than the arch code has", UC_STATUS_ABRT);
	return table;
}

void paging_protect(void)
{
	uintptr_t guard = (uintptr_t)arch_stack_guard;

	if (arch_nx_enabled)           /* entry.S turned on EFER.NXE */
		nx = PTE_NX;
	for (uintptr_t i = 0; i < 4 * 512; i++) {
		uintptr_t base = i * LARGE_SIZE;
		if (needs_split(base))
			split(base);
		else
			arch_pd[i] = base | page_flags(base) | PDE_LARGE;
	}
	split(0)[0] = 0;
	split(guard)[(guard >> 12) & 511] = 0;
	/* Reloading CR3 flushes the old translations. */
	__asm__ volatile("mov %0, %%cr3" :: "r"((uintptr_t)arch_pml4) : "memory");
}

/* No access: not present; read only: present without RW (CR0.WP makes
 * kernel-mode code obey it); read and write: the page's W^X default. */
int plat_protect_page(uintptr_t page, int prot)
{
	uint64_t *pt, pte;

	if (page & (ARCH_PAGE_SIZE - 1) || page >= ARCH_MAPPED_END || page < ARCH_PAGE_SIZE)
		return -EINVAL;
	pte = page | page_flags(page);
	if (prot == PLAT_PROT_NONE)
		pte = 0;
	else if (!(prot & PLAT_PROT_WRITE))
		pte &= ~PTE_RW;
	if ((arch_pd[page >> 21] & PDE_LARGE) && pte == (page | page_flags(page)))
		return 0;
	pt = try_split(page);
	if (!pt)
		return -ENOMEM;
	pt[(page >> 12) & 511] = pte;
	__asm__ volatile("invlpg (%0)" :: "r"(page) : "memory");
	return 0;
}

/* Whether addr lies in an unmapped page other than page 0: the boot stack's,
 * the main stack's (mainstack.c) or a thread stack's guard page (nothing else
 * is ever unmapped). */
int paging_in_guard(uintptr_t addr)
{
	const uint64_t *pde;

	if (addr < ARCH_PAGE_SIZE || addr >= ARCH_MAPPED_END)
		return 0;
	pde = &arch_pd[addr >> 21];
	if (*pde & PDE_LARGE)
		return 0;
	return !(((const uint64_t *)(uintptr_t)(*pde & PTE_ADDR))[(addr >> 12) & 511] & PTE_PRESENT);
}

/* Device memory: the boot map's 2 MiB pages covering it are made uncached;
 * above 4 GiB (a 64-bit BAR firmware put there) it is identity-mapped on
 * demand, uncached and not executable, with page tables from the boot pool
 * (enough for a few devices). */
static uint64_t *table_below(uint64_t *entry)
{
	if (*entry & PTE_PRESENT)
		return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR);
	uint64_t *t = take_table();
	if (t)
		*entry = (uintptr_t)t | PTE_PRESENT | PTE_RW;
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
	int changed = 0;

	for (uint64_t a = phys & ~0x1fffffull; a < phys + size; a += 0x200000) {
		uint64_t *pde = pde_for(a), was;
		if (!pde)
			return 0;
		was = *pde;
		if (a >= ARCH_MAPPED_END)
			*pde = a | PTE_PRESENT | PTE_RW | nx | PDE_LARGE | PTE_UNCACHED;
		else if (*pde & PDE_LARGE)   /* split pages hold RAM, not devices */
			*pde |= PTE_UNCACHED;
		changed |= *pde != was;
	}
	/* Mapping what is mapped already (a device's regions one by one) keeps
	 * the TLB: reloading CR3 is only for new translations. */
	if (changed)
		__asm__ volatile("mov %0, %%cr3" :: "r"((uintptr_t)arch_pml4) : "memory");
	return (void *)(uintptr_t)phys;
}
