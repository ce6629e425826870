/*
 * plat.h's clocks on a PC (kvm, baremetal): the TSC for monotonic time, the
 * CMOS clock (read once at boot) plus TSC time for the wall clock; waiting
 * polls the clock and the console, since no interrupts are set up.
 * pcclock_init() is called by the platform's start.
 */
#include <unicore/plat.h>
#include "drivers/pcclock.h"
#include "pc.h"

uint64_t plat_clock_monotonic_ns(void)
{
	return pcclock_monotonic_ns();
}

uint64_t plat_clock_wall_ns(void)
{
	return pcclock_wall_ns();
}

void plat_wait_until(uint64_t deadline_ns)
{
	pcclock_wait_until(deadline_ns, pc_console_input_waiting);
}
