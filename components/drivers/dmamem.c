/* Page-aligned boot-time allocations off the top of the heap (see dmamem.h). */
#include <stdint.h>
#include <string.h>
#include "dmamem.h"

#define PAGE 4096u

static struct uc_boot_info *boot;

void dmamem_init(struct uc_boot_info *info)
{
	boot = info;
}

void *dmamem_alloc(size_t size)
{
	uintptr_t end;

	if (!boot || boot->heap_end < boot->heap_start + DMAMEM_HEAP_MIN + size + PAGE)
		return NULL;
	end = (boot->heap_end - size) & ~(uintptr_t)(PAGE - 1);
	if (end < boot->heap_start + DMAMEM_HEAP_MIN)
		return NULL;
	boot->heap_end = end;
	memset((void *)end, 0, size);
	return (void *)end;
}
