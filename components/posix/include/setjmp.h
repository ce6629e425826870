/* unicore: newlib 3.3.0 defines sigjmp_buf, sigsetjmp and siglongjmp only
 * for Cygwin and RTEMS; POSIX programs (lighttpd) need them everywhere. */
#include_next <setjmp.h>

#if !defined(_UNICORE_SETJMP_H) && __POSIX_VISIBLE
#define _UNICORE_SETJMP_H
#include <signal.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef struct __unicore_sigjmp {
	jmp_buf __jb;
	int __saved;
	sigset_t __mask;
} sigjmp_buf[1];

/* setjmp must run in the caller's frame: a macro, as newlib does for Cygwin. */
#define sigsetjmp(env, savemask) __extension__ ({ \
	struct __unicore_sigjmp *__e = (env); \
	__e->__saved = (savemask); \
	if (__e->__saved) \
		sigprocmask(SIG_SETMASK, 0, &__e->__mask); \
	setjmp(__e->__jb); })
void siglongjmp(sigjmp_buf, int) __attribute__((__noreturn__));
#ifdef __cplusplus
}
#endif
#endif
