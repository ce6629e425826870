/* unicore: newlib's <sys/signal.h> has only SA_NOCLDSTOP for this target.
 * These sa_flags work (components/posix/signal.c); SA_SIGINFO and
 * SA_ONSTACK are left undefined: no siginfo handlers, no sigaltstack. */
#include_next <sys/signal.h>

#if !defined(_UNICORE_SYS_SIGNAL_H) && defined(_SYS_SIGNAL_H)
#define _UNICORE_SYS_SIGNAL_H
#ifndef SA_RESTART
#define SA_RESTART   0x10000000  /* reads interrupted by the handler go on */
#define SA_NODEFER   0x40000000  /* do not block the signal in its handler */
#define SA_RESETHAND 0x80000000  /* back to SIG_DFL once delivered */
#endif
#endif
