/*
 * The one way the POSIX layer waits: sleep, poll/select, a blocking console
 * read, pause/sigwait. Threads and sockets build on it too: a socket's
 * readiness is a ready function, the network stack is driven between checks.
 */
#ifndef UNICORE_POSIX_WAIT_H
#define UNICORE_POSIX_WAIT_H

#include <stdint.h>

/* Whether what the caller waits for has happened; arg is the caller's. */
typedef int (*uc_ready_fn)(void *arg);

/* Idles (plat_wait_until, which wakes early on console input) until
 *   ready(arg) is true               -> returns 1 (ready may be NULL: never),
 *   a due signal ran its handler     -> returns -EINTR (only SIGALRM exists),
 *   the monotonic clock >= deadline  -> returns 0 (UINT64_MAX: no deadline),
 * checked in that order, so a ready caller never misses its result and a
 * due alarm is delivered even with a deadline already past. */
int uc_wait_until(uint64_t deadline_ns, uc_ready_fn ready, void *arg);

/* How the machine idles between checks: plat_wait_until until the socket
 * layer installs its backend's wait (lwIP: feed frames, loopback packets and
 * timers to the stack, then halt until the next timer; linuxu: watch the
 * host sockets somebody waits for as well). */
extern void (*uc_idle_hook)(uint64_t deadline_ns);

/* Idles the CPU until deadline_ns or an event, through uc_idle_hook when set:
 * what the scheduler does when no thread can run. */
void uc_idle(uint64_t deadline_ns);

/* The program's CPU time: the monotonic time it did not spend in uc_idle
 * (getrusage, times, clock, the CPU-time clocks). */
uint64_t uc_cpu_time_ns(void);

#endif
