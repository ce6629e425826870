/*
 * The wait primitive (wait.h): check, then idle until the earlier of the
 * caller's deadline and the pending alarm.
 */
#include <errno.h>
#include <unicore/plat.h>
#include "core.h"
#include "wait.h"

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
		plat_wait_until(alarm && alarm < deadline ? alarm : deadline);
	}
}
