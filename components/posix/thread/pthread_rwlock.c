/*
 * Read-write locks for the one thread. A pthread_rwlock_t (newlib: 32 bits)
 * holds the number of read locks, or WRITER; 0 and newlib's static
 * initializer mean unlocked. Every holder is us, so a lock that must wait
 * for a holder to leave is a deadlock: EDEADLK, EBUSY for the try forms.
 */
#include <errno.h>
#include <time.h>
#include "pthread_impl.h"

#define WRITER 0x80000000u
#define MAX_READERS (WRITER - 1)

static pthread_rwlock_t state_of(const pthread_rwlock_t *l)
{
	return *l == UC_STATIC_INIT ? 0 : *l;
}

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	*a = (pthread_rwlockattr_t){
		.is_initialized = 1,
		.process_shared = PTHREAD_PROCESS_PRIVATE,
	};
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	if (!a->is_initialized)
		return EINVAL;
	a->is_initialized = 0;
	return 0;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	if (!a->is_initialized)
		return EINVAL;
	*pshared = a->process_shared;
	return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	if (!a->is_initialized ||
	    (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED))
		return EINVAL;
	a->process_shared = pshared;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
	if (a && !a->is_initialized)
		return EINVAL;
	*l = 0;
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	return state_of(l) ? EBUSY : 0;
}

static int read_lock(pthread_rwlock_t *l, int busy)
{
	pthread_rwlock_t s = state_of(l);

	if (s == WRITER)
		return busy;
	if (s == MAX_READERS)
		return EAGAIN;
	*l = s + 1;
	return 0;
}

static int write_lock(pthread_rwlock_t *l, int busy)
{
	if (state_of(l))
		return busy;
	*l = WRITER;
	return 0;
}

static int valid_deadline(const struct timespec *t)
{
	return t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	return read_lock(l, EDEADLK);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	return read_lock(l, EBUSY);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	int r = read_lock(l, EDEADLK);

	return r == EDEADLK && !valid_deadline(abstime) ? EINVAL : r;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	return write_lock(l, EDEADLK);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	return write_lock(l, EBUSY);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	int r = write_lock(l, EDEADLK);

	return r == EDEADLK && !valid_deadline(abstime) ? EINVAL : r;
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	pthread_rwlock_t s = state_of(l);

	if (!s)
		return EPERM;
	*l = s == WRITER ? 0 : s - 1;
	return 0;
}
