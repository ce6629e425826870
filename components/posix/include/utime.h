/* unicore: newlib's <utime.h> defines struct utimbuf but declares no utime(). */
#ifndef _UNICORE_UTIME_H
#define _UNICORE_UTIME_H

#include_next <utime.h>
#include <sys/cdefs.h>

__BEGIN_DECLS
int utime(const char *, const struct utimbuf *);
__END_DECLS

#endif
