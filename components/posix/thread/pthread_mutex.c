/*
 * Mutexes and spin locks for the one thread. A pthread_mutex_t (newlib: 32
 * bits) holds (depth << 2) | type: depth 0 is unlocked, and the type is
 * PTHREAD_MUTEX_NORMAL/RECURSIVE/ERRORCHECK/DEFAULT (0..3). So a zeroed
 * mutex is an unlocked normal one, and newlib's PTHREAD_MUTEX_INITIALIZER
 * (all ones) is read as an unlocked default one.
 *
 * Locking a mutex we already hold (not recursive) would wait for ourselves
 * forever: all types answer EDEADLK (POSIX requires it for ERRORCHECK and
 * allows it for the others, whose behaviour is undefined).
 */
#include <errno.h>
#include <time.h>
#include "pthread_impl.h"

#define TYPE_BITS 2
#define TYPE_MASK 3u
#define MAX_DEPTH ((UC_STATIC_INIT >> TYPE_BITS) - 1)

static unsigned type_of(const pthread_mutex_t *m)
{
	return *m == UC_STATIC_INIT ? PTHREAD_MUTEX_DEFAULT : *m & TYPE_MASK;
}

static unsigned depth_of(const pthread_mutex_t *m)
{
	return *m == UC_STATIC_INIT ? 0 : *m >> TYPE_BITS;
}

static void set_state(pthread_mutex_t *m, unsigned type, unsigned depth)
{
	*m = depth << TYPE_BITS | type;
}

static int valid_type(int type)
{
	return type >= PTHREAD_MUTEX_NORMAL && type <= PTHREAD_MUTEX_DEFAULT;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	*a = (pthread_mutexattr_t){
		.is_initialized = 1,
		.process_shared = PTHREAD_PROCESS_PRIVATE,
		.type = PTHREAD_MUTEX_DEFAULT,
	};
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	if (!a->is_initialized)
		return EINVAL;
	a->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	if (!a->is_initialized)
		return EINVAL;
	*type = a->type;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (!a->is_initialized || !valid_type(type))
		return EINVAL;
	a->type = type;
	a->recursive = type == PTHREAD_MUTEX_RECURSIVE;
	return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *pshared)
{
	if (!a->is_initialized)
		return EINVAL;
	*pshared = a->process_shared;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	if (!a->is_initialized ||
	    (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED))
		return EINVAL;
	a->process_shared = pshared;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	if (a && !a->is_initialized)
		return EINVAL;
	set_state(m, a ? (unsigned)a->type : PTHREAD_MUTEX_DEFAULT, 0);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return depth_of(m) ? EBUSY : 0;
}

/* Takes the mutex if that can succeed without another thread; otherwise
 * returns what waiting would come to (busy: it is ours, so a deadlock). */
static int try_take(pthread_mutex_t *m, int busy)
{
	unsigned type = type_of(m), depth = depth_of(m);

	if (depth && type != PTHREAD_MUTEX_RECURSIVE)
		return busy;
	if (depth == MAX_DEPTH)
		return EAGAIN;
	set_state(m, type, depth + 1);
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return try_take(m, EDEADLK);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return try_take(m, EBUSY);
}

/* Held by us, so no timeout can change that: a deadlock, reported at once
 * (POSIX allows EDEADLK here). The deadline is checked like POSIX wants. */
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	int r = try_take(m, EDEADLK);

	if (r == EDEADLK && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L))
		return EINVAL;
	return r;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	unsigned depth = depth_of(m);

	if (!depth)
		return EPERM;
	set_state(m, type_of(m), depth - 1);
	return 0;
}

unsigned uc_pthread_mutex_release(pthread_mutex_t *m)
{
	unsigned depth = depth_of(m);

	set_state(m, type_of(m), 0);
	return depth;
}

void uc_pthread_mutex_restore(pthread_mutex_t *m, unsigned depth)
{
	set_state(m, type_of(m), depth);
}

/* Spin locks: 0 free, 1 held. Spinning on our own lock never ends. */
int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*s = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	return *s ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	if (*s)
		return EDEADLK;
	*s = 1;
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	if (*s)
		return EBUSY;
	*s = 1;
	return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	if (!*s)
		return EPERM;
	*s = 0;
	return 0;
}
