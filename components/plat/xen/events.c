/*
 * Event channels without handlers: the guest blocks in SCHEDOP_poll on the
 * ports it cares about (console input, xenstore, devices), so an idle domain
 * uses no CPU, and each waiter looks at its ring again when woken. Pending
 * bits are cleared before the rings are looked at, so no event is lost.
 * A dom0 whose devices interrupt through its local APIC (irq.c) halts
 * instead (sti; hlt, which Xen turns into a block): the same ports, unmasked,
 * end it through the callback vector, a deadline through VIRQ_TIMER, and so
 * does any APIC interrupt.
 */
#include <unicore/plat.h>
#include "arch/x86_64/arch.h"
#include "platform.h"
#include "hypercall.h"

#define MAX_PORTS 8
#define __HYPERVISOR_vcpu_op 24
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9

static uint32_t ports[MAX_PORTS];
static unsigned int nports;
static int halting;

void xen_unmask(uint32_t port)
{
	__atomic_fetch_and(&xen_shared_info->evtchn_mask[port / 64],
		~(1ul << (port % 64)), __ATOMIC_SEQ_CST);
}

void xen_wake_on(uint32_t port)
{
	for (unsigned int i = 0; i < nports; i++)
		if (ports[i] == port)
			return;
	if (port != 0 && nports < MAX_PORTS) {
		ports[nports++] = port;
		if (halting)
			xen_unmask(port);
	}
}

void xen_block_by_halting(void)
{
	halting = 1;
	for (unsigned int i = 0; i < nports; i++)
		xen_unmask(ports[i]);
}

void xen_notify(uint32_t port)
{
	struct evtchn_send send = { .port = port };
	hyp_event_channel_op(EVTCHNOP_send, &send);
}

int xen_take_pending(uint32_t port)
{
	unsigned long bit = 1ul << (port % 64);
	return (__atomic_fetch_and(&xen_shared_info->evtchn_pending[port / 64], ~bit,
		__ATOMIC_SEQ_CST) & bit) != 0;
}

static int pending(uint32_t port)
{
	return (__atomic_load_n(&xen_shared_info->evtchn_pending[port / 64],
		__ATOMIC_SEQ_CST) >> (port % 64)) & 1;
}

void xen_timer_at(uint64_t system_time)
{
	struct { uint64_t timeout_abs_ns; uint32_t flags; } t = { system_time, 0 };
	hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (unsigned long)&t);
}

void xen_timer_stop(void)
{
	hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer, 0, 0);
}

/* Called with interrupts off since the caller last looked at what it waits
 * for (xen_idle_until, pcirq_idle_until, plat_console_read; preemption
 * stopped by xen_preempt_idle): an MSI or event that comes after that look
 * stays pending (virtual APIC IRR, evtchn_upcall_pending) and ends the hlt
 * right after sti, so no wake-up is lost and no cap is needed. No deadline:
 * no timer (a stale one from an earlier wait only wakes us once more). */
static void halt(uint64_t deadline)
{
	for (unsigned int i = 0; i < nports; i++)
		if (pending(ports[i]))
			return;
	if (deadline)
		xen_timer_at(deadline);
	arch_wait_for_interrupt();
}

void xen_block(uint64_t deadline)
{
	struct sched_poll poll = { .ports = ports, .nr_ports = nports, .timeout = deadline };

	if (!xen_shared_info)      /* before the clock is up: nothing to wait with */
		return;

	if (halting) {
		halt(deadline);
	} else {
		/* With no port and no deadline nothing could wake us: look again in 10 ms. */
		if (nports == 0 && deadline == 0)
			poll.timeout = xen_system_time() + 10000000;
		hyp_sched_op(SCHEDOP_poll, &poll);
	}
	for (unsigned int i = 0; i < nports; i++)
		xen_take_pending(ports[i]);
	xen_control_service();
}
