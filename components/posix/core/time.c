/*
 * Clocks and sleeping over the platform's monotonic and wall clocks. The wall
 * clock is read once at boot and then advanced with the monotonic clock, so
 * reading the time costs the same as reading the monotonic clock.
 * CPU time is the time since boot the CPU did not spend idle (uc_cpu_time_ns)
 * for the process; a thread's (CLOCK_THREAD_CPUTIME_ID, pthread_getcpuclockid)
 * is its share of it, counted by the scheduler at each switch.
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <unicore/plat.h>
#include "core.h"
#include "wait.h"
#include "posix/thread/sched.h"

#define NS 1000000000ull
/* Newlib's clock() divides times() by CLOCKS_PER_SEC, so ticks are those. */
#define TICK_NS (NS / CLOCKS_PER_SEC)

/* Clock ids newlib names only for _GNU_SOURCE (and the thread CPU-time clock,
 * under _POSIX_THREAD_CPUTIME, which sys/features.h sets). */
#define CLOCK_REALTIME_COARSE_ID ((clockid_t)0)
#define CLOCK_THREAD_CPUTIME_ID_ ((clockid_t)3)
#define CLOCK_MONOTONIC_RAW_ID ((clockid_t)5)
#define CLOCK_MONOTONIC_COARSE_ID ((clockid_t)6)
#define CLOCK_BOOTTIME_ID ((clockid_t)7)

static uint64_t wall_at_boot;

void uc_time_init(void)
{
	uint64_t wall = plat_clock_wall_ns();
	uint64_t mono = plat_clock_monotonic_ns();

	wall_at_boot = wall > mono ? wall - mono : 0;
}

uint64_t uc_time_realtime_ns(void)
{
	return wall_at_boot + plat_clock_monotonic_ns();
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = ns / NS;
	ts->tv_nsec = ns % NS;
}

static int valid_timespec(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && (uint64_t)ts->tv_nsec < NS;
}

static uint64_t from_timespec(const struct timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NS - 1)
		return UINT64_MAX / 2;
	return ts->tv_sec * NS + ts->tv_nsec;
}

static int clock_ns(clockid_t id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE_ID:
		*ns = uc_time_realtime_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = uc_cpu_time_ns();
		return 0;
	case CLOCK_THREAD_CPUTIME_ID_:
		*ns = uc_thread_cpu_ns(uc_self());
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW_ID:
	case CLOCK_MONOTONIC_COARSE_ID:
	case CLOCK_BOOTTIME_ID:
		*ns = plat_clock_monotonic_ns();
		return 0;
	default:
		if (UC_IS_THREAD_CLOCK(id)) {
			/* A thread's clock (pthread_getcpuclockid). */
			struct uc_thread *t = uc_thread_find(UC_THREAD_CLOCK_ID(id));
			if (t) {
				*ns = uc_thread_cpu_ns(t);
				return 0;
			}
		}
		return -EINVAL;
	}
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	uint64_t ns;
	int r = clock_ns(id, &ns);

	if (r < 0)
		return uc_syscall_ret(r);
	to_timespec(ns, ts);
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	uint64_t ns;

	if (clock_ns(id, &ns) < 0)
		return uc_syscall_ret(-EINVAL);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int clock_getcpuclockid(pid_t pid, clockid_t *id)
{
	if (pid != 0 && pid != getpid())
		return ESRCH;
	*id = CLOCK_PROCESS_CPUTIME_ID;
	return 0;
}

int clock_settime(clockid_t id, const struct timespec *ts)
{
	return uc_syscall_ret(id == CLOCK_REALTIME ? -EPERM : -EINVAL);
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = uc_time_realtime_ns();

	if (tv) {
		tv->tv_sec = ns / NS;
		tv->tv_usec = ns % NS / 1000;
	}
	return 0;
}

int _gettimeofday(struct timeval *, void *) __attribute__((alias("gettimeofday")));

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	return uc_syscall_ret(-EPERM);
}

static int sleep_ns(uint64_t ns, struct timespec *rem)
{
	uint64_t start = plat_clock_monotonic_ns();
	uint64_t deadline = start + ns < start ? UINT64_MAX : start + ns;
	int r = uc_wait_until(deadline, NULL, NULL);

	if (r < 0 && rem) {
		uint64_t now = plat_clock_monotonic_ns();
		to_timespec(deadline > now ? deadline - now : 0, rem);
	}
	return r;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!valid_timespec(req))
		return uc_syscall_ret(-EINVAL);
	return uc_syscall_ret(sleep_ns(from_timespec(req), rem));
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem)
{
	uint64_t now, want;

	if (!valid_timespec(req) || clock_ns(id, &now) < 0)
		return EINVAL;
	want = from_timespec(req);
	if (flags & TIMER_ABSTIME) {
		rem = NULL;
		want = want > now ? want - now : 0;
	}
	return -sleep_ns(want, rem);
}

int usleep(useconds_t us)
{
	return uc_syscall_ret(sleep_ns((uint64_t)us * 1000, NULL));
}

unsigned sleep(unsigned s)
{
	struct timespec rem = { 0, 0 };

	if (sleep_ns((uint64_t)s * NS, &rem) < 0)
		return rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

clock_t times(struct tms *t)
{
	clock_t ticks = plat_clock_monotonic_ns() / TICK_NS;

	if (t) {
		t->tms_utime = uc_cpu_time_ns() / TICK_NS;
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return ticks;
}

clock_t _times(struct tms *) __attribute__((alias("times")));

int getrusage(int who, struct rusage *ru)
{
	uint64_t ns = who == RUSAGE_SELF ? uc_cpu_time_ns() : 0;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return uc_syscall_ret(-EINVAL);
	*ru = (struct rusage){ 0 };
	ru->ru_utime.tv_sec = ns / NS;
	ru->ru_utime.tv_usec = ns % NS / 1000;
	return 0;
}
