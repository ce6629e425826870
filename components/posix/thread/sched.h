/*
 * The thread scheduler (sched.c): threads on one CPU, each with its own
 * stack (and guard page), TLS block and newlib reentrancy structure. The
 * POSIX layer blocks a thread only through the functions below; when no
 * thread can run, the CPU idles in plat_wait_until until the earliest
 * deadline or an event. Internal to libunicore.a.
 */
#ifndef UNICORE_POSIX_SCHED_H
#define UNICORE_POSIX_SCHED_H

#include <pthread.h>
#include <reent.h>
#include <stddef.h>
#include <stdint.h>

#define UC_NEVER UINT64_MAX
#define UC_THREAD_NAME_MAX 16          /* like Linux: 15 characters and the NUL */
#define UC_DEFAULT_STACK (256 * 1024)   /* a new thread's stack unless attr says */
#define UC_GUARD_SIZE 4096
/* The time slice of timer-driven preemption (docs/architecture.md). */
#define UC_TIME_SLICE_NS 10000000ull

/* Whether what a waiting thread waits for has happened (see uc_sched_block). */
typedef int (*uc_sched_ready_fn)(void *arg);

enum uc_thread_state { UC_RUNNABLE, UC_WAITING, UC_DEAD };

struct uc_thread {
	void *sp;                      /* saved stack pointer while switched out */
	struct uc_thread *next;        /* ring of all live or unjoined threads */
	struct uc_thread *zombie_next; /* list of dead detached ones to free */
	enum uc_thread_state state;
	/* While UC_WAITING: until deadline, or until woken on chan, or until
	 * ready(arg); a wait with neither chan nor ready ends on any event. */
	uint64_t deadline;
	const void *chan;
	uint64_t chan_seq;             /* FIFO order of sleepers on a channel */
	uc_sched_ready_fn ready;
	void *ready_arg;
	int woken;
	uint64_t events_seen;          /* event count when an event wait began */
	/* Memory: stack (guard page at its low end), TLS block + TCB. */
	void *stack_mem;
	size_t stack_len;
	uintptr_t guard;               /* address of the guard pages, or 0 */
	size_t guard_len;
	void *tls_mem;
	uintptr_t tp;
	struct _reent *reent;
	struct _reent own_reent;
	/* The pthread side (pthread_thread.c). */
	pthread_t id;
	char name[UC_THREAD_NAME_MAX];
	void *(*start)(void *);
	void *arg;
	void *result;
	int detached;
	int joining;                   /* a pthread_join waits for this thread */
	int cancel_state, cancel_type, cancel_pending;
	struct _pthread_cleanup_context *cleanup;
	const void **specific;         /* PTHREAD_KEYS_MAX values, or NULL */
	/* CPU time (idle time left out, like uc_cpu_time_ns): what it ran until
	 * it was last switched out, and the CPU time when it was switched in. */
	uint64_t cpu_ns;
	uint64_t cpu_since;
};

/* The running thread. */
struct uc_thread *uc_self(void);
/* Finds a live or unjoined thread by id, or NULL. */
struct uc_thread *uc_thread_find(pthread_t id);
/* Sets up the main thread (its TLS block from the program's TLS image).
 * Called first thing in uc_main. */
void uc_sched_init(void);

/* Makes a thread: stack of stack_len (or the caller's stack at stack_addr),
 * guard page of guard bytes (rounded to pages; 0 = none), TLS, reent. The
 * thread starts runnable in t->start(t->arg) via uc_thread_main. Returns 0
 * or -errno; t is the caller's (zeroed, with start/arg/name filled in). */
int uc_thread_spawn(struct uc_thread *t, void *stack_addr, size_t stack_len, size_t guard);
/* What a new thread runs (pthread_thread.c): start(arg), then its end. */
_Noreturn void uc_thread_main(void);
/* Ends the running thread for good (its memory is freed by uc_thread_reap,
 * or at the next switch when detached). */
_Noreturn void uc_thread_finish(void);
/* Frees a dead thread's stack and TLS (the struct stays the caller's). */
void uc_thread_reap(struct uc_thread *t);
/* Takes a dead joined thread off the scheduler's ring. */
void uc_thread_unlink(struct uc_thread *t);

/* Blocks the running thread until the monotonic deadline or until ready(arg)
 * is true (ready NULL: until any event: console input, an interrupt). May
 * return early: callers re-check. Other threads run meanwhile; when none
 * can, the CPU idles. A cancellation point (every caller is one: sleeps,
 * poll/select, reads). */
void uc_sched_block(uint64_t deadline, uc_sched_ready_fn ready, void *arg);
/* Something an event waiter (ready NULL) may wait for happened (a pipe
 * was written...): they all look again. */
void uc_sched_notify(void);
/* Sleeps on the channel chan (any address) until uc_sched_wake or the
 * deadline. Returns 0 when woken, -ETIMEDOUT at the deadline, -EDEADLK at
 * once if the caller is the only thread left and there is no deadline
 * (nobody could ever wake it). */
int uc_sched_sleep(const void *chan, uint64_t deadline);
/* Wakes the longest sleeper on chan (all: every sleeper). Returns how many. */
int uc_sched_wake(const void *chan, int all);
/* Lets the other runnable threads run. */
void uc_sched_yield(void);
/* How many threads exist (1 = only main). */
int uc_sched_count(void);
/* The CPU time thread t has run, in ns (CLOCK_THREAD_CPUTIME_ID and
 * pthread_getcpuclockid's clocks). */
uint64_t uc_thread_cpu_ns(struct uc_thread *t);
/* Thread id <-> its CPU-time clock id, encoded as Linux does (~tid << 3 |
 * CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED: large, never a fixed clock's id). */
#define UC_THREAD_CLOCK(id) ((clockid_t)((~(uint64_t)(id) << 3) | 6))
#define UC_IS_THREAD_CLOCK(c) (((uint64_t)(c) >> 63) && ((c) & 7) == 6)
#define UC_THREAD_CLOCK_ID(c) ((pthread_t)~((uint64_t)(c) >> 3))
/* unicore.threads.stats=1: uc_sched_report (called by _exit) writes one
 * line to stderr: threads created, most alive at once, context switches
 * and how many of them were preemptions. */
extern int uc_sched_stats;
void uc_sched_report(void);

/* Preemption off/on around code that must not be switched away from
 * (nests). A tick that comes meanwhile is dropped. */
void uc_preempt_disable(void);
void uc_preempt_enable(void);

/* switch.S: saves the callee-saved state on the current stack, stores the
 * stack pointer in *save and continues on the stack new_sp. */
void uc_switch(void **save, void *new_sp);
/* switch.S: where a new thread's first switch returns to. */
void uc_thread_trampoline(void);

#endif
