/*
 * Condition variables and barriers. Waiters sleep on the object's address
 * (sched.h). A pthread_cond_t (newlib: 32 bits) holds its clock id; 0 and
 * newlib's static initializer mean CLOCK_REALTIME, the default. A
 * pthread_barrier_t (32 bits) holds generation << 24 | arrived << 12 | count.
 */
#include <errno.h>
#include <time.h>
#include <unicore/plat.h>
#include "pthread_impl.h"
#include "sched.h"

static int valid_clock(clockid_t clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC;
}

int pthread_condattr_init(pthread_condattr_t *a)
{
	*a = (pthread_condattr_t){
		.is_initialized = 1,
		.clock = CLOCK_REALTIME,
		.process_shared = PTHREAD_PROCESS_PRIVATE,
	};
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	return uc_attr_destroy(&a->is_initialized);
}

int pthread_condattr_getclock(const pthread_condattr_t *restrict a, clockid_t *restrict clock)
{
	if (!a->is_initialized)
		return EINVAL;
	*clock = a->clock;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (!a->is_initialized || !valid_clock(clock))
		return EINVAL;
	a->clock = clock;
	return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *a, int *pshared)
{
	return uc_attr_get(a->is_initialized, a->process_shared, pshared);
}

int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	return uc_attr_setpshared(a->is_initialized, &a->process_shared, pshared);
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	if (a && !a->is_initialized)
		return EINVAL;
	*c = a ? (pthread_cond_t)a->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	return 0;
}

static clockid_t clock_of(const pthread_cond_t *c)
{
	return *c == UC_STATIC_INIT || *c == 0 ? CLOCK_REALTIME : (clockid_t)*c;
}

uint64_t uc_pthread_deadline(clockid_t clock, const struct timespec *abstime)
{
	struct timespec now;
	uint64_t mono = plat_clock_monotonic_ns(), at, cur;

	if (abstime->tv_sec < 0)
		return mono;
	at = (uint64_t)abstime->tv_sec * 1000000000ull + (uint64_t)abstime->tv_nsec;
	if (clock == CLOCK_MONOTONIC)
		return at;
	clock_gettime(clock, &now);
	cur = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
	if (at <= cur)
		return mono;
	return mono + (at - cur) < mono ? UC_NEVER : mono + (at - cur);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	uc_sched_wake(c, 0);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	uc_sched_wake(c, 1);
	return 0;
}

/* A cancellation point: acted on with the mutex held again, as POSIX has
 * it (the cleanup handlers find it locked). */
static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline)
{
	unsigned depth;
	int r;

	uc_cancel_point();
	depth = uc_pthread_mutex_release(m);
	if (!depth)
		return EPERM;
	r = uc_sched_sleep(c, deadline);
	uc_pthread_mutex_restore(m, depth);
	uc_cancel_point();
	return -r;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return cond_wait(c, m, UC_NEVER);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return EINVAL;
	return cond_wait(c, m, uc_pthread_deadline(clock_of(c), abstime));
}

/* Barriers: a pthread_barrier_t (32 bits) holds the thread count. */
int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	*a = (pthread_barrierattr_t){
		.is_initialized = 1,
		.process_shared = PTHREAD_PROCESS_PRIVATE,
	};
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	return uc_attr_destroy(&a->is_initialized);
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	return uc_attr_get(a->is_initialized, a->process_shared, pshared);
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	return uc_attr_setpshared(a->is_initialized, &a->process_shared, pshared);
}

#define BARRIER_MAX 0xFFFu

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
	if ((a && !a->is_initialized) || count == 0 || count > BARRIER_MAX)
		return EINVAL;
	*b = count;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return *b >> 12 & BARRIER_MAX ? EBUSY : 0;
}

/* The last thread to arrive opens the barrier for a new generation. */
int pthread_barrier_wait(pthread_barrier_t *b)
{
	unsigned count = *b & BARRIER_MAX, arrived = (*b >> 12 & BARRIER_MAX) + 1;
	unsigned gen = *b >> 24;

	if (arrived == count) {
		*b = ((gen + 1) & 0xFF) << 24 | count;
		uc_sched_wake(b, 1);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	*b = gen << 24 | arrived << 12 | count;
	while (*b >> 24 == gen) {
		if (uc_sched_sleep(b, UC_NEVER) == -EDEADLK) {
			*b = gen << 24 | (arrived - 1) << 12 | count;
			return EDEADLK;     /* nobody else will arrive */
		}
	}
	return 0;
}
