/*
 * Read-write locks. A pthread_rwlock_t (newlib: 32 bits) holds the number
 * of read locks, or WRITER | the writer's owner tag; 0 and newlib's static
 * initializer mean unlocked. Waiters sleep on the lock's address; readers
 * take the lock whenever no writer holds it.
 */
#include <errno.h>
#include <time.h>
#include "pthread_impl.h"
#include "sched.h"

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
	return uc_attr_destroy(&a->is_initialized);
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	return uc_attr_get(a->is_initialized, a->process_shared, pshared);
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	return uc_attr_setpshared(a->is_initialized, &a->process_shared, pshared);
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

/* 0, or EBUSY (must wait), EDEADLK (we hold it for writing), EAGAIN. */
static int try_read(pthread_rwlock_t *l)
{
	pthread_rwlock_t s = state_of(l);

	if (s & WRITER)
		return (s & ~WRITER) == uc_owner_tag() ? EDEADLK : EBUSY;
	if (s == MAX_READERS)
		return EAGAIN;
	*l = s + 1;
	return 0;
}

static int try_write(pthread_rwlock_t *l)
{
	pthread_rwlock_t s = state_of(l);

	if (s == (WRITER | uc_owner_tag()))
		return EDEADLK;
	if (s)
		return EBUSY;
	*l = WRITER | uc_owner_tag();
	return 0;
}

static int valid_deadline(const struct timespec *t)
{
	return t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

static int lock(pthread_rwlock_t *l, int (*try)(pthread_rwlock_t *), uint64_t deadline)
{
	int r;

	while ((r = try(l)) == EBUSY) {
		int s = uc_sched_sleep(l, deadline);
		if (s < 0 && (r = try(l)) == EBUSY)
			return -s;
	}
	return r;
}

/* The try*lock answer: a lock we hold for writing is just busy. */
static int trylock(pthread_rwlock_t *l, int (*try)(pthread_rwlock_t *))
{
	int r = try(l);

	return r == EDEADLK ? EBUSY : r;
}

static int timed(pthread_rwlock_t *l, int (*try)(pthread_rwlock_t *), const struct timespec *abstime)
{
	int r = try(l);

	if (r != EBUSY)
		return r;
	if (!valid_deadline(abstime))
		return EINVAL;
	return lock(l, try, uc_pthread_deadline(CLOCK_REALTIME, abstime));
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	return lock(l, try_read, UC_NEVER);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	return lock(l, try_write, UC_NEVER);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	return trylock(l, try_read);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	return trylock(l, try_write);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	return timed(l, try_read, abstime);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	return timed(l, try_write, abstime);
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	pthread_rwlock_t s = state_of(l);

	if (!s || ((s & WRITER) && s != (WRITER | uc_owner_tag())))
		return EPERM;
	*l = s & WRITER ? 0 : s - 1;
	if (!*l)
		uc_sched_wake(l, 1);
	return 0;
}
