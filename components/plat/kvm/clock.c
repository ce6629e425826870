/*
 * kvm clocks: the TSC for monotonic time, the CMOS clock (read once at boot)
 * plus TSC time for the wall clock. No interrupts are set up, so waiting is
 * polling the clock and the UART, with pause to be kind to the host.
 */
#include <unicore/plat.h>
#include "drivers/ns16550.h"
#include "drivers/pcclock.h"
#include "kvm.h"

void kvm_clock_init(void)
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

void plat_wait_until(uint64_t deadline_ns)
{
	while (pcclock_monotonic_ns() < deadline_ns && !ns16550_rx_ready())
		__asm__ volatile("pause");
}
