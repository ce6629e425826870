/*
 * Clocks on a PC: the TSC for monotonic time (the shared driver takes its
 * rate from CPUID where the CPU tells it, else measures it against the PIT),
 * and the CMOS real-time clock, read once at boot, for the wall clock.
 */
#include <unicore/plat.h>
#include "baremetal.h"
#include "../../drivers/tsc.h"
#include "../../drivers/cmos.h"
#include "../../arch/x86_64/x86.h"

static uint64_t wall_at_boot;

void clock_init(void)
{
	tsc_init();
	wall_at_boot = cmos_wall_ns();
}

uint64_t plat_clock_monotonic_ns(void)
{
	return tsc_ns();
}

uint64_t plat_clock_wall_ns(void)
{
	return wall_at_boot ? wall_at_boot + tsc_ns() : 0;
}

/* No interrupts: poll for input until the deadline. */
void plat_wait_until(uint64_t deadline_ns)
{
	while (tsc_ns() < deadline_ns && !console_input_waiting())
		cpu_relax();
}
