/* unicore: newlib's <sys/wait.h> plus what POSIX and glibc add. A unikernel
 * is one process and never has children: the wait calls fail with ECHILD. */
#ifndef _UNICORE_SYS_WAIT_H
#define _UNICORE_SYS_WAIT_H

#include_next <sys/wait.h>
#include <sys/cdefs.h>
#include <signal.h>

__BEGIN_DECLS

#ifndef WCONTINUED
#define WCONTINUED 8
#endif
#define WSTOPPED WUNTRACED
#define WEXITED 4
#define WNOWAIT 0x1000000
#define WCOREFLAG 0x80
#define WCOREDUMP(w) ((w) & WCOREFLAG)
#define WIFCONTINUED(w) ((w) == 0xffff)
#define W_EXITCODE(ret, sig) ((ret) << 8 | (sig))
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)

typedef enum { P_ALL = 0, P_PID = 1, P_PGID = 2 } idtype_t;

struct rusage;
pid_t wait3(int *, int, struct rusage *);
pid_t wait4(pid_t, int *, int, struct rusage *);
int waitid(idtype_t, id_t, siginfo_t *, int);

__END_DECLS

#endif
