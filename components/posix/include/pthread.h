/*
 * Newlib's <pthread.h>, plus the limits and the glibc names (_NP) that GNU
 * software expects from it (components/posix/thread/).
 */
#include_next <pthread.h>

#ifndef _UNICORE_PTHREAD_H
#define _UNICORE_PTHREAD_H

/* Limits that glibc and musl give in <limits.h>; newlib has none. */
#ifndef PTHREAD_KEYS_MAX
#define PTHREAD_KEYS_MAX 128
#endif
#ifndef PTHREAD_DESTRUCTOR_ITERATIONS
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#endif
#ifndef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN 16384
#endif

#if __GNU_VISIBLE
/* glibc's mutex kinds. A pthread_mutex_t holds its type in the low two bits
 * (pthread_mutex.c), so a typed static initializer is just the type. */
#define PTHREAD_MUTEX_TIMED_NP PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_FAST_NP PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_ADAPTIVE_NP PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_RECURSIVE_NP PTHREAD_MUTEX_RECURSIVE
#define PTHREAD_MUTEX_ERRORCHECK_NP PTHREAD_MUTEX_ERRORCHECK
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP ((pthread_mutex_t)PTHREAD_MUTEX_RECURSIVE)
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP ((pthread_mutex_t)PTHREAD_MUTEX_ERRORCHECK)
#define PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP ((pthread_mutex_t)PTHREAD_MUTEX_NORMAL)
int pthread_tryjoin_np(pthread_t, void **);
int pthread_timedjoin_np(pthread_t, void **, const struct timespec *);
#endif

#endif
