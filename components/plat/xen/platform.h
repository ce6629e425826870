/*
 * What the parts of the Xen platform share. One image runs both as a Xen PVH
 * guest and, when CPUID shows no Xen, under QEMU's own PVH loader (or any PVH
 * loader without Xen) on the shared drivers: COM1, TSC/CMOS, isa-debug-exit.
 */
#ifndef UNICORE_XEN_PLATFORM_H
#define UNICORE_XEN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include "xen.h"

/* Set once at boot, before anything else runs. */
extern int xen_present;          /* we run on Xen and the hypercall page is up */
extern int xen_initdomain;       /* ... as the hardware domain (dom0) */

/* hypercall.c: finds Xen's CPUID leaves and installs the hypercall page.
 * Returns 0, or -1 when there is no Xen. */
int xen_hypercall_init(void);

/* clock.c: maps the shared info page and starts the clocks; the no-Xen
 * variant uses the TSC and the CMOS clock. */
void xen_clock_init(void);
extern struct shared_info *xen_shared_info;
uint64_t xen_system_time(void);  /* Xen system time (ns), for SCHEDOP_poll */
/* Waits until Xen system time reaches deadline (0: forever) or port fires,
 * then clears the port's pending bit. */
void xen_poll_port(uint32_t port, uint64_t deadline);

/* console.c: picks the console ring, console_io, or COM1. */
void xen_console_init(void);

#define PAGE_SIZE 4096UL

/* preempt.c: stops the preemption tick around an idle wait (begin 1, then 0). */
void xen_preempt_idle(int begin);

#endif
