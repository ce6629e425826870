/*
 * What the core modules of the POSIX layer (the .c files in components/posix/) share with
 * each other. Internal to libunicore.a; the fs part only needs file.h.
 */
#ifndef UNICORE_POSIX_RUNTIME_H
#define UNICORE_POSIX_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Sets errno from a -errno result and returns -1; passes other values on. */
long uc_syscall_ret(long r);

/* ---- cmdline.c: boot command line words and runtime options ---- */
struct uc_options {
	int framed;          /* unicore.console=framed */
	char **env;          /* unicore.env= values, NULL-terminated */
	int nenv;
	char **warnings;     /* one message per unknown option */
	int nwarnings;
};
/* Splits line into words (sh-like quoting); leading unicore.* options go to
 * opts unless the words are all arguments already (options_done). Appends
 * the application's arguments to *args / *nargs. Returns 0 or -ENOMEM. */
int uc_cmdline_parse(const char *line, struct uc_options *opts, char ***args, int *nargs);

/* ---- image/tls.c: the main thread's TLS block (before any TLS access) ---- */
void uc_tls_init(void);

/* ---- progname.c ---- */
/* Sets program_invocation_name (and its short form, getprogname()). */
void uc_progname_init(char *argv0);

/* ---- console.c / framed.c ---- */
extern int uc_console_framed;
/* Writes to stdout (1) or stderr (2) as the console mode wants, without
 * using the heap or stdio (safe in crash paths). */
void uc_console_emit(int stream, const void *buf, size_t len);
/* Announces the framed channel (@UC:H) when in framed mode. */
void uc_console_start(void);
/* Reports the exit status to the host (@UC:X) when in framed mode. */
void uc_console_finish(int status);
/* Framed channel, guest side. */
void uc_framed_send(int stream, const void *buf, size_t len);
void uc_framed_line(const char *text);
ssize_t uc_framed_read(void *buf, size_t len, int block);
int uc_framed_input_ready(void);

/* ---- mem.c ---- */
void uc_mem_init(uintptr_t start, uintptr_t end);
size_t uc_mem_total(void);
size_t uc_mem_free(void);

/* ---- time.c ---- */
void uc_time_init(void);
uint64_t uc_time_realtime_ns(void);
/* Waits until the monotonic deadline, delivering SIGALRM if an alarm falls
 * due first. Returns 0 at the deadline, -EINTR if a signal handler ran. */
int uc_sleep_until(uint64_t deadline_ns);

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
