/*
 * Clocks, waiting and exit through the host kernel.
 */
#include <unicore/plat.h>
#include "syscall.h"

#define NS 1000000000ull

uint64_t linuxu_boot_ns;

static uint64_t now_ns(int clock)
{
	struct lx_timespec ts;
	lx_syscall(SYS_clock_gettime, clock, &ts, 0);
	return ts.tv_sec * NS + ts.tv_nsec;
}

uint64_t plat_clock_monotonic_ns(void)
{
	return now_ns(LX_CLOCK_MONOTONIC) - linuxu_boot_ns;
}

uint64_t plat_clock_wall_ns(void)
{
	return now_ns(LX_CLOCK_REALTIME);
}

/* Sleeps until the deadline, waking early when stdin has input. Once input
 * has been reported and not read, the next waits are plain sleeps: waking
 * for the same input again and again would only spin. */
void plat_wait_until(uint64_t deadline)
{
	uint64_t now = plat_clock_monotonic_ns();
	struct lx_timespec left, *timeout = &left;
	struct lx_pollfd p = { .fd = 0, .events = LX_POLLIN };

	if (deadline <= now)
		return;
	if (deadline - now > 100000 * NS)     /* "for ever", without overflow */
		timeout = 0;
	else {
		left.tv_sec = (deadline - now) / NS;
		left.tv_nsec = (deadline - now) % NS;
	}
	if (linuxu_input_reported) {
		struct lx_timespec at = { (deadline + linuxu_boot_ns) / NS, (deadline + linuxu_boot_ns) % NS };
		if (!timeout)
			at.tv_sec = 1l << 40;
		lx_syscall4(SYS_clock_nanosleep, LX_CLOCK_MONOTONIC, LX_TIMER_ABSTIME, &at, 0);
		return;
	}
	if (lx_syscall4(SYS_ppoll, &p, 1, timeout, 0) > 0)
		linuxu_input_reported = 1;
}

_Noreturn void plat_exit(int status)
{
	int sig = linuxu_crash_signal();

	/* A crash the kernel reported dies of the same signal, so that the
	 * shell sees what it would for a native program. */
	if (sig) {
		struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; } dfl = { 0 };
		unsigned long unblock = 1ul << (sig - 1);
		lx_syscall4(SYS_rt_sigaction, sig, &dfl, 0, 8);
		lx_syscall4(SYS_rt_sigprocmask, 1 /* SIG_UNBLOCK */, &unblock, 0, 8);
		lx_syscall(SYS_kill, lx_syscall(SYS_getpid, 0, 0, 0), sig, 0);
	}
	for (;;)
		lx_syscall(SYS_exit_group, status, 0, 0);
}
