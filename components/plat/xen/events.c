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
 * for (xen_idle_until, pcirq_idle_until, plat_wait_until; preemption
 * stopped by xen_preempt_idle): an MSI or event that comes after that look
 * stays pending (virtual APIC IRR, evtchn_upcall_pending) and ends the hlt
 * right after sti.
 *
 * All the same a halt ends by the one-shot timer after at most watchdog_ns,
 * and the waiter looks at its rings again: with that ordering right and no
 * timer, 1 of 18 runs of 5 MB of stdin (single-threaded, so interrupts were
 * off outside sti; hlt) hung; with a 3 s watchdog, 1 of 100 stalled with the
 * receive ring full, the device's ISR 0, the virtual APIC's IRR and ISR
 * empty and the MSI-X entry unmasked with nothing pending in its PBA: an
 * MSI lost or held between QEMU's IOMMU, Xen's vPCI/dpci and the virtual
 * APIC (cause not found; docs/architecture.md). The watchdog starts at
 * 10 ms, doubles after each halt that it ended with no MSI since the last,
 * up to 1 s, and falls back to 10 ms with the next MSI: a stream that loses
 * one waits 10 ms, an idle dom0 wakes about once a second (it woke 100 times
 * a second with a flat 10 ms cap). */
#define WATCHDOG_MIN_NS 10000000ull
#define WATCHDOG_MAX_NS 1000000000ull
static uint64_t watchdog_ns = WATCHDOG_MIN_NS;

static void halt(uint64_t deadline)
{
	for (unsigned int i = 0; i < nports; i++)
		if (pending(ports[i]))
			return;
	unsigned long msis = xen_msi_count;
	uint64_t latest = xen_system_time() + watchdog_ns;
	xen_timer_at(deadline && deadline < latest ? deadline : latest);
	arch_wait_for_interrupt();
	if (xen_msi_count != msis)
		watchdog_ns = WATCHDOG_MIN_NS;
	else if (watchdog_ns < WATCHDOG_MAX_NS && xen_system_time() >= latest)
		watchdog_ns *= 2;
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
