/*
 * Monotonic time from the TSC. The frequency comes from CPUID (leaf 0x15, or
 * the hypervisor timing leaf 0x40000010) or, failing that, a measurement of
 * at least 2 ms against PIT channel 2 that runs from tsc_init to the first
 * tsc_ns.
 */
#ifndef UNICORE_TSC_H
#define UNICORE_TSC_H

#include <stdint.h>

/* Starts the clock at 0 and finds (or starts measuring) the TSC frequency. */
void tsc_init(void);
/* Nanoseconds since tsc_init(); the first call ends the measurement. */
uint64_t tsc_ns(void);

#endif
