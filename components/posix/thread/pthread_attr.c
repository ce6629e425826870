/*
 * Thread attributes. newlib's pthread_attr_t has no guard size field: the
 * guard size (in pages) lives in the bits of contentionscope above the
 * scope itself (GUARD_SHIFT); an attribute object from pthread_attr_init
 * has one guard page.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include "pthread_impl.h"
#include "sched.h"

#define DEFAULT_STACK_SIZE UC_DEFAULT_STACK
#define GUARD_SHIFT 8
#define PAGE 4096u

int pthread_attr_init(pthread_attr_t *a)
{
	*a = (pthread_attr_t){
		.is_initialized = 1,
		.stacksize = DEFAULT_STACK_SIZE,
		.contentionscope = PTHREAD_SCOPE_SYSTEM | 1 << GUARD_SHIFT,
		.inheritsched = PTHREAD_INHERIT_SCHED,
		.schedpolicy = SCHED_OTHER,
		.detachstate = PTHREAD_CREATE_JOINABLE,
	};
	return 0;
}

int uc_attr_destroy(int *initialized)
{
	if (!*initialized)
		return EINVAL;
	*initialized = 0;
	return 0;
}

int uc_attr_get(int initialized, int value, int *out)
{
	if (!initialized)
		return EINVAL;
	*out = value;
	return 0;
}

int uc_attr_set(int initialized, int ok, int *field, int value)
{
	if (!initialized || !ok)
		return EINVAL;
	*field = value;
	return 0;
}

int uc_attr_setpshared(int initialized, int *field, int pshared)
{
	return uc_attr_set(initialized,
		pshared == PTHREAD_PROCESS_PRIVATE || pshared == PTHREAD_PROCESS_SHARED, field, pshared);
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	return uc_attr_destroy(&a->is_initialized);
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
	return uc_attr_set(a->is_initialized,
		state == PTHREAD_CREATE_JOINABLE || state == PTHREAD_CREATE_DETACHED, &a->detachstate, state);
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	return uc_attr_get(a->is_initialized, a->detachstate, state);
}

size_t uc_pthread_attr_guardsize(const pthread_attr_t *a)
{
	return (size_t)((unsigned)a->contentionscope >> GUARD_SHIFT) * PAGE;
}

int pthread_attr_setguardsize(pthread_attr_t *a, size_t size)
{
	size_t pages = (size + PAGE - 1) / PAGE;

	if (!a->is_initialized || pages > 1024)
		return EINVAL;
	a->contentionscope = (a->contentionscope & ((1 << GUARD_SHIFT) - 1)) | (int)pages << GUARD_SHIFT;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *a, size_t *size)
{
	if (!a->is_initialized)
		return EINVAL;
	*size = uc_pthread_attr_guardsize(a);
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
