/* unicore: newlib's <sys/signal.h> has only SA_NOCLDSTOP for this target.
 * These sa_flags work (components/posix/core/signal.c, fault.c), with
 * Linux's values; siginfo_t and struct sigaction themselves are newlib's,
 * repaired at install (setup/newlib-headers.ts: si_addr, sa_sigaction). */
#include_next <sys/signal.h>

#if !defined(_UNICORE_SYS_SIGNAL_H) && defined(_SYS_SIGNAL_H)
#define _UNICORE_SYS_SIGNAL_H
#ifndef SA_RESTART
#define SA_SIGINFO   0x00000004  /* handler takes (int, siginfo_t *, void *ucontext) */
#define SA_ONSTACK   0x08000000  /* handler runs on the sigaltstack stack */
#define SA_RESTART   0x10000000  /* reads interrupted by the handler go on */
#define SA_NODEFER   0x40000000  /* do not block the signal in its handler */
#define SA_RESETHAND 0x80000000  /* back to SIG_DFL once delivered */
#endif
/* si_code values, Linux's. */
#ifndef SEGV_MAPERR
#define SI_KERNEL    0x80
#define SEGV_MAPERR  1           /* address not mapped */
#define SEGV_ACCERR  2           /* no permission for the access */
#define BUS_ADRALN   1
#define BUS_ADRERR   2
#define BUS_OBJERR   3
#define FPE_INTDIV   1
#define FPE_INTOVF   2
#define FPE_FLTDIV   3
#define FPE_FLTOVF   4
#define FPE_FLTUND   5
#define FPE_FLTRES   6
#define FPE_FLTINV   7
#define FPE_FLTSUB   8
#define ILL_ILLOPC   1
#define ILL_ILLOPN   2
#define ILL_ILLADR   3
#define ILL_ILLTRP   4
#define ILL_PRVOPC   5
#define ILL_PRVREG   6
#define ILL_COPROC   7
#define ILL_BADSTK   8
#endif
#endif
