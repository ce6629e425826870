/*
 * plat.h's clocks on a PC (kvm, baremetal): the TSC for monotonic time, the
 * CMOS clock (read once at boot) plus TSC time for the wall clock. Waiting
 * halts the CPU until the one-shot timer, console input or a frame
 * (virtio-net) wakes it (pcirq); preemption ticks come from pcirq too.
 * pcclock_init() is called by the platform's start.
 */
#include <unicore/plat.h>
#include "drivers/pcclock.h"
#include "drivers/pcirq.h"
#include "drivers/virtio_net.h"
#include "pc.h"

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
	return pc_console_input_waiting() || virtio_net_wake_pending();
}

void plat_wait_until(uint64_t deadline_ns)
{
	pcirq_idle_until(deadline_ns, something_arrived);
}

int plat_preempt_timer(uint64_t slice_ns)
{
	return pcirq_preempt(slice_ns);
}
