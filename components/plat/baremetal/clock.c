/*
 * Clocks on a PC: the TSC for monotonic time (the shared driver takes its
 * rate from CPUID where the CPU tells it, else measures it against the PIT),
 * and the CMOS real-time clock, read once at boot, for the wall clock.
 */
#include <unicore/plat.h>
#include "baremetal.h"
#include "../../drivers/pcclock.h"
#include "../../drivers/pcirq.h"
#include "../../drivers/virtio_net.h"

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

static int something_arrived(void)
{
	return console_input_waiting() || virtio_net_wake_pending();
}

/* Halts until the deadline (PIT), a key or serial byte, or a frame. */
void plat_wait_until(uint64_t deadline_ns)
{
	pcirq_idle_until(deadline_ns, something_arrived);
}

int plat_preempt_timer(uint64_t slice_ns)
{
	return pcirq_preempt(slice_ns);
}
