/*
 * What the pthread modules (components/posix/thread/pthread_*.c) share.
 * Locks are words (newlib's types are 32 bits) naming their owner by a tag
 * of its thread id; waiting is sleeping on the lock's address (sched.h).
 */
#ifndef UNICORE_POSIX_PTHREAD_IMPL_H
#define UNICORE_POSIX_PTHREAD_IMPL_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* The marker newlib's static initializers (PTHREAD_*_INITIALIZER) store. */
#define UC_STATIC_INIT 0xFFFFFFFFu

/* The running thread's owner tag: 1..OWNER_TAGS, never 0. */
#define UC_OWNER_TAGS 0x3FFFFu
unsigned uc_owner_tag(void);

/* pthread_key.c: runs the destructors of the running thread's keys with
 * non-NULL values, as it ends. */
void uc_pthread_run_key_destructors(void);

/* pthread_attr.c: what the functions of every attribute object (newlib's
 * pthread_*attr_t, each with an int is_initialized) share; they take the
 * object's fields and answer 0 or EINVAL when it is not initialized.
 * destroy: clears *initialized. get: *out = value. set: *field = value
 * when ok (EINVAL if not). setpshared: set for PTHREAD_PROCESS_PRIVATE and
 * PTHREAD_PROCESS_SHARED. */
int uc_attr_destroy(int *initialized);
int uc_attr_get(int initialized, int value, int *out);
int uc_attr_set(int initialized, int ok, int *field, int value);
int uc_attr_setpshared(int initialized, int *field, int pshared);

/* pthread_attr.c: the guard size an attribute object asks for. */
size_t uc_pthread_attr_guardsize(const pthread_attr_t *a);

/* pthread_mutex.c: lock with a monotonic deadline (UC_NEVER: none):
 * 0, ETIMEDOUT, EDEADLK, EAGAIN. */
int uc_pthread_mutex_lock(pthread_mutex_t *m, uint64_t deadline);
/* For condition waits: gives the mutex up entirely, returning the depth
 * held (0 = not held by us: EPERM); restore takes it back at that depth. */
unsigned uc_pthread_mutex_release(pthread_mutex_t *m);
void uc_pthread_mutex_restore(pthread_mutex_t *m, unsigned depth);

/* pthread_cond.c: an absolute time on clock as a monotonic deadline. */
uint64_t uc_pthread_deadline(clockid_t clock, const struct timespec *abstime);

/* pthread_thread.c: acts on a pending cancellation (never returns then). */
void uc_cancel_point(void);

#endif
