/*
 * Unnamed POSIX semaphores: a count; waiters sleep on the semaphore's
 * address. sem_wait and sem_timedwait are cancellation points and return
 * EINTR when a signal handler ran while they waited.
 */
#include <errno.h>
#include <semaphore.h>
#include "pthread_impl.h"
#include "sched.h"

int sem_init(sem_t *s, int pshared, unsigned value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	s->__value = value;
	s->__pshared = pshared;
	return 0;
}

int sem_destroy(sem_t *s)
{
	return 0;
}

int sem_trywait(sem_t *s)
{
	if (s->__value == 0) {
		errno = EAGAIN;
		return -1;
	}
	s->__value--;
	return 0;
}

static int wait_until(sem_t *s, uint64_t deadline)
{
	uc_cancel_point();
	while (s->__value == 0) {
		int r = uc_sched_sleep(s, deadline);
		if (r < 0 && s->__value == 0) {
			errno = -r;
			return -1;
		}
		uc_cancel_point();
	}
	s->__value--;
	return 0;
}

int sem_wait(sem_t *s)
{
	return wait_until(s, UC_NEVER);
}

int sem_timedwait(sem_t *restrict s, const struct timespec *restrict abstime)
{
	if (s->__value > 0)
		return sem_trywait(s);
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L) {
		errno = EINVAL;
		return -1;
	}
	return wait_until(s, uc_pthread_deadline(CLOCK_REALTIME, abstime));
}

int sem_post(sem_t *s)
{
	if (s->__value == SEM_VALUE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	s->__value++;
	uc_sched_wake(s, 0);
	return 0;
}

int sem_getvalue(sem_t *restrict s, int *restrict value)
{
	*value = (int)s->__value;
	return 0;
}

sem_t *sem_open(const char *name, int flags, ...)
{
	errno = ENOSYS;
	return SEM_FAILED;
}

int sem_close(sem_t *s)
{
	errno = ENOSYS;
	return -1;
}

int sem_unlink(const char *name)
{
	errno = ENOSYS;
	return -1;
}
