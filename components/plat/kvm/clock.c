/*
 * kvm clocks: the TSC for monotonic time, the CMOS clock (read once at boot)
 * plus TSC time for the wall clock. Waiting halts the CPU until the PIT's
 * one-shot, console input (COM1's interrupt) or a frame (virtio-net's).
 */
#include <unicore/plat.h>
#include "../../drivers/ns16550.h"
#include "../../drivers/pcclock.h"
#include "../../drivers/pcirq.h"
#include "../../drivers/virtio_net.h"
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

static int something_arrived(void)
{
	return ns16550_rx_ready() || virtio_net_wake_pending();
}

void plat_wait_until(uint64_t deadline_ns)
{
	pcirq_idle_until(deadline_ns, something_arrived);
}

int plat_preempt_timer(uint64_t slice_ns)
{
	return pcirq_preempt(slice_ns);
}
