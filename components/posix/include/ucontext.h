/* unicore: ucontext_t for SA_SIGINFO handlers (sys/ucontext.h); there is no
 * getcontext/setcontext/makecontext/swapcontext. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H
#include <sys/ucontext.h>
#endif
