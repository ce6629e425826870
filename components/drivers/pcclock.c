#include "arch/x86_64/x86.h"
#include "pcclock.h"
#include "cmos.h"
#include "tsc.h"

static uint64_t wall_at_boot;

void pcclock_init(void)
{
	tsc_init();
	wall_at_boot = cmos_wall_ns();
}

uint64_t pcclock_monotonic_ns(void)
{
	return tsc_ns();
}

uint64_t pcclock_wall_ns(void)
{
	return wall_at_boot ? wall_at_boot + tsc_ns() : 0;
}

void pcclock_wait_until(uint64_t deadline_ns, int (*input_waiting)(void))
{
	while (tsc_ns() < deadline_ns && !input_waiting())
		cpu_relax();
}
