/*
 * What the pthread modules (components/posix/thread/) share. unicore runs
 * exactly one thread, the main one: every lock is owned by it or by nobody,
 * so "another thread holds it" can never be true, and waiting for another
 * thread to release or signal something would wait forever. Those waits
 * answer EDEADLK instead of hanging.
 */
#ifndef UNICORE_POSIX_PTHREAD_IMPL_H
#define UNICORE_POSIX_PTHREAD_IMPL_H

#include <pthread.h>

/* The only thread's id (pthread_self). */
#define UC_MAIN_THREAD ((pthread_t)1)

/* The marker newlib's static initializers (PTHREAD_*_INITIALIZER) store. */
#define UC_STATIC_INIT 0xFFFFFFFFu

/* pthread_key.c: runs the destructors of the keys with non-NULL values, as
 * the main thread ends through pthread_exit. */
void uc_pthread_run_key_destructors(void);

/* pthread_mutex.c: for condition waits, which give the mutex up while they
 * sleep. Returns the lock depth held (0 = not held by us: EPERM) and leaves
 * the mutex unlocked; restore puts that depth back. */
unsigned uc_pthread_mutex_release(pthread_mutex_t *m);
void uc_pthread_mutex_restore(pthread_mutex_t *m, unsigned depth);

#endif
