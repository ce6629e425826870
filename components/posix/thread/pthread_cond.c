/*
 * Condition variables and barriers for the one thread. Nobody else can
 * signal a condition or reach a barrier, so:
 * - signal and broadcast have no waiter to wake (0);
 * - pthread_cond_timedwait gives the mutex up, sleeps until the deadline on
 *   the condition's clock and answers ETIMEDOUT (or 0, a spurious wakeup
 *   POSIX allows, when a signal handler ran: the caller rechecks its
 *   predicate, which only a handler could have changed);
 * - pthread_cond_wait would sleep forever: it answers EDEADLK at once, with
 *   the mutex still held, so a program waiting for a thread it failed to
 *   create sees an error instead of hanging silently;
 * - a barrier for one thread opens at once; for more, EDEADLK.
 * A pthread_cond_t (newlib: 32 bits) holds its clock id; 0 and newlib's
 * static initializer mean CLOCK_REALTIME, the default.
 */
#include <errno.h>
#include <time.h>
#include "pthread_impl.h"

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
	if (!a->is_initialized)
		return EINVAL;
	a->is_initialized = 0;
	return 0;
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
	if (!a->is_initialized)
		return EINVAL;
	*pshared = a->process_shared;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	if (!a->is_initialized ||
	    (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED))
		return EINVAL;
	a->process_shared = pshared;
	return 0;
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

int pthread_cond_signal(pthread_cond_t *c)
{
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	unsigned depth = uc_pthread_mutex_release(m);

	uc_pthread_mutex_restore(m, depth);
	return depth ? EDEADLK : EPERM;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	unsigned depth;
	int r = 0;

	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return EINVAL;
	depth = uc_pthread_mutex_release(m);
	if (!depth)
		return EPERM;
	/* A deadline before the epoch has passed already. */
	if (abstime->tv_sec >= 0)
		r = clock_nanosleep(clock_of(c), TIMER_ABSTIME, abstime, NULL);
	uc_pthread_mutex_restore(m, depth);
	if (r == EINTR)
		return 0;
	return r ? r : ETIMEDOUT;
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
	if (!a->is_initialized)
		return EINVAL;
	a->is_initialized = 0;
	return 0;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	if (!a->is_initialized)
		return EINVAL;
	*pshared = a->process_shared;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	if (!a->is_initialized ||
	    (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED))
		return EINVAL;
	a->process_shared = pshared;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned count)
{
	if ((a && !a->is_initialized) || count == 0)
		return EINVAL;
	*b = count;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	return *b == 1 ? PTHREAD_BARRIER_SERIAL_THREAD : EDEADLK;
}
