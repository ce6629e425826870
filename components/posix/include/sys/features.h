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
/* POSIX read() and write() return ssize_t (newlib's default is int; the
 * calling convention is the same, rax sign-extended from eax). */
#ifndef _READ_WRITE_RETURN_TYPE
#define _READ_WRITE_RETURN_TYPE _ssize_t
#endif
#endif
