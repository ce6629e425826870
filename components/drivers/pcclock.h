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

#endif
