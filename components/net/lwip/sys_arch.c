/*
 * What lwIP needs from its host without an OS (NO_SYS): a millisecond clock,
 * random numbers, diagnostics and the lightweight protection, which has
 * nothing to exclude (lwIP runs only from the runtime's own loop, never
 * from an interrupt).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lwip/opt.h>
#include <lwip/sys.h>
#include <unicore/plat.h>
#include <unicore/random.h>

u32_t sys_now(void)
{
	return (u32_t)(plat_clock_monotonic_ns() / 1000000);
}

sys_prot_t sys_arch_protect(void)
{
	return 0;
}

void sys_arch_unprotect(sys_prot_t level)
{
}

uint32_t uc_lwip_rand(void)
{
	uint32_t r;
	uc_random_fill(&r, sizeof r);
	return r;
}

void uc_lwip_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

_Noreturn void uc_lwip_assert(const char *msg, const char *file, int line)
{
	fprintf(stderr, "lwIP assertion \"%s\" failed at %s:%d\n", msg, file, line);
	abort();
}
