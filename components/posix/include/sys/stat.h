/* unicore: newlib's <sys/stat.h> plus the utimensat()/futimens() special
 * times, which newlib defines only for Cygwin. Linux values. */
#ifndef _UNICORE_SYS_STAT_H
#define _UNICORE_SYS_STAT_H

#include_next <sys/stat.h>

/* newlib declares these only for Cygwin and RTEMS. */
int lstat(const char *__restrict, struct stat *__restrict);
int mknod(const char *, mode_t, dev_t);

#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

#endif
