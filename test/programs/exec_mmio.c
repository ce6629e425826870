/*
 * Jumps into an MMIO region (the HPET's page at 0xfed00000), which KVM cannot
 * execute: it stops the guest with an internal error (emulation failure). The
 * arch code maps that page non-executable, so first clear NX on its 2 MiB page
 * (ring 0: the page tables are ours to change). x86 VM platforms only.
 */
#include <stdint.h>
#include <stdio.h>

#define TARGET 0xfed00000ull
#define ADDR_MASK 0x000ffffffffff000ull

int main(void)
{
	uint64_t cr3, *pml4, *pdpt, *pd;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	pml4 = (uint64_t *)(uintptr_t)(cr3 & ADDR_MASK);
	pdpt = (uint64_t *)(uintptr_t)(pml4[0] & ADDR_MASK);
	pd = (uint64_t *)(uintptr_t)(pdpt[TARGET >> 30] & ADDR_MASK);
	pd[(TARGET >> 21) & 511] &= ~(1ull << 63);
	__asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
	printf("jumping into MMIO\n");
	fflush(stdout);
	((void (*)(void))(uintptr_t)TARGET)();
	printf("came back\n");
	return 0;
}
