/*
 * The first C code, on the boot stack with SSE on (entry.S). Compiled without
 * the stack protector: it seeds __stack_chk_guard, so it must not check it.
 * Everything it calls either runs before the seed or returns after it.
 */
#include <stdint.h>
#include <unicore/plat.h>
#include "arch.h"
#include "arch_internal.h"
#include "bootinfo.h"
#include "x86.h"

extern uintptr_t __stack_chk_guard;   /* the runtime's (libunicore.a) */

/* FS points at the main thread's TCB, which link.ld reserves (128 bytes,
 * the TLS block below it; the runtime fills that): word 0 is the thread
 * pointer (itself), as the x86_64 TLS ABI has it; %fs:0x28 is where
 * -mstack-protector-guard=tls code looks. */
extern uint64_t __unicore_tcb[];

static void seed_stack_guard(void)
{
	uint64_t seed;

	if (!cpu_has_rdrand() || cpu_rdrand64(&seed) != 0)
		seed = rdtsc() * 0x9e3779b97f4a7c15ull;
	/* A zero low byte stops string functions from copying the canary. */
	__stack_chk_guard = seed & ~0xffull;
}

static void tls_init(void)
{
	__unicore_tcb[0] = (uintptr_t)__unicore_tcb;
	__unicore_tcb[5] = __stack_chk_guard;
	wrmsr(MSR_FS_BASE, (uintptr_t)__unicore_tcb);
}

_Noreturn void arch_init(uint32_t magic, uintptr_t info)
{
	seed_stack_guard();
	tls_init();
	tss_init();
	idt_init();
	info = x86_boot_move_out_of_page0(magic, info);
	paging_protect();
	plat_start(magic, info);
}
