/*
 * Time on Xen: the shared info page, mapped into our physical address space
 * (XENMEM_add_to_physmap), carries vCPU 0's pvclock (Xen system time as a
 * scaled TSC offset) and the wall clock at system time 0. Monotonic time is
 * system time since boot; waiting is SCHEDOP_poll on the event channels
 * with a timeout (events.c), which needs no interrupts at all.
 */
#include <unicore/plat.h>
#include "drivers/ns16550.h"
#include "drivers/pcclock.h"
#include "drivers/virtio_console.h"
#include "platform.h"
#include "hypercall.h"

/* Xen replaces this page of RAM with the shared info page. */
static char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
struct shared_info *xen_shared_info;
static uint64_t boot_system_time;

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

uint64_t xen_system_time(void)
{
	volatile struct vcpu_time_info *t = &xen_shared_info->vcpu_info[0].time;
	uint32_t version;
	uint64_t now;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		now = t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	return now;
}

/* Wall time at system time 0, in ns since the epoch. */
static uint64_t wall_at_boot(void)
{
	volatile struct shared_info *s = xen_shared_info;
	uint32_t version;
	uint64_t ns;

	do {
		version = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = ((uint64_t)s->wc_sec_hi << 32 | s->wc_sec) * 1000000000ull + s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != s->wc_version);
	return ns;
}

void xen_clock_init(void)
{
	if (!xen_present) {
		pcclock_init();   /* no Xen: the PC clocks, as on kvm */
		return;
	}
	struct xen_add_to_physmap map = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page / PAGE_SIZE,
	};
	if (hyp_memory_op(XENMEM_add_to_physmap, &map) != 0) {
		/* Nothing sensible runs without a clock; the console still works. */
		static const char msg[] = "xen: cannot map the shared info page\n";
		hyp_console_io(CONSOLEIO_write, sizeof msg - 1, (void *)msg);
		plat_exit(UC_STATUS_ABRT);
	}
	xen_shared_info = (struct shared_info *)shared_info_page;
	boot_system_time = xen_system_time();
}

uint64_t plat_clock_monotonic_ns(void)
{
	if (!xen_present)
		return pcclock_monotonic_ns();
	return xen_system_time() - boot_system_time;
}

uint64_t plat_clock_wall_ns(void)
{
	if (!xen_present)
		return pcclock_wall_ns();
	return wall_at_boot() + xen_system_time();
}

/* The wait of plat_wait_until, inside an idle wait the caller has opened
 * (xen_preempt_idle(1): interrupts off, no tick). */
void xen_idle_until(uint64_t deadline_ns)
{
	if (!xen_present) {
		pcclock_wait_until(deadline_ns, ns16550_rx_ready);
		return;
	}
	uint64_t deadline = boot_system_time + deadline_ns;
	if (deadline < deadline_ns)            /* "forever" overflowed */
		deadline = 0;
	if (deadline && deadline <= xen_system_time())
		return;
	xen_block(deadline);
}

/* Console input that came after the caller looked (with interrupts on, the
 * preemption tick armed) ends the wait at once: virtio-console's MSI may
 * have been taken before the cli of xen_preempt_idle, and nothing else would
 * end the halt. Looked at with interrupts off, as on kvm (pc/clock.c): an
 * MSI after this look stays pending in the virtual APIC and ends the halt.
 * Event channels need no such look: their pending bits stay set until
 * xen_block has waited. */
void plat_wait_until(uint64_t deadline_ns)
{
	xen_preempt_idle(1);
	if (!virtio_console_rx_ready())
		xen_idle_until(deadline_ns);
	xen_preempt_idle(0);
}
