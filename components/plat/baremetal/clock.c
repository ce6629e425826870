/*
 * Clocks on a PC: the TSC for monotonic time (the shared driver takes its
 * rate from CPUID where the CPU tells it, else measures it against the PIT),
 * and the CMOS real-time clock, read once at boot, for the wall clock.
 */
#include <unicore/plat.h>
#include "baremetal.h"
#include "drivers/pcclock.h"
#include "arch/x86_64/x86.h"

void clock_init(void)
{
	pcclock_init();
}

uint64_t plat_clock_monotonic_ns(void)
{
	return pcclock_monotonic_ns();
}

uint64_t plat_clock_wall_ns(void)
{
	return pcclock_wall_ns();
}

/* No interrupts: poll for input until the deadline. */
void plat_wait_until(uint64_t deadline_ns)
{
	while (pcclock_monotonic_ns() < deadline_ns && !console_input_waiting())
		cpu_relax();
}
