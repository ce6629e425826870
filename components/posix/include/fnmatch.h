/* unicore: <fnmatch.h> for the fnmatch() in components/posix/fnmatch.c
 * (newlib's libc.a has none for this target). Flag values are glibc's. */
#ifndef _FNMATCH_H
#define _FNMATCH_H
#define _FNMATCH_H_   /* newlib's guard: its header must not add a second set */

#include <sys/cdefs.h>

#define FNM_NOMATCH     1

#define FNM_PATHNAME    0x01    /* '/' must be matched by '/' */
#define FNM_NOESCAPE    0x02    /* '\\' is an ordinary character */
#define FNM_PERIOD      0x04    /* a leading '.' must be matched by '.' */

#if __GNU_VISIBLE || __BSD_VISIBLE
#define FNM_FILE_NAME   FNM_PATHNAME
#define FNM_LEADING_DIR 0x08    /* also match when a '/' follows the match */
#define FNM_CASEFOLD    0x10    /* compare letters without case */
#define FNM_IGNORECASE  FNM_CASEFOLD
/* FNM_EXTMATCH (ksh patterns) is left undefined: not implemented. */
#endif

#if __XSI_VISIBLE || __GNU_VISIBLE
#define FNM_NOSYS       (-1)
#endif

__BEGIN_DECLS
int fnmatch(const char *pattern, const char *string, int flags);
__END_DECLS

#endif
