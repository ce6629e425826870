/*
 * newlib's retargetable locks (newlib is configured with
 * --enable-newlib-retargetable-locking, components/build/newlib.ts): malloc,
 * stdio's FILE and list locks, atexit, the environment, time zones. They
 * are recursive mutexes of the scheduler (pthread_mutex.c), so a thread
 * preempted or blocked while holding one makes the others wait.
 * newlib needs every one of these functions and static locks defined here,
 * or its dummy set is linked too and the link fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/lock.h>
#include "pthread_impl.h"
#include "sched.h"

struct __lock {
	pthread_mutex_t m;
};

#define RECURSIVE ((pthread_mutex_t)PTHREAD_MUTEX_RECURSIVE)
struct __lock __lock___sinit_recursive_mutex = { RECURSIVE };
struct __lock __lock___sfp_recursive_mutex = { RECURSIVE };
struct __lock __lock___atexit_recursive_mutex = { RECURSIVE };
struct __lock __lock___at_quick_exit_mutex = { RECURSIVE };
struct __lock __lock___malloc_recursive_mutex = { RECURSIVE };
struct __lock __lock___env_recursive_mutex = { RECURSIVE };
struct __lock __lock___tz_mutex = { RECURSIVE };
struct __lock __lock___dd_hash_mutex = { RECURSIVE };
struct __lock __lock___arc4random_mutex = { RECURSIVE };

/* A lock made at run time (FILE locks); NULL when out of memory, which
 * the functions below treat as a lock that is always free. */
static struct __lock *make(void)
{
	struct __lock *l = malloc(sizeof *l);

	if (l)
		l->m = RECURSIVE;
	return l;
}

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = make();
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	*lock = make();
}

void __retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	if (lock)
		pthread_mutex_lock(&lock->m);
}

/* A thread holding malloc's lock is not preempted (it never blocks in
 * malloc): runtime code that calls malloc with preemption off (the socket
 * layer) then never finds the lock taken and never sleeps inside lwIP. */
void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	if (lock)
		pthread_mutex_lock(&lock->m);
	if (lock == &__lock___malloc_recursive_mutex)
		uc_preempt_disable();
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return lock ? pthread_mutex_trylock(&lock->m) == 0 : 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return __retarget_lock_try_acquire(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	if (lock)
		pthread_mutex_unlock(&lock->m);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (lock == &__lock___malloc_recursive_mutex)
		uc_preempt_enable();
	if (lock)
		pthread_mutex_unlock(&lock->m);
}
