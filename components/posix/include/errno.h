/* unicore: newlib's <errno.h> declares glibc's program_invocation_name and
 * program_invocation_short_name only for Cygwin; unicore has them
 * (components/posix/progname.c). */
#include_next <errno.h>

#if !defined(_UNICORE_ERRNO_H) && defined(__GNU_VISIBLE) && __GNU_VISIBLE
#define _UNICORE_ERRNO_H
#ifdef __cplusplus
extern "C" {
#endif
extern char *program_invocation_name;
extern char *program_invocation_short_name;
#ifdef __cplusplus
}
#endif
#endif

/* Linux's socket error that newlib hides behind __LINUX_ERRNO_EXTENSIONS__
 * (same value): gnulib's <sys/socket.h> test and programs use it. */
#ifndef ESHUTDOWN
#define ESHUTDOWN 110
#endif
