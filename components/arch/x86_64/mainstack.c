/*
 * The application's stack. entry.S boots on a small stack in .bss; once the
 * platform knows its memory, x86_run_main carves the main stack from the top
 * of the heap (up to 1 MiB, a quarter of the heap when memory is small), with
 * an unmapped guard page below it, and calls uc_main there. So the image
 * reserves no megabyte up front, and a guest runs in 2 MiB
 * (docs/architecture.md, "Memory").
 */
#include <stdint.h>
#include <unicore/plat.h>
#include "arch.h"
#include "arch_internal.h"

#define MAIN_STACK_MAX (1024 * 1024)
#define MAIN_STACK_MIN (64 * 1024)

uintptr_t arch_main_stack_bottom, arch_main_stack_top;

/* In entry.S: switches to stack top and calls fn(arg); never returns. */
_Noreturn void arch_call_on_stack(uintptr_t top, void (*fn)(const struct uc_boot_info *),
	const struct uc_boot_info *arg);

static uintptr_t main_stack_size(uintptr_t heap)
{
	uintptr_t len = heap / 4;

	if (len > MAIN_STACK_MAX)
		len = MAIN_STACK_MAX;
	if (len < MAIN_STACK_MIN)
		len = MAIN_STACK_MIN;
	return len & ~(uintptr_t)(ARCH_PAGE_SIZE - 1);
}

_Noreturn void x86_run_main(struct uc_boot_info *boot)
{
	uintptr_t top = boot->heap_end & ~(uintptr_t)(ARCH_PAGE_SIZE - 1);
	uintptr_t len = main_stack_size(top - boot->heap_start);
	uintptr_t guard = top - len - ARCH_PAGE_SIZE;

	if (top < boot->heap_start + len + ARCH_PAGE_SIZE || plat_protect_page(guard, PLAT_PROT_NONE) != 0)
		uc_crash("unicore: too little memory for the main stack: give the guest more memory (--mem)",
			UC_STATUS_ABRT);
	boot->heap_end = paging_heap_tables(boot->heap_start, guard);
	arch_main_stack_bottom = guard + ARCH_PAGE_SIZE;
	arch_main_stack_top = top;
	arch_call_on_stack(top, uc_main, boot);
}
