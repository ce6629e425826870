/*
 * kvm clocks: the TSC for monotonic time, the CMOS clock (read once at boot)
 * plus TSC time for the wall clock. No interrupts are set up, so waiting is
 * polling the clock and the UART, with pause to be kind to the host.
 */
#include <unicore/plat.h>
#include "../../drivers/cmos.h"
#include "../../drivers/ns16550.h"
#include "../../drivers/tsc.h"
#include "kvm.h"

static uint64_t wall_at_boot;

void kvm_clock_init(void)
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

void plat_wait_until(uint64_t deadline_ns)
{
	while (tsc_ns() < deadline_ns && !ns16550_rx_ready())
		__asm__ volatile("pause");
}
