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
/* Whether sig's handler was installed with SA_RESTART: a read it
 * interrupted goes on instead of failing with EINTR. */
int uc_signal_restarts(int sig);
/* Monotonic time at which SIGALRM is due, or 0. */
uint64_t uc_alarm_deadline(void);
/* Delivers SIGALRM if it is due; returns 1 if a handler ran. */
int uc_alarm_check(void);

#endif
