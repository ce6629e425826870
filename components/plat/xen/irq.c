/*
 * Interrupts of a PVH guest. Event channels reach us as Xen's callback
 * vector (HVM_PARAM_CALLBACK_IRQ, type vector: no EOI), set up on first use
 * with VIRQ_TIMER bound (preemption ticks, deadlines of halted waits) and
 * every other port masked. A dom0 also owns the machine's PCI devices, whose
 * MSIs Xen's vPCI delivers to its virtual local APIC: this file gives the
 * shared drivers the part of drivers/pcirq.h they use (pcirq_msi,
 * pcirq_idle_until...) on that APIC, so virtio-console runs here as on kvm.
 * Once a device interrupts this way, idle waits halt (events.c) instead of
 * SCHEDOP_poll, which an APIC interrupt does not end.
 */
#include <errno.h>
#include <stdint.h>
#include <unicore/plat.h>
#include "arch/x86_64/arch.h"
#include "drivers/lapic.h"
#include "drivers/pcirq.h"
#include "platform.h"
#include "hypercall.h"

#define VIRQ_TIMER 0
#define HVMOP_set_param 0
#define HVM_PARAM_CALLBACK_IRQ 0
#define CALLBACK_TYPE_VECTOR (2ull << 56)
#define CALLBACK_VECTOR (ARCH_IRQ_BASE + 16)
#define MSI_VECTOR      (ARCH_IRQ_BASE + 1)
#define MSI_ADDRESS 0xfee00000u       /* fixed delivery, physical destination */

uint32_t xen_timer_port;
unsigned long xen_msi_count;
static void (*msi_handler)(void *);
static void *msi_arg;
static uint64_t poll_ns;

static void dispatch(unsigned vector)
{
	if (vector == CALLBACK_VECTOR) {
		struct vcpu_info *v = &xen_shared_info->vcpu_info[0];
		v->evtchn_upcall_pending = 0;
		__atomic_store_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		xen_preempt_upcall();
	} else if (vector == MSI_VECTOR) {
		xen_msi_count++;
		if (msi_handler)
			msi_handler(msi_arg);
		lapic_eoi();      /* always: a vector left in service blocks the rest */
	}
}

int xen_upcalls_init(void)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct xen_hvm_param cb = {
		.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
		.value = CALLBACK_TYPE_VECTOR | CALLBACK_VECTOR,
	};

	if (!xen_present)
		return -ENOSYS;
	if (xen_timer_port)
		return 0;
	if (hyp_event_channel_op(EVTCHNOP_bind_virq, &bind) != 0)
		return -ENOSYS;
	for (int i = 0; i < 64; i++)
		xen_shared_info->evtchn_mask[i] = ~0ul;
	xen_unmask(bind.port);
	arch_irq_set_handler(dispatch);
	if (hyp_hvm_op(HVMOP_set_param, &cb) != 0)
		return -ENOSYS;
	xen_timer_port = bind.port;
	xen_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	return 0;
}

int pcirq_msi(uint32_t *addr, uint32_t *data, void (*handler)(void *), void *arg)
{
	/* The virtual local APIC starts software-disabled (it takes no interrupt). */
	if (!xen_present || !xen_initdomain || msi_handler || xen_upcalls_init() != 0 || lapic_enable() != 0)
		return -ENOSYS;
	msi_handler = handler;
	msi_arg = arg;
	*addr = MSI_ADDRESS | lapic_id() << 12;
	*data = MSI_VECTOR;                   /* fixed, edge */
	xen_block_by_halting();
	return 0;
}

/* No 8259s on PVH: devices without MSI-X get no line (and are polled). */
int pcirq_available(void)
{
	return 0;
}

void pcirq_enable(int irq, void (*handler)(void *), void *arg)
{
}

void pcirq_poll_every(uint64_t ns)
{
	if (!poll_ns || ns < poll_ns)
		poll_ns = ns;
}

/* Interrupts stay off (xen_preempt_idle) from each ready() to the halt
 * that follows it: an MSI that makes ready() true after it looked stays in
 * the virtual APIC's IRR and ends that halt (sti; hlt). With them on (the
 * preemption tick armed), the handler could take it in between and the
 * halt would wait for the next interrupt, which may never come. */
void pcirq_idle_until(uint64_t deadline_ns, int (*ready)(void))
{
	xen_preempt_idle(1);
	for (;;) {
		if (ready())
			break;
		uint64_t now = plat_clock_monotonic_ns();
		if (now >= deadline_ns)
			break;
		uint64_t until = deadline_ns;
		if (poll_ns && until - now > poll_ns)
			until = now + poll_ns;
		xen_idle_until(until);
	}
	xen_preempt_idle(0);
}
