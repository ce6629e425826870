/*
 * Mutexes and spin locks. A pthread_mutex_t (newlib: 32 bits) holds
 * owner << 14 | depth << 2 | type: owner 0 and depth 0 is unlocked, the type
 * is PTHREAD_MUTEX_NORMAL/RECURSIVE/ERRORCHECK/DEFAULT (0..3). So a zeroed
 * mutex is an unlocked normal one, and newlib's PTHREAD_MUTEX_INITIALIZER
 * (all ones) is read as an unlocked default one. Waiters sleep on the
 * mutex's address; unlocking wakes the longest waiter.
 *
 * Relocking a mutex we hold (not recursive) would wait for ourselves
 * forever: all types answer EDEADLK (required for ERRORCHECK, allowed for
 * the others, whose behaviour POSIX leaves undefined).
 */
#include <errno.h>
#include <time.h>
#include "pthread_impl.h"
#include "sched.h"

#define TYPE_MASK 3u
#define DEPTH_SHIFT 2
#define DEPTH_MASK 0xFFFu
#define OWNER_SHIFT 14

unsigned uc_owner_tag(void)
{
	return (unsigned)(uc_self()->id % UC_OWNER_TAGS) + 1;
}

static unsigned type_of(const pthread_mutex_t *m)
{
	return *m == UC_STATIC_INIT ? PTHREAD_MUTEX_DEFAULT : *m & TYPE_MASK;
}

static unsigned depth_of(const pthread_mutex_t *m)
{
	return *m == UC_STATIC_INIT ? 0 : *m >> DEPTH_SHIFT & DEPTH_MASK;
}

static unsigned owner_of(const pthread_mutex_t *m)
{
	return *m == UC_STATIC_INIT ? 0 : *m >> OWNER_SHIFT;
}

static void set_state(pthread_mutex_t *m, unsigned type, unsigned depth, unsigned owner)
{
	*m = owner << OWNER_SHIFT | depth << DEPTH_SHIFT | type;
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
	return uc_attr_destroy(&a->is_initialized);
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	return uc_attr_get(a->is_initialized, a->type, type);
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
	return uc_attr_get(a->is_initialized, a->process_shared, pshared);
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	return uc_attr_setpshared(a->is_initialized, &a->process_shared, pshared);
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	if (a && !a->is_initialized)
		return EINVAL;
	set_state(m, a ? (unsigned)a->type : PTHREAD_MUTEX_DEFAULT, 0, 0);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return depth_of(m) ? EBUSY : 0;
}

/* Takes the mutex if free or ours to deepen; otherwise EBUSY (held by
 * another thread) or EDEADLK (held by us). */
static int try_take(pthread_mutex_t *m)
{
	unsigned type = type_of(m), depth = depth_of(m), me = uc_owner_tag();

	if (depth && owner_of(m) != me)
		return EBUSY;
	if (depth && type != PTHREAD_MUTEX_RECURSIVE)
		return EDEADLK;
	if (depth == DEPTH_MASK)
		return EAGAIN;
	set_state(m, type, depth + 1, me);
	return 0;
}

int uc_pthread_mutex_lock(pthread_mutex_t *m, uint64_t deadline)
{
	int r;

	while ((r = try_take(m)) == EBUSY) {
		int s = uc_sched_sleep(m, deadline);
		if (s < 0 && (r = try_take(m)) == EBUSY)
			return -s;
	}
	return r;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return uc_pthread_mutex_lock(m, UC_NEVER);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int r = try_take(m);

	return r == EDEADLK ? EBUSY : r;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	int r = try_take(m);

	if (r != EBUSY)
		return r;
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return EINVAL;
	return uc_pthread_mutex_lock(m, uc_pthread_deadline(CLOCK_REALTIME, abstime));
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	unsigned depth = depth_of(m);

	if (!depth || owner_of(m) != uc_owner_tag())
		return EPERM;
	if (depth > 1) {
		set_state(m, type_of(m), depth - 1, owner_of(m));
		return 0;
	}
	set_state(m, type_of(m), 0, 0);
	uc_sched_wake(m, 0);
	return 0;
}

unsigned uc_pthread_mutex_release(pthread_mutex_t *m)
{
	unsigned depth = depth_of(m);

	if (!depth || owner_of(m) != uc_owner_tag())
		return 0;
	set_state(m, type_of(m), 0, 0);
	uc_sched_wake(m, 0);
	return depth;
}

void uc_pthread_mutex_restore(pthread_mutex_t *m, unsigned depth)
{
	while (try_take(m) == EBUSY)
		if (uc_sched_sleep(m, UC_NEVER) == -EDEADLK)
			break;          /* its holder ended: nobody else can unlock it */
	set_state(m, type_of(m), depth, uc_owner_tag());
}

/* Spin locks: 0 free, else the holder's tag. On one CPU spinning cannot
 * help the holder, so a busy lock yields until it is free. */
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
	while (*s) {
		if (*s == uc_owner_tag())
			return EDEADLK;
		uc_sched_yield();
	}
	*s = uc_owner_tag();
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	if (*s)
		return EBUSY;
	*s = uc_owner_tag();
	return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	if (!*s)
		return EPERM;
	*s = 0;
	return 0;
}
