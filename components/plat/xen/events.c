/*
 * Event channels without interrupts: the guest blocks in SCHEDOP_poll on the
 * ports it cares about (console input, xenstore, devices), so an idle domain
 * uses no CPU, and each waiter looks at its ring again when woken. Pending
 * bits are cleared before the rings are looked at, so no event is lost.
 */
#include <unicore/plat.h>
#include "platform.h"
#include "hypercall.h"

#define MAX_PORTS 8

static uint32_t ports[MAX_PORTS];
static unsigned int nports;

void xen_wake_on(uint32_t port)
{
	for (unsigned int i = 0; i < nports; i++)
		if (ports[i] == port)
			return;
	if (port != 0 && nports < MAX_PORTS)
		ports[nports++] = port;
}

void xen_notify(uint32_t port)
{
	struct evtchn_send send = { .port = port };
	hyp_event_channel_op(EVTCHNOP_send, &send);
}

static void clear_pending(uint32_t port)
{
	__atomic_fetch_and(&xen_shared_info->evtchn_pending[port / 64],
		~(1ul << (port % 64)), __ATOMIC_SEQ_CST);
}

void xen_block(uint64_t deadline)
{
	struct sched_poll poll = { .ports = ports, .nr_ports = nports, .timeout = deadline };

	if (!xen_shared_info)      /* before the clock is up: nothing to wait with */
		return;

	/* With no port and no deadline nothing could wake us: look again in 10 ms. */
	if (nports == 0 && deadline == 0)
		poll.timeout = xen_system_time() + 10000000;
	hyp_sched_op(SCHEDOP_poll, &poll);
	for (unsigned int i = 0; i < nports; i++)
		clear_pending(ports[i]);
	xen_control_service();
}
