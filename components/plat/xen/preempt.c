/*
 * Preemption on Xen (plat_preempt_timer): VIRQ_TIMER bound to an event
 * channel and fired by a one-shot timer (VCPUOP_set_singleshot_timer)
 * re-armed on every tick; the event reaches us as the HVM callback vector
 * (HVM_PARAM_CALLBACK_IRQ, type vector), whose entry is the arch's
 * interrupt path (irqs.S saves the interrupted state). Every other port is
 * masked: the console keeps working through SCHEDOP_poll, which looks at
 * pending bits only. While idling the tick is stopped, so an idle guest
 * still costs one wake per deadline. Without Xen: -ENOSYS.
 */
#include <errno.h>
#include <unicore/plat.h>
#include "../../arch/x86_64/arch.h"
#include "platform.h"
#include "hypercall.h"

#define __HYPERVISOR_vcpu_op 24
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
#define VIRQ_TIMER 0
#define HVMOP_set_param 0
#define HVM_PARAM_CALLBACK_IRQ 0
#define CALLBACK_TYPE_VECTOR (2ull << 56)
#define CALLBACK_VECTOR (ARCH_IRQ_BASE + 16)

static uint32_t timer_port;
static uint64_t slice_ns;
static int idling;

static long vcpu_op(int cmd, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, 0, (unsigned long)arg);
}

static void arm(void)
{
	struct { uint64_t timeout_abs_ns; uint32_t flags; } t = { xen_system_time() + slice_ns, 0 };
	vcpu_op(VCPUOP_set_singleshot_timer, &t);
}

static int take_pending(uint32_t port)
{
	unsigned long bit = 1ul << (port % 64);
	return (__atomic_fetch_and(&xen_shared_info->evtchn_pending[port / 64], ~bit,
		__ATOMIC_SEQ_CST) & bit) != 0;
}

static void upcall(unsigned vector)
{
	struct vcpu_info *v = &xen_shared_info->vcpu_info[0];

	v->evtchn_upcall_pending = 0;
	__atomic_store_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	if (!take_pending(timer_port) || !slice_ns || idling)
		return;
	arm();
	uc_preempt_tick(arch_irq_pc);
}

static int setup(void)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct xen_hvm_param cb = {
		.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
		.value = CALLBACK_TYPE_VECTOR | CALLBACK_VECTOR,
	};

	if (hyp_event_channel_op(EVTCHNOP_bind_virq, &bind) != 0)
		return -ENOSYS;
	timer_port = bind.port;
	for (int i = 0; i < 64; i++)
		xen_shared_info->evtchn_mask[i] = ~0ul;
	__atomic_fetch_and(&xen_shared_info->evtchn_mask[timer_port / 64],
		~(1ul << (timer_port % 64)), __ATOMIC_SEQ_CST);
	arch_irq_set_handler(upcall);
	if (hyp_hvm_op(HVMOP_set_param, &cb) != 0)
		return -ENOSYS;
	xen_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	return 0;
}

int plat_preempt_timer(uint64_t ns)
{
	if (!xen_present)
		return -ENOSYS;
	if (!timer_port && setup() < 0)
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
		vcpu_op(VCPUOP_stop_singleshot_timer, 0);
		take_pending(timer_port);
		return;
	}
	idling = 0;
	arm();
	__asm__ volatile("sti" ::: "memory");
}
