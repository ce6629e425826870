/*
 * Newlib's feature macros, plus the POSIX options the unicore POSIX layer
 * implements (components/posix/time.c): newlib's generic target announces
 * none, which hides clock_gettime, nanosleep and CLOCK_MONOTONIC; and the
 * POSIX type of read() and write().
 */
#include_next <sys/features.h>

#ifndef _UNICORE_SYS_FEATURES_H
#define _UNICORE_SYS_FEATURES_H
#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS 200809L
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK 200809L
#endif
#ifndef _POSIX_CLOCK_SELECTION
#define _POSIX_CLOCK_SELECTION 200809L
#endif
#ifndef _POSIX_CPUTIME
#define _POSIX_CPUTIME 200809L
#endif
/* CLOCK_THREAD_CPUTIME_ID and pthread_getcpuclockid (time.c). */
#ifndef _POSIX_THREAD_CPUTIME
#define _POSIX_THREAD_CPUTIME 200809L
#endif
/* The POSIX edition the layer follows (newlib's generic target names none,
 * and code testing #ifdef _POSIX_VERSION would take its non-POSIX path). */
#ifndef _POSIX_VERSION
#define _POSIX_VERSION 200809L
#endif
#ifndef _POSIX2_VERSION
#define _POSIX2_VERSION 200809L
#endif
/* POSIX read() and write() return ssize_t (newlib's default is int; the
 * calling convention is the same, rax sign-extended from eax). */
#ifndef _READ_WRITE_RETURN_TYPE
#define _READ_WRITE_RETURN_TYPE _ssize_t
#endif
/* POSIX threads (components/posix/pthread*.c): one thread, real locks,
 * pthread_create fails with EAGAIN. Defined here, before sys/types.h pulls in
 * sys/_pthreadtypes.h, so every file sees the same pthread types. */
#ifndef _POSIX_THREADS
#define _POSIX_THREADS 200809L
#endif
#ifndef _POSIX_TIMEOUTS
#define _POSIX_TIMEOUTS 200809L
#endif
#ifndef _POSIX_BARRIERS
#define _POSIX_BARRIERS 200809L
#endif
#ifndef _POSIX_SPIN_LOCKS
#define _POSIX_SPIN_LOCKS 200809L
#endif
#ifndef _POSIX_READER_WRITER_LOCKS
#define _POSIX_READER_WRITER_LOCKS 200809L
#endif
/* One process: a process-shared lock is shared with every process there is. */
#ifndef _POSIX_THREAD_PROCESS_SHARED
#define _POSIX_THREAD_PROCESS_SHARED 200809L
#endif
#ifndef _UNIX98_THREAD_MUTEX_ATTRIBUTES
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1
#endif
#endif
