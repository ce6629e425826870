/*
 * Signals within the one process. The handler table is the runtime's, one
 * for the process (newlib's lives in each thread's struct _reent, and its
 * raise() resets a handler to SIG_DFL before calling it, as System V did):
 * signal(), sigaction(), raise() and kill() all go through it, with the
 * semantics of Linux and glibc. Signals come only from the program itself (raise, kill, abort, a
 * closed pipe) and from alarm(), which is checked whenever the program waits
 * (sleep, poll, console reads): there are no timer interrupts to cut into
 * a computation. Faults (SIGSEGV...) reach the handlers through fault.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <reent.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <ucontext.h>
#include <unicore/plat.h>
#include "core.h"
#include "wait.h"

#define NS 1000000000ull
#define BIT(sig) (1UL << (sig))

static sigset_t blocked, pending;
static _sig_func_ptr handlers[NSIG];	/* SIG_DFL is 0 */
static sigset_t handler_mask[NSIG];
static int handler_flags[NSIG];

static _sig_func_ptr handler_of(int sig)
{
	return handlers[sig];
}

static const char *name_of(int sig)
{
	static const char *const names[NSIG] = {
		[SIGHUP] = "SIGHUP (Hangup)", [SIGINT] = "SIGINT (Interrupt)",
		[SIGQUIT] = "SIGQUIT (Quit)", [SIGILL] = "SIGILL (Illegal instruction)",
		[SIGTRAP] = "SIGTRAP (Trace trap)", [SIGABRT] = "SIGABRT (Aborted)",
		[SIGFPE] = "SIGFPE (Arithmetic exception)", [SIGKILL] = "SIGKILL (Killed)",
		[SIGBUS] = "SIGBUS (Bus error)", [SIGSEGV] = "SIGSEGV (Segmentation fault)",
		[SIGSYS] = "SIGSYS (Bad system call)", [SIGPIPE] = "SIGPIPE (Broken pipe)",
		[SIGALRM] = "SIGALRM (Alarm clock)", [SIGTERM] = "SIGTERM (Terminated)",
		[SIGUSR1] = "SIGUSR1 (User defined signal 1)",
		[SIGUSR2] = "SIGUSR2 (User defined signal 2)",
	};
	return names[sig] ? names[sig] : "a signal";
}

/* What a process without a handler does. Stopping is ignoring here:
 * nothing could ever continue the one process. */
static int default_action(int sig)
{
	static char report[80];

	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return 0;
	}
	strcpy(report, "unicore: killed by ");
	strcat(report, name_of(sig));
	uc_crash(report, 128 + sig);
}

static void deliver_pending(void);

int uc_signal_handler(int sig, struct sigaction *sa)
{
	_sig_func_ptr h = handler_of(sig);

	if (h == SIG_DFL || h == SIG_IGN || (blocked & BIT(sig)))
		return 0;
	memset(sa, 0, sizeof *sa);
	sa->sa_handler = h;
	sa->sa_mask = handler_mask[sig];
	sa->sa_flags = handler_flags[sig];
	return 1;
}

sigset_t uc_signal_enter(int sig)
{
	sigset_t saved = blocked;

	blocked |= handler_mask[sig] | (handler_flags[sig] & SA_NODEFER ? 0 : BIT(sig));
	if (handler_flags[sig] & SA_RESETHAND)
		handlers[sig] = SIG_DFL;
	return saved;
}

void uc_signal_leave(sigset_t mask)
{
	blocked = mask & ~(BIT(SIGKILL) | BIT(SIGSTOP));
	deliver_pending();
}

/* A SA_SIGINFO handler called by raise() or kill(): the sender is the
 * process itself; the context has only the stack pointer. */
static void call_siginfo(int sig, _sig_func_ptr h)
{
	struct sigaction sa = { .sa_handler = h };
	siginfo_t si = { .si_signo = sig, .si_code = 0 /* SI_USER */, .si_pid = getpid() };
	ucontext_t uc;

	memset(&uc, 0, sizeof uc);
	uc.uc_sigmask = blocked;
	uc.uc_mcontext.gregs[REG_RSP] = (greg_t)(uintptr_t)__builtin_frame_address(0);
	sa.sa_sigaction(sig, &si, &uc);
}

int uc_signal_deliver(int sig)
{
	_sig_func_ptr h = handler_of(sig);
	sigset_t saved = blocked;

	if ((blocked & BIT(sig)) && sig != SIGKILL && sig != SIGSTOP) {
		pending |= BIT(sig);
		return 0;
	}
	if (h == SIG_IGN)
		return 0;
	if (h == SIG_DFL || sig == SIGKILL || sig == SIGSTOP)
		return default_action(sig);
	int flags = handler_flags[sig];

	if (flags & SA_RESETHAND)
		handlers[sig] = SIG_DFL;
	blocked |= handler_mask[sig] | (handler_flags[sig] & SA_NODEFER ? 0 : BIT(sig));
	if (flags & SA_SIGINFO)
		call_siginfo(sig, h);
	else
		h(sig);
	blocked = saved;
	deliver_pending();
	return 0;
}

static void deliver_pending(void)
{
	for (int sig = 1; sig < NSIG; sig++) {
		if ((pending & BIT(sig)) && !(blocked & BIT(sig))) {
			pending &= ~BIT(sig);
			uc_signal_deliver(sig);
		}
	}
}

static int valid(int sig)
{
	return sig > 0 && sig < NSIG;
}

/* raise() and newlib's _kill_r end here. */
int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return uc_syscall_ret(-EINVAL);
	if (pid != getpid() && pid != 0 && pid != -1)
		return uc_syscall_ret(-ESRCH);
	if (sig == 0)
		return 0;
	return uc_signal_deliver(sig);
}

int _kill(pid_t, int) __attribute__((alias("kill")));

int killpg(pid_t pgrp, int sig)
{
	if (pgrp != 0 && pgrp != getpid())
		return uc_syscall_ret(-ESRCH);
	return kill(0, sig);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (!valid(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return uc_syscall_ret(-EINVAL);
	if (old) {
		memset(old, 0, sizeof *old);
		old->sa_handler = handler_of(sig);
		old->sa_mask = handler_mask[sig];
		old->sa_flags = handler_flags[sig];
	}
	if (act) {
		handlers[sig] = act->sa_handler;
		handler_mask[sig] = act->sa_mask;
		handler_flags[sig] = act->sa_flags;
	}
	return 0;
}

/* glibc's signal(): BSD semantics, the handler stays installed, the signal
 * is blocked while it runs and interrupted calls restart. */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;

	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

/* newlib's names for the same calls: defined here so that its signal.o,
 * with its own table and raise, never joins a link. */
_sig_func_ptr _signal_r(struct _reent *r, int sig, _sig_func_ptr handler)
{
	(void)r;
	return signal(sig, handler);
}

int _raise_r(struct _reent *r, int sig)
{
	(void)r;
	return raise(sig);
}

int _init_signal_r(struct _reent *r)
{
	(void)r;
	return 0;
}

int _init_signal(void)
{
	return 0;
}

/* newlib's: 0 when a handler ran, 1 for SIG_DFL, 2 for SIG_IGN, -1 for a bad number. */
int __sigtramp_r(struct _reent *r, int sig)
{
	(void)r;
	if (!valid(sig))
		return -1;
	if (handlers[sig] == SIG_DFL)
		return 1;
	if (handlers[sig] == SIG_IGN)
		return 2;
	uc_signal_deliver(sig);
	return 0;
}

int __sigtramp(int sig)
{
	return __sigtramp_r(_REENT, sig);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t unblockable = BIT(SIGKILL) | BIT(SIGSTOP);

	if (old)
		*old = blocked;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		blocked |= *set;
		break;
	case SIG_UNBLOCK:
		blocked &= ~*set;
		break;
	case SIG_SETMASK:
		blocked = *set;
		break;
	default:
		return uc_syscall_ret(-EINVAL);
	}
	blocked &= ~unblockable;
	deliver_pending();
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) ? errno : 0;
}

int sigpending(sigset_t *set)
{
	*set = pending;
	return 0;
}

/* The header has these as macros; programs may #undef them or take their
 * address, so they exist as functions too. */
#undef sigemptyset
#undef sigfillset
#undef sigaddset
#undef sigdelset
#undef sigismember

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~(sigset_t)0;
	return 0;
}

int sigaddset(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return uc_syscall_ret(-EINVAL);
	*set |= BIT(sig);
	return 0;
}

int sigdelset(sigset_t *set, const int sig)
{
	if (!valid(sig))
		return uc_syscall_ret(-EINVAL);
	*set &= ~BIT(sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return uc_syscall_ret(-EINVAL);
	return (*set & BIT(sig)) != 0;
}

/* ---- alarm and the real-time interval timer ---- */

static uint64_t alarm_at, alarm_every;

int uc_signal_restarts(int sig)
{
	return (handler_flags[sig] & SA_RESTART) != 0;
}

uint64_t uc_alarm_deadline(void)
{
	return alarm_at;
}

int uc_alarm_check(void)
{
	if (!alarm_at || plat_clock_monotonic_ns() < alarm_at)
		return 0;
	alarm_at = alarm_every ? alarm_at + alarm_every : 0;
	_sig_func_ptr h = handler_of(SIGALRM);
	int runs = h != SIG_DFL && h != SIG_IGN && !(blocked & BIT(SIGALRM));
	uc_signal_deliver(SIGALRM);
	return runs;
}

static uint64_t timeval_ns(const struct timeval *tv)
{
	return tv->tv_sec * NS + tv->tv_usec * 1000ull;
}

static void ns_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = ns / NS;
	tv->tv_usec = ns % NS / 1000;
}

int getitimer(int which, struct itimerval *v)
{
	uint64_t now = plat_clock_monotonic_ns();

	if (which != ITIMER_REAL)
		return uc_syscall_ret(-EINVAL);
	ns_timeval(alarm_at > now ? alarm_at - now : (alarm_at ? 1000 : 0), &v->it_value);
	ns_timeval(alarm_every, &v->it_interval);
	return 0;
}

int setitimer(int which, const struct itimerval *v, struct itimerval *old)
{
	if (which != ITIMER_REAL)
		return uc_syscall_ret(-EINVAL);   /* no CPU-time accounting */
	if (v->it_value.tv_usec < 0 || v->it_value.tv_usec >= 1000000 || v->it_value.tv_sec < 0)
		return uc_syscall_ret(-EINVAL);
	if (old)
		getitimer(which, old);
	uint64_t value = timeval_ns(&v->it_value);
	alarm_at = value ? plat_clock_monotonic_ns() + value : 0;
	alarm_every = value ? timeval_ns(&v->it_interval) : 0;
	return 0;
}

unsigned alarm(unsigned seconds)
{
	struct itimerval v = { .it_value = { .tv_sec = seconds } }, old;

	setitimer(ITIMER_REAL, &v, &old);
	return old.it_value.tv_sec + (old.it_value.tv_usec > 0);
}

/* Waits for a signal; only an alarm can send one, so without an alarm this
 * waits for ever, as it would on Unix with nobody to send a signal. */
int pause(void)
{
	while (uc_wait_until(UINT64_MAX, NULL, NULL) == 0)
		;
	return uc_syscall_ret(-EINTR);
}

/* Takes a pending signal of set (the caller has blocked them); as with
 * pause(), only an alarm can make one pending while this waits. */
int sigwait(const sigset_t *restrict set, int *restrict sig)
{
	for (;;) {
		sigset_t ready = pending & *set & ~(BIT(SIGKILL) | BIT(SIGSTOP));
		if (ready) {
			*sig = __builtin_ctzl(ready);
			pending &= ~BIT(*sig);
			return 0;
		}
		uint64_t at = uc_alarm_deadline();
		uc_wait_until(at ? at : UINT64_MAX, NULL, NULL);
	}
}

int sigsuspend(const sigset_t *mask)
{
	sigset_t saved = blocked;
	int r;

	blocked = *mask & ~(BIT(SIGKILL) | BIT(SIGSTOP));
	if (pending & ~blocked) {
		deliver_pending();
		r = -1;
		errno = EINTR;
	} else {
		r = pause();
	}
	blocked = saved;
	deliver_pending();
	return r;
}
