/* unicore: BSD error messages (newlib 3.3.0 has no <err.h>). */
#ifndef _ERR_H
#define _ERR_H

#include <sys/cdefs.h>
#include <stdarg.h>

__BEGIN_DECLS

void warn(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarn(const char *, va_list) __attribute__((__format__(__printf__, 1, 0)));
void warnx(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarnx(const char *, va_list) __attribute__((__format__(__printf__, 1, 0)));
_Noreturn void err(int, const char *, ...) __attribute__((__format__(__printf__, 2, 3)));
_Noreturn void verr(int, const char *, va_list) __attribute__((__format__(__printf__, 2, 0)));
_Noreturn void errx(int, const char *, ...) __attribute__((__format__(__printf__, 2, 3)));
_Noreturn void verrx(int, const char *, va_list) __attribute__((__format__(__printf__, 2, 0)));

__END_DECLS

#endif
