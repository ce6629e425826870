/*
 * The clocks every PC has, for platforms without paravirtual ones (kvm,
 * baremetal, xen without Xen): the TSC for monotonic time, and the CMOS
 * clock read once at boot plus TSC time since then for the wall clock.
 */
#ifndef UNICORE_PCCLOCK_H
#define UNICORE_PCCLOCK_H

#include <stdint.h>

void pcclock_init(void);
uint64_t pcclock_monotonic_ns(void);
/* 0 when the machine has no sensible RTC. */
uint64_t pcclock_wall_ns(void);
/* Polls (no interrupts are set up) until the monotonic clock reaches
 * deadline_ns or input_waiting() says console input is there. */
void pcclock_wait_until(uint64_t deadline_ns, int (*input_waiting)(void));

#endif
