/*
 * Thread attributes: stored and read back. No thread is ever created with
 * them (pthread_create fails with EAGAIN), but software sets them up first.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include "pthread_impl.h"

#define DEFAULT_STACK_SIZE (1024 * 1024)
#define GUARD_SIZE 4096   /* the main stack's guard page (components/arch) */

int pthread_attr_init(pthread_attr_t *a)
{
	*a = (pthread_attr_t){
		.is_initialized = 1,
		.stacksize = DEFAULT_STACK_SIZE,
		.contentionscope = PTHREAD_SCOPE_SYSTEM,
		.inheritsched = PTHREAD_INHERIT_SCHED,
		.schedpolicy = SCHED_OTHER,
		.detachstate = PTHREAD_CREATE_JOINABLE,
	};
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	if (!a->is_initialized)
		return EINVAL;
	a->is_initialized = 0;
	return 0;
}

/* newlib keeps the stack size in an int. */
static int valid_stack_size(size_t size)
{
	return size >= PTHREAD_STACK_MIN && size <= INT_MAX;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (!a->is_initialized || !valid_stack_size(size))
		return EINVAL;
	a->stacksize = (int)size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	if (!a->is_initialized)
		return EINVAL;
	*size = (size_t)a->stacksize;
	return 0;
}

int pthread_attr_setstackaddr(pthread_attr_t *a, void *addr)
{
	if (!a->is_initialized)
		return EINVAL;
	a->stackaddr = addr;
	return 0;
}

int pthread_attr_getstackaddr(const pthread_attr_t *a, void **addr)
{
	if (!a->is_initialized)
		return EINVAL;
	*addr = a->stackaddr;
	return 0;
}

int pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size)
{
	if (!a->is_initialized || !valid_stack_size(size))
		return EINVAL;
	a->stackaddr = addr;
	a->stacksize = (int)size;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
	if (!a->is_initialized)
		return EINVAL;
	*addr = a->stackaddr;
	*size = (size_t)a->stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (!a->is_initialized ||
	    (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED))
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	if (!a->is_initialized)
		return EINVAL;
	*state = a->detachstate;
	return 0;
}

/* newlib's pthread_attr_t has no guard size field: the size is accepted
 * (no thread is created to use it) and the guard size reported is the one
 * the one thread's stack has. */
int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	return a->is_initialized ? 0 : EINVAL;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	if (!a->is_initialized)
		return EINVAL;
	*size = GUARD_SIZE;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *param)
{
	if (!a->is_initialized)
		return EINVAL;
	a->schedparam = *param;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *param)
{
	if (!a->is_initialized)
		return EINVAL;
	*param = a->schedparam;
	return 0;
}
