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
/* plat_wait_until without xen_preempt_idle: for a caller that keeps
 * interrupts off from its own look at what it waits for to the halt. */
void xen_idle_until(uint64_t deadline_ns);
/* events.c: event channels, polled. xen_block waits until Xen system time
 * reaches deadline (0: none) or a port given to xen_wake_on fires, clears
 * their pending bits and lets the control service run. */
void xen_wake_on(uint32_t port);
void xen_notify(uint32_t port);
void xen_block(uint64_t deadline);
/* From now on xen_block halts (sti; hlt) instead of polling: APIC
 * interrupts wake it too (irq.c, once a device interrupts that way). */
void xen_block_by_halting(void);
void xen_unmask(uint32_t port);
/* Clears port's pending bit; whether it was set. */
int xen_take_pending(uint32_t port);
/* VCPUOP one-shot timer (fires VIRQ_TIMER) at Xen system time, or off. */
void xen_timer_at(uint64_t system_time);
void xen_timer_stop(void);

/* irq.c: the callback vector, VIRQ_TIMER on xen_timer_port, all other ports
 * masked; 0 or -ENOSYS. Idempotent. */
int xen_upcalls_init(void);
extern uint32_t xen_timer_port;
extern unsigned long xen_msi_count;   /* MSIs taken so far (events.c's watchdog) */

/* console.c: picks the console ring, console_io, or COM1; flush waits (a
 * while) until xenconsoled has read the ring. */
void xen_console_init(void);
void xen_console_flush(void);
/* After dmamem_init: a dom0's virtio-console (QEMU's, from `unicore run`). */
void xen_console_devices(void);

/* xenstore.c: the xenstore client of a domU (ring + event channel). Paths not
 * starting with '/' are under the domain's home. Return 0 or -errno;
 * xs_read returns the value's length and NUL-terminates it. */
int xs_init(void);
long xs_read(const char *path, char *buf, size_t len);
int xs_write(const char *path, const char *value);
int xs_watch(const char *path, const char *token);
/* Takes the watch events that arrived; returns how many. Never blocks. */
int xs_take_events(void);

/* control.c: the toolstack's requests (control/shutdown: xl shutdown). */
void xen_control_init(void);
void xen_control_service(void);
extern int xen_shutdown_requested;   /* a SHUTDOWN_* reason + 1, or 0 */

/* gnttab.c: grant tables (version 1), the base of every split driver. */
int gnttab_init(void);
/* Lets domid access our page at pfn; returns the grant reference or -errno. */
int gnttab_grant(uint16_t domid, unsigned long pfn, int readonly);
/* Takes the grant back; -EBUSY while the other side still has it mapped. */
int gnttab_end(int ref);

/* netfront.c: the vif of a domU. netfront_reserve takes memory for its rings
 * off the heap at boot (dmamem) when the domain has one; plat_net_probe
 * connects; netfront_close tells the backend we go. */
void netfront_reserve(void);
void netfront_close(void);

#define PAGE_SIZE 4096UL

/* Platforms may not call strcmp (docs/architecture.md): our own. */
static inline int xen_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* preempt.c: stops the preemption tick around an idle wait (begin 1, then 0). */
void xen_preempt_idle(int begin);
/* The callback vector fired (irq.c). */
void xen_preempt_upcall(void);

#endif
