/* siglongjmp (sigsetjmp is a macro in include/setjmp.h). */
#include <setjmp.h>
#include <signal.h>

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__saved)
		sigprocmask(SIG_SETMASK, &env->__mask, 0);
	longjmp(env->__jb, val ? val : 1);
}
