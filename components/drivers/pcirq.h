/*
 * Interrupts and idling on a PC: the two 8259 PICs remapped to vectors
 * ARCH_IRQ_BASE.. (every line masked until a driver asks for it), the local
 * APIC's timer (or PIT channel 0 until its rate is known, or without an APIC)
 * as a one-shot timer for deadlines, and an idle loop that halts the CPU
 * until a deadline or an event instead of polling.
 */
#ifndef UNICORE_DRIVERS_PCIRQ_H
#define UNICORE_DRIVERS_PCIRQ_H

#include <stdint.h>

/* Remaps and masks the PICs and installs the dispatcher. Without PICs
 * (pcirq_available() says 0) idling falls back to polling. */
void pcirq_init(void);
int pcirq_available(void);
/* Calls handler(arg) on every interrupt of ISA/PIC line irq (0-15) and
 * unmasks it. A line takes up to two handlers (shared PCI INTx). Handlers run
 * with interrupts off; a level-triggered device must quieten its line. */
void pcirq_enable(int irq, void (*handler)(void *), void *arg);
/* Returns once ready() says yes or the monotonic clock (pcclock) reaches
 * deadline_ns, halting in between; interrupts (timer, devices) wake it. */
void pcirq_idle_until(uint64_t deadline_ns, int (*ready)(void));
/* A message-signalled interrupt calling handler(arg) (then the EOI): the
 * address and data a device's MSI-X entry is to write. 0, or -ENOSYS where
 * devices interrupt only through the PICs (kvm, baremetal: this file's
 * pcirq.c). Xen's dom0 (plat/xen/irq.c, which implements this header's
 * pcirq_available, _enable, _idle_until, _poll_every and _msi on Xen's
 * virtual local APIC and event channels) has no PIC: MSIs only. */
int pcirq_msi(uint32_t *addr, uint32_t *data, void (*handler)(void *), void *arg);
/* For a device that cannot interrupt: idle waits wake at least every ns. */
void pcirq_poll_every(uint64_t ns);
/* Preemption (plat_preempt_timer): a timer interrupt every ns (0: off)
 * calls uc_preempt_tick. While on, the CPU runs with interrupts enabled
 * everywhere and only the timer's line is open; device lines open while
 * idling only, so drivers' handlers still run only there. 0, or -ENOSYS
 * without PICs. */
int pcirq_preempt(uint64_t ns);
/* How many interrupts were taken on line irq (for tests; PCIRQ_TIMER
 * counts the APIC timer's too). */
unsigned long pcirq_count(int irq);

#define PCIRQ_TIMER 0
#define PCIRQ_KEYBOARD 1
#define PCIRQ_COM1 4

#endif
