/*
 * The wait primitive (wait.h): check, then block the calling thread (other
 * threads run; the CPU idles when none can) until the earlier of the
 * caller's deadline and the pending alarm, or until ready(arg).
 */
#include <errno.h>
#include <unicore/plat.h>
#include "core.h"
#include "wait.h"
#include "posix/thread/sched.h"

void (*uc_idle_hook)(uint64_t deadline_ns);

/* Monotonic time spent in uc_idle: the CPU time clocks leave it out. */
static uint64_t idle_ns;

void uc_idle(uint64_t deadline_ns)
{
	uint64_t start = plat_clock_monotonic_ns();

	if (uc_idle_hook)
		uc_idle_hook(deadline_ns);
	else
		plat_wait_until(deadline_ns);
	idle_ns += plat_clock_monotonic_ns() - start;
}

/* Preemption off: a thread that idles between the two reads would make
 * the result go back. */
uint64_t uc_cpu_time_ns(void)
{
	uint64_t ns;

	uc_preempt_disable();
	ns = plat_clock_monotonic_ns() - idle_ns;
	uc_preempt_enable();
	return ns;
}

int uc_wait_until(uint64_t deadline, uc_ready_fn ready, void *arg)
{
	for (;;) {
		if (ready && ready(arg))
			return 1;
		if (uc_alarm_check())
			return -EINTR;
		if (plat_clock_monotonic_ns() >= deadline)
			return 0;
		uint64_t alarm = uc_alarm_deadline();
		/* Other threads run meanwhile (the CPU idles only when none can). */
		uc_sched_block(alarm && alarm < deadline ? alarm : deadline, ready, arg);
	}
}
