/*
 * Monotonic time from the TSC. The frequency comes from CPUID (leaf 0x15, or
 * the hypervisor timing leaf 0x40000010) or, failing that, a 2 ms measurement
 * against PIT channel 2.
 */
#ifndef UNICORE_TSC_H
#define UNICORE_TSC_H

#include <stdint.h>

/* Finds the TSC frequency and starts the clock at 0. */
void tsc_init(void);
/* Nanoseconds since tsc_init(). */
uint64_t tsc_ns(void);

#endif
