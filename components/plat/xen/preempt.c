/*
 * Preemption on Xen (plat_preempt_timer): VIRQ_TIMER, fired by a one-shot
 * timer (VCPUOP_set_singleshot_timer) re-armed on every tick, reaches us
 * through the callback vector (irq.c), whose entry is the arch's interrupt
 * path (irqs.S saves the interrupted state). Every other port is masked
 * (but the wake ports of halted waits, events.c): the console keeps working
 * through SCHEDOP_poll, which looks at pending bits only. While idling the
 * tick is stopped, so an idle guest still costs one wake per deadline.
 * Without Xen: -ENOSYS.
 */
#include <errno.h>
#include <unicore/plat.h>
#include "../../arch/x86_64/arch.h"
#include "platform.h"
#include "hypercall.h"

static uint64_t slice_ns;
static int idling;

static void arm(void)
{
	xen_timer_at(xen_system_time() + slice_ns);
}

/* The callback vector fired: a tick if the timer's port is what fired. */
void xen_preempt_upcall(void)
{
	if (!xen_take_pending(xen_timer_port) || !slice_ns || idling)
		return;
	arm();
	uc_preempt_tick(arch_irq_pc);
}

int plat_preempt_timer(uint64_t ns)
{
	if (!xen_present || xen_upcalls_init() < 0)
		return -ENOSYS;
	__asm__ volatile("cli" ::: "memory");
	slice_ns = ns;
	if (!ns)
		return 0;               /* interrupts stay off */
	arm();
	__asm__ volatile("sti" ::: "memory");
	return 0;
}

/* Around an idle wait: no ticks, so the wait is not cut short by them. */
void xen_preempt_idle(int begin)
{
	if (!slice_ns)
		return;
	if (begin) {
		__asm__ volatile("cli" ::: "memory");
		idling = 1;
		xen_timer_stop();
		xen_take_pending(xen_timer_port);
		return;
	}
	idling = 0;
	arm();
	__asm__ volatile("sti" ::: "memory");
}
