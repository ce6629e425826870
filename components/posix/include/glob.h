/* unicore: <glob.h> for the glob() in components/posix/glob.c (newlib's
 * libc.a has none for this target, and its header is BSD's, without
 * GLOB_NOMATCH). POSIX layout; flag and error values are glibc's. */
#ifndef _GLOB_H
#define _GLOB_H
#define _GLOB_H_   /* newlib's guard: its header must not be mixed in */

#include <sys/cdefs.h>
#include <stddef.h>

typedef struct {
	size_t gl_pathc;    /* paths matched */
	char **gl_pathv;    /* gl_offs NULLs, the paths, then NULL */
	size_t gl_offs;     /* NULLs to reserve at the start (GLOB_DOOFFS) */
	int gl_flags;       /* the flags glob() was called with */
} glob_t;

#define GLOB_ERR      0x0001  /* stop at an unreadable directory */
#define GLOB_MARK     0x0002  /* append '/' to directories */
#define GLOB_NOSORT   0x0004  /* leave the paths in directory order */
#define GLOB_DOOFFS   0x0008  /* reserve gl_offs slots */
#define GLOB_NOCHECK  0x0010  /* no match: return the pattern itself */
#define GLOB_APPEND   0x0020  /* add to the paths of an earlier call */
#define GLOB_NOESCAPE 0x0040  /* '\\' is an ordinary character */
#if __GNU_VISIBLE || __BSD_VISIBLE
#define GLOB_PERIOD   0x0080  /* wildcards may match a leading '.' */
#define GLOB_NOMAGIC  0x0800  /* like NOCHECK, for patterns without wildcards */
#define GLOB_ONLYDIR  0x2000  /* a hint: only directories are wanted */
/* GLOB_BRACE, GLOB_TILDE and GLOB_ALTDIRFUNC are left undefined: not implemented. */
#endif

#define GLOB_NOSPACE  1       /* out of memory */
#define GLOB_ABORTED  2       /* a directory could not be read (GLOB_ERR or errfunc) */
#define GLOB_NOMATCH  3       /* nothing matched */
#define GLOB_NOSYS    4
#if __GNU_VISIBLE || __BSD_VISIBLE
#define GLOB_ABEND    GLOB_ABORTED
#endif

__BEGIN_DECLS
int glob(const char *__restrict pattern, int flags,
	int (*errfunc)(const char *path, int err), glob_t *__restrict pglob);
void globfree(glob_t *pglob);
__END_DECLS

#endif
