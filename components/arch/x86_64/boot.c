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

/* FS points here: word 0 is the thread pointer (itself), as the x86_64 TLS
 * ABI has it; %fs:0x28 is where -mstack-protector-guard=tls code looks. */
static uint64_t tls_block[16] __attribute__((aligned(64)));

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
	tls_block[0] = (uintptr_t)tls_block;
	tls_block[5] = __stack_chk_guard;
	wrmsr(MSR_FS_BASE, (uintptr_t)tls_block);
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
