/*
 * What the core of the POSIX layer (components/posix/core/: startup, the boot
 * command line, memory, clocks, signals) offers the other areas. Internal to
 * libunicore.a. The wait primitive has its own header, wait.h.
 */
#ifndef UNICORE_POSIX_CORE_H
#define UNICORE_POSIX_CORE_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

/* THE way a POSIX entry point turns an internal result into its return
 * value: -errno (-4095..-1) sets errno and gives -1; anything else (counts,
 * offsets, addresses) passes through. */
static inline long uc_syscall_ret(long r)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* ---- cmdline.c: boot command line words and runtime options ---- */
struct uc_options {
	int framed;          /* unicore.console=framed */
	int thread_stats;    /* unicore.threads.stats=1 */
	char **env;          /* unicore.env= values, NULL-terminated */
	int nenv;
	char **warnings;     /* one message per unknown option */
	int nwarnings;
	char *error;         /* a malformed option: the one-line message */
};
/* net/config.c: takes a unicore.net.* or unicore.hostname= word (without
 * "unicore."): 1 if valid, 0 if not such a word, -EINVAL (hint: the fix). */
int uc_net_option(const char *kv, const char **hint);
/* Splits line into words (sh-like quoting); leading unicore.* options go to
 * opts unless the words are all arguments already (options_done). Appends
 * the application's arguments to *args / *nargs. Returns 0 or -ENOMEM. */
int uc_cmdline_parse(const char *line, struct uc_options *opts, char ***args, int *nargs);


/* ---- host.c: the host kernel under linuxu ---- */
/* The platform's host system call entry (uc_boot_info.host_syscall): set on
 * linuxu, NULL where there is no host kernel. */
extern long (*uc_host_syscall)(long nr, long a, long b, long c, long d, long e, long f);
/* Run unbaked on the build machine: the fs layer's calls go to its files. */
extern int uc_host_files;
/* Makes Linux system call nr: its result, errors as -errno in the runtime's
 * (newlib's) numbering; -ENOSYS where there is no host kernel. */
long uc_host_call(long nr, long a, long b, long c, long d, long e, long f);
/* Linux's errno number lx in the runtime's numbering (EIO if it has none). */
int uc_host_errno(int lx);

/* ---- mem.c ---- */
void uc_mem_init(uintptr_t start, uintptr_t end);
size_t uc_mem_total(void);
size_t uc_mem_free(void);

/* ---- time.c ---- */
void uc_time_init(void);
uint64_t uc_time_realtime_ns(void);

/* ---- signal.c ---- */
/* Delivers sig to this process: handler, ignore or the default action. */
int uc_signal_deliver(int sig);
/* For fault.c: whether the program has a handler for sig that may run now
 * (not SIG_DFL or SIG_IGN, not blocked), filling *sa; entering it (the
 * handler's mask, SA_RESETHAND; returns the mask to restore) and leaving it
 * (sets the mask, delivers what it unblocked). */
int uc_signal_handler(int sig, struct sigaction *sa);
sigset_t uc_signal_enter(int sig);
void uc_signal_leave(sigset_t mask);
/* Whether sig's handler was installed with SA_RESTART: a read it
 * interrupted goes on instead of failing with EINTR. */
int uc_signal_restarts(int sig);
/* Monotonic time at which SIGALRM is due, or 0. */
uint64_t uc_alarm_deadline(void);
/* Delivers SIGALRM if it is due; returns 1 if a handler ran. */
int uc_alarm_check(void);

#endif
