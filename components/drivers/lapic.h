/*
 * The local APIC's timer, one-shot, for idle deadlines: one interrupt per
 * wait instead of the PIT's one per 55 ms. Its rate is not known in advance:
 * it is measured against the TSC during the first idle wait long enough
 * (lapic_calibrate_*), which the PIT times meanwhile. The APIC is used as
 * firmware left it (xAPIC mode, software-enabled, LINT0 passing the 8259s'
 * interrupts); its spurious vector is moved into our IDT.
 */
#ifndef UNICORE_DRIVERS_LAPIC_H
#define UNICORE_DRIVERS_LAPIC_H

#include <stdint.h>
#include "../arch/x86_64/arch.h"

#define LAPIC_TIMER_VECTOR    (ARCH_IRQ_BASE + 16)
#define LAPIC_SPURIOUS_VECTOR (ARCH_IRQ_BASE + 17)

/* 0 when there is a usable local APIC (its timer masked until calibrated). */
int lapic_init(void);
/* Without the timer: maps the APIC (xAPIC mode) and software-enables it,
 * whatever firmware left (a Xen PVH dom0's starts disabled). 0 or -1. */
int lapic_enable(void);
/* Its APIC ID, an MSI's destination (after lapic_init or lapic_enable). */
uint32_t lapic_id(void);
/* Whether lapic_arm can be used (the rate is known). */
int lapic_timer_ready(void);
/* Timer interrupt after ns nanoseconds (at most 10 s: later deadlines re-arm). */
void lapic_arm(uint64_t ns);
/* Acknowledges the interrupt in service (the timer's). */
void lapic_eoi(void);
/* Starts measuring: the timer counts down, masked, from its maximum. */
void lapic_calibrate_start(uint64_t now_ns);
/* Ends the measurement if at least 2 ms have passed since the start. */
void lapic_calibrate_finish(uint64_t now_ns);

#endif
