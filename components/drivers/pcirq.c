/*
 * 8259A PIC pair + local APIC timer or PIT channel 0 + halting idle loop
 * (see pcirq.h). The PIT counts down at 1.193182 MHz from at most 65535
 * (55 ms): a longer wait is a chain of one-shots, a wake-up every 55 ms. So
 * the local APIC's timer takes over once its rate is measured (lapic.h);
 * the PIT times the waits until then, and is all there is without an APIC.
 */
#include <errno.h>
#include <stdint.h>
#include <unicore/plat.h>
#include "pcirq.h"
#include "lapic.h"
#include "pcclock.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11            /* edge mode per ELCR, cascade, ICW4 */
#define ICW4_8086 0x01
#define OCW2_EOI  0x20
#define OCW3_READ_ISR 0x0b
#define CASCADE_IRQ 2

#define PIT_HZ 1193182ull
#define PIT_CH0   0x40
#define PIT_CMD   0x43
#define PIT_CH0_ONESHOT 0x30           /* channel 0, lo/hi byte, mode 0 */
#define PIT_MAX 0xffff

#define HANDLERS_PER_LINE 2

static struct {
	void (*fn)(void *);
	void *arg;
} handlers[16][HANDLERS_PER_LINE];
static unsigned long counts[16];
static uint16_t mask = 0xffff;
static int present;
static uint64_t poll_ns = UINT64_MAX;
static uint64_t slice_ns;              /* preemption tick, 0: off */
static int idling;

static void write_pics(uint16_t m)
{
	outb(PIC1_DATA, m & 0xff);
	outb(PIC2_DATA, m >> 8);
}

static void write_mask(void)
{
	write_pics(mask);
}

/* Outside idle with preemption on: the timer's line only. */
static void write_running_mask(void)
{
	write_pics(mask | ~(uint16_t)(1u << PCIRQ_TIMER | 1u << CASCADE_IRQ));
}

static void pit_arm(uint64_t ns);

static void arm(uint64_t ns)
{
	if (lapic_timer_ready())
		lapic_arm(ns);
	else
		pit_arm(ns);
}

/* After the timer's interrupt is acknowledged: the next tick, then the
 * runtime, which may switch threads from here. */
static void preempt_tick(void)
{
	if (!slice_ns || idling)
		return;
	arm(slice_ns);
	uc_preempt_tick(arch_irq_pc);
}

static uint16_t in_service(void)
{
	outb(PIC1_CMD, OCW3_READ_ISR);
	outb(PIC2_CMD, OCW3_READ_ISR);
	return inb(PIC1_CMD) | (uint16_t)inb(PIC2_CMD) << 8;
}

static void dispatch(unsigned vector)
{
	int irq = vector - ARCH_IRQ_BASE;

	if (vector == LAPIC_TIMER_VECTOR) {
		counts[PCIRQ_TIMER]++;
		lapic_eoi();
		preempt_tick();
		return;
	}
	if (vector == LAPIC_SPURIOUS_VECTOR)
		return;                  /* no EOI for these */

	/* A line that dropped before the CPU took it shows as IRQ 7 or 15
	 * with nothing in service: spurious, and not to be acknowledged. */
	if ((irq == 7 || irq == 15) && !(in_service() & (1u << irq))) {
		if (irq == 15)
			outb(PIC1_CMD, OCW2_EOI);
		return;
	}
	counts[irq]++;
	for (int i = 0; i < HANDLERS_PER_LINE; i++)
		if (handlers[irq][i].fn)
			handlers[irq][i].fn(handlers[irq][i].arg);
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
	if (irq == PCIRQ_TIMER)
		preempt_tick();
}

int pcirq_preempt(uint64_t ns)
{
	if (!present)
		return -ENOSYS;
	__asm__ volatile("cli" ::: "memory");
	slice_ns = ns;
	if (!ns) {
		write_mask();
		return 0;               /* interrupts stay off outside idle */
	}
	write_running_mask();
	arm(ns);
	__asm__ volatile("sti" ::: "memory");
	return 0;
}

void pcirq_init(void)
{
	/* A PIC keeps the mask written; no PIC reads back 0xff. */
	outb(PIC1_DATA, 0xa5);
	if (inb(PIC1_DATA) != 0xa5)
		return;
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, ARCH_IRQ_BASE);
	outb(PIC2_DATA, ARCH_IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ);
	outb(PIC2_DATA, CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	mask = 0xffff & ~(1u << CASCADE_IRQ);
	write_mask();
	arch_irq_set_handler(dispatch);
	present = 1;
	pcirq_enable(PCIRQ_TIMER, 0, 0);
	lapic_init();
}

int pcirq_available(void)
{
	return present;
}

void pcirq_enable(int irq, void (*handler)(void *), void *arg)
{
	if (!present || irq < 0 || irq >= 16)
		return;
	for (int i = 0; handler && i < HANDLERS_PER_LINE; i++) {
		if (!handlers[irq][i].fn) {
			handlers[irq][i].fn = handler;
			handlers[irq][i].arg = arg;
			break;
		}
	}
	mask &= ~(1u << irq);
	write_mask();
}

void pcirq_poll_every(uint64_t ns)
{
	if (ns < poll_ns)
		poll_ns = ns;
}

/* The PICs' platforms give devices no MSI: INTx only. */
int pcirq_msi(uint32_t *addr, uint32_t *data, void (*handler)(void *), void *arg)
{
	return -ENOSYS;
}

unsigned long pcirq_count(int irq)
{
	return irq >= 0 && irq < 16 ? counts[irq] : 0;
}

/* IRQ 0 after ns nanoseconds, or after 55 ms if that is sooner. */
static void pit_arm(uint64_t ns)
{
	uint64_t ticks = ns > 60000000 ? PIT_MAX : ns * PIT_HZ / 1000000000 + 1;

	if (ticks > PIT_MAX)
		ticks = PIT_MAX;
	outb(PIT_CMD, PIT_CH0_ONESHOT);
	outb(PIT_CH0, ticks & 0xff);
	outb(PIT_CH0, ticks >> 8);
}

static void idle_loop(uint64_t deadline_ns, int (*ready)(void));

/* With preemption on, idling opens the device lines and stops the tick. */
void pcirq_idle_until(uint64_t deadline_ns, int (*ready)(void))
{
	if (!slice_ns) {
		idle_loop(deadline_ns, ready);
		return;
	}
	__asm__ volatile("cli" ::: "memory");
	idling = 1;
	write_mask();
	idle_loop(deadline_ns, ready);
	write_running_mask();
	idling = 0;
	arm(slice_ns);
	__asm__ volatile("sti" ::: "memory");
}

static void idle_loop(uint64_t deadline_ns, int (*ready)(void))
{
	for (;;) {
		uint64_t now = pcclock_monotonic_ns();
		if (now >= deadline_ns || ready())
			return;
		if (!present) {
			cpu_relax();
			continue;
		}
		uint64_t wait = deadline_ns - now < poll_ns ? deadline_ns - now : poll_ns;
		if (lapic_timer_ready()) {
			lapic_arm(wait);
		} else {
			lapic_calibrate_start(now);
			pit_arm(wait);
		}
		arch_wait_for_interrupt();
		lapic_calibrate_finish(pcclock_monotonic_ns());
	}
}
