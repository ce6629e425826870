/*
 * Threads on one CPU. Every thread is on a ring; switching is round robin
 * among those that can run. A thread blocks in one of three ways (sched.h):
 * until a deadline, on a channel (an address: mutexes, condition variables,
 * joins) until woken, or until a ready function says yes (console, poll).
 * When nothing can run, the CPU idles (uc_idle: the network stack's wait or
 * plat_wait_until) until the earliest
 * deadline or an event, then looks again.
 *
 * Preemption: platforms with a timer interrupt call uc_preempt_tick every
 * UC_TIME_SLICE_NS while threads exist; it switches to the next thread
 * unless the interrupted code is the runtime's or the platform's own (their
 * text lies in [__uc_rt_text_start, __uc_rt_text_end), see the Makefile)
 * or preemption is off. So runtime state is only ever switched away from
 * where the runtime blocks on purpose; newlib's shared state (malloc, stdio,
 * atexit, environment) is guarded by its retargetable locks (locks.c).
 *
 * Each thread has its own newlib struct _reent (errno, strtok, rand...)
 * sharing the main thread's stdin/stdout/stderr, and its own TLS block:
 * _impure_ptr and the thread pointer change with every switch.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicore/plat.h>
#include "pthread_impl.h"
#include "sched.h"
#include "posix/image/image.h"
#include "posix/core/wait.h"
#include "posix/io/io.h"

#define PAGE 4096u
#define TCB_SIZE 64u
#define TCB_CANARY_WORD 5                  /* %fs:0x28 */

extern uintptr_t __stack_chk_guard;
/* The runtime's text (platform link.ld); the TLS image is in image.h. */
extern char __uc_rt_text_start[] __attribute__((weak));
extern char __uc_rt_text_end[] __attribute__((weak));
/* newlib's internal stdio setup of a reent. */
void __sinit(struct _reent *);

static struct uc_thread main_thread = {
	.id = 1, .name = "main", .cancel_state = PTHREAD_CANCEL_ENABLE,
	.cancel_type = PTHREAD_CANCEL_DEFERRED,
};
static struct uc_thread *current = &main_thread;
static int nthreads = 1;                /* on the ring: live or unjoined */
static int nlive = 1;                   /* not ended */
static volatile int preempt_off;
static int preempt_armed;
static uint64_t chan_seq;
static uint64_t events;                /* uc_sched_notify and idle wakeups */
static struct uc_thread *zombies;      /* dead detached threads */
/* unicore.threads.stats=1 (uc_sched_report); the counters always count. */
int uc_sched_stats;
static uint64_t ncreated;              /* uc_thread_spawn successes */
static int npeak = 1;                  /* most live threads at once */
static uint64_t nswitches;             /* switches to another thread */
static uint64_t npreemptions;          /* of those, by the timer tick */

struct uc_thread *uc_self(void)
{
	return current;
}

uint64_t uc_thread_cpu_ns(struct uc_thread *t)
{
	uint64_t ns;

	uc_preempt_disable();
	ns = t->cpu_ns;
	if (t == current)
		ns += uc_cpu_time_ns() - t->cpu_since;
	uc_preempt_enable();
	return ns;
}

/* Digits of v into the end of buf; returns where they start. */
static char *digits(char *end, uint64_t v)
{
	*--end = 0;
	do
		*--end = '0' + v % 10;
	while (v /= 10);
	return end;
}

void uc_sched_report(void)
{
	static const char *const part[] = {
		"unicore: threads: ", " created, ", " at most at once, ",
		" context switches (", " preemptions)\n",
	};
	uint64_t value[] = { ncreated, (uint64_t)npeak, nswitches, npreemptions };
	char line[160], num[24];

	if (!uc_sched_stats)
		return;
	line[0] = 0;
	for (int i = 0; i < 4; i++) {
		strcat(line, part[i]);
		strcat(line, digits(num + sizeof num, value[i]));
	}
	strcat(line, part[4]);
	uc_console_emit(2, line, strlen(line));
}

int uc_sched_count(void)
{
	return nthreads;
}

struct uc_thread *uc_thread_find(pthread_t id)
{
	struct uc_thread *t = current;

	do {
		if (t->id == id)
			return t;
		t = t->next;
	} while (t != current);
	return NULL;
}

/* ---- TLS: variant II, the block ends where the thread pointer points ----
 * The linker puts a TLS variable at offset (its place in the image) minus
 * the image size rounded up to the image's alignment, from the thread
 * pointer; the thread pointer itself is kept 64-byte aligned. */

/* Read through a 64-bit pointer: the symbol is absolute (a number). */
static char *const volatile tls_align_sym = __uc_tls_align;

static size_t tls_offset(void)
{
	uintptr_t align = (uintptr_t)tls_align_sym ? (uintptr_t)tls_align_sym : 1;
	/* An empty .tbss may be placed before .tdata's start: no bss then. */
	uintptr_t tbss_end = (uintptr_t)__uc_tls_end, tdata_end = (uintptr_t)__uc_tdata_end;
	uintptr_t end = tbss_end > tdata_end ? tbss_end : tdata_end;
	size_t size = __uc_tls_start ? (size_t)(end - (uintptr_t)__uc_tls_start) : 0;

	return (size + align - 1) & ~(align - 1);
}

static int tls_alloc(struct uc_thread *t)
{
	size_t off = tls_offset();
	size_t tdata = __uc_tls_start ? (size_t)(__uc_tdata_end - __uc_tls_start) : 0;
	char *mem = malloc(off + TCB_SIZE + TCB_SIZE - 1), *block;
	uintptr_t *tcb;

	if (!mem)
		return -ENOMEM;
	tcb = (uintptr_t *)(((uintptr_t)mem + off + TCB_SIZE - 1) & ~(uintptr_t)(TCB_SIZE - 1));
	block = (char *)tcb - off;
	if (tdata)
		memcpy(block, __uc_tls_start, tdata);
	memset(block + tdata, 0, off - tdata);
	memset(tcb, 0, TCB_SIZE);
	tcb[0] = (uintptr_t)tcb;
	tcb[TCB_CANARY_WORD] = __stack_chk_guard;
	t->tls_mem = mem;
	t->tp = (uintptr_t)tcb;
	return 0;
}

/* ---- Stacks ---- */

static void guard_pages(struct uc_thread *t, size_t len, int on)
{
	for (size_t off = 0; off < len; off += PAGE)
		plat_protect_page(t->guard + off, on ? PLAT_PROT_NONE : PLAT_PROT_READ | PLAT_PROT_WRITE);
}

static int stack_alloc(struct uc_thread *t, size_t len, size_t guard)
{
	char *mem;

	guard = (guard + PAGE - 1) & ~(size_t)(PAGE - 1);
	len = (len + PAGE - 1) & ~(size_t)(PAGE - 1);
	mem = memalign(PAGE, guard + len);
	if (!mem)
		return -ENOMEM;
	t->stack_mem = mem;
	t->stack_len = guard + len;
	if (guard) {
		t->guard = (uintptr_t)mem;
		t->guard_len = guard;
		for (size_t off = 0; off < guard; off += PAGE) {
			if (plat_protect_page(t->guard + off, PLAT_PROT_NONE) < 0) {
				guard_pages(t, off, 0);
				t->guard = 0;      /* the platform cannot: no guard */
				break;
			}
		}
	}
	return 0;
}

void uc_thread_reap(struct uc_thread *t)
{
	if (t->stack_mem) {
		if (t->guard)
			guard_pages(t, t->guard_len, 0);
		free(t->stack_mem);
		t->stack_mem = NULL;
	}
	free(t->tls_mem);
	t->tls_mem = NULL;
	free(t->specific);
	t->specific = NULL;
}

/* Frees detached threads that ended; never while on their stacks. */
static void reap_zombies(void)
{
	while (zombies) {
		struct uc_thread *t = zombies;
		zombies = t->zombie_next;
		uc_thread_reap(t);
		free(t);
	}
}

/* ---- The newlib reent of a thread ---- */

static void reent_init(struct uc_thread *t)
{
	struct _reent *global = _GLOBAL_REENT;

	if (!global->__sdidinit)
		__sinit(global);
	_REENT_INIT_PTR(&t->own_reent);
	/* One stdin/stdout/stderr for the process, as POSIX has it. */
	t->own_reent._stdin = global->_stdin;
	t->own_reent._stdout = global->_stdout;
	t->own_reent._stderr = global->_stderr;
	t->own_reent.__sdidinit = 1;
	t->reent = &t->own_reent;
}

/* ---- Switching ---- */

static void ring_insert(struct uc_thread *t)
{
	t->next = current->next;
	current->next = t;
	nthreads++;
}

static void ring_remove(struct uc_thread *t)
{
	struct uc_thread *p = t;

	while (p->next != t)
		p = p->next;
	p->next = t->next;
	nthreads--;
}

static void switch_to(struct uc_thread *next)
{
	struct uc_thread *prev = current;

	next->state = UC_RUNNABLE;
	if (next == prev)
		return;
	uint64_t cpu = uc_cpu_time_ns();
	prev->cpu_ns += cpu - prev->cpu_since;
	next->cpu_since = cpu;
	nswitches++;
	current = next;
	_impure_ptr = next->reent;
	plat_set_thread_pointer(next->tp);
	uc_switch(&prev->sp, next->sp);
}

/* Whether t can run now. A tick may not call ready functions (they may
 * touch what the interrupted code was touching): it lets such waiters run
 * to check for themselves. Event waiters run after any event since they
 * blocked. */
static int can_run(struct uc_thread *t, uint64_t now, int tick)
{
	if (t->state == UC_RUNNABLE)
		return 1;
	if (t->state != UC_WAITING)
		return 0;
	if (t->woken || now >= t->deadline)
		return 1;
	if (t->chan)
		return 0;
	if (!t->ready)
		return tick || t->events_seen != events;
	return tick || t->ready(t->ready_arg);
}

/* The next thread after the current one that can run (the current one
 * last), or NULL. */
static struct uc_thread *pick(int tick)
{
	uint64_t now = plat_clock_monotonic_ns();
	struct uc_thread *t = current;

	for (int i = 0; i < nthreads; i++) {
		t = t->next;
		if (can_run(t, now, tick))
			return t;
	}
	return NULL;
}

static uint64_t earliest_deadline(void)
{
	uint64_t d = UC_NEVER;
	struct uc_thread *t = current;

	for (int i = 0; i < nthreads; i++, t = t->next)
		if (t->state == UC_WAITING && !t->woken && t->deadline < d)
			d = t->deadline;
	return d;
}

/* With preemption off (count 1): runs the next thread that can, idling
 * while none can. Returns when the current thread is chosen again. */
static void schedule(void)
{
	for (;;) {
		struct uc_thread *next = pick(0);
		if (next) {
			switch_to(next);
			return;
		}
		uc_idle(earliest_deadline());
		events++;
	}
}

void uc_sched_notify(void)
{
	events++;
}

void uc_preempt_disable(void)
{
	preempt_off++;
}

/* A tick that came while preemption was off is not made up for here: this
 * may be the middle of something that must not yield (a condition wait
 * between giving up its mutex and sleeping). The next tick comes soon. */
void uc_preempt_enable(void)
{
	preempt_off--;
}

static void block_and_schedule(void)
{
	uc_preempt_disable();
	schedule();
	uc_preempt_enable();
	reap_zombies();
}

void uc_sched_block(uint64_t deadline, uc_sched_ready_fn ready, void *arg)
{
	struct uc_thread *self = current;

	uc_cancel_point();
	if (nthreads == 1) {
		uc_idle(deadline);
		return;
	}
	self->deadline = deadline;
	self->chan = NULL;
	self->ready = ready;
	self->ready_arg = arg;
	self->events_seen = events;
	self->woken = 0;
	self->state = UC_WAITING;
	block_and_schedule();
	uc_cancel_point();
}

int uc_sched_sleep(const void *chan, uint64_t deadline)
{
	struct uc_thread *self = current;
	int woken;

	if (nlive == 1 && deadline == UC_NEVER)
		return -EDEADLK;        /* nobody left to wake us */
	self->deadline = deadline;
	self->chan = chan;
	self->chan_seq = ++chan_seq;
	self->ready = NULL;
	self->woken = 0;
	self->state = UC_WAITING;
	block_and_schedule();
	woken = self->woken;
	self->woken = 0;
	self->chan = NULL;
	return woken ? 0 : -ETIMEDOUT;
}

int uc_sched_wake(const void *chan, int all)
{
	struct uc_thread *t = current, *first = NULL;
	int n = 0;

	uc_preempt_disable();
	for (int i = 0; i < nthreads; i++, t = t->next) {
		if (t->state != UC_WAITING || t->chan != chan || t->woken)
			continue;
		if (all) {
			t->woken = 1;
			n++;
		} else if (!first || t->chan_seq < first->chan_seq) {
			first = t;
		}
	}
	if (first) {
		first->woken = 1;
		n = 1;
	}
	uc_preempt_enable();
	return n;
}

void uc_sched_yield(void)
{
	if (nthreads == 1)
		return;
	block_and_schedule();
}

static int in_runtime(uintptr_t pc)
{
	return pc >= (uintptr_t)__uc_rt_text_start && pc < (uintptr_t)__uc_rt_text_end;
}

void uc_preempt_tick(uintptr_t pc)
{
	struct uc_thread *next;

	if (nthreads == 1)
		return;
	if (preempt_off || in_runtime(pc))
		return;
	preempt_off++;
	next = pick(1);
	if (next) {
		if (next != current)
			npreemptions++;
		switch_to(next);
	}
	preempt_off--;
}

/* ---- Thread life ---- */

int uc_thread_spawn(struct uc_thread *t, void *stack_addr, size_t stack_len, size_t guard)
{
	uint64_t *sp;
	int r;

	if (stack_addr) {
		t->guard = 0;
		sp = (uint64_t *)(((uintptr_t)stack_addr + stack_len) & ~(uintptr_t)15);
	} else {
		r = stack_alloc(t, stack_len, guard);
		if (r < 0)
			return r;
		sp = (uint64_t *)((char *)t->stack_mem + t->stack_len);
	}
	r = tls_alloc(t);
	if (r < 0) {
		uc_thread_reap(t);
		return r;
	}
	reent_init(t);
	uc_preempt_disable();
	/* Armed with the first thread and never disarmed: a thread resumes with
	 * the interrupt state it was switched out in, which must stay valid. */
	if (!preempt_armed) {
		plat_preempt_timer(UC_TIME_SLICE_NS);
		preempt_armed = 1;
	}
	*--sp = 0;                                  /* keeps the trampoline aligned */
	*--sp = (uintptr_t)uc_thread_trampoline;
	for (int i = 0; i < 6; i++)
		*--sp = 0;                          /* rbp rbx r12-r15 */
	/* rflags as the creator runs (with the tick armed): interrupts on only
	 * where the platform runs with them on. */
	*--sp = (__builtin_ia32_readeflags_u64() & 0x200) | 0x2;
	*--sp = 0x037full << 32 | 0x1f80;          /* FPU control word, MXCSR */
	t->sp = sp;
	t->state = UC_RUNNABLE;
	ring_insert(t);
	nlive++;
	ncreated++;
	if (nlive > npeak)
		npeak = nlive;
	uc_preempt_enable();
	return 0;
}

_Noreturn void uc_thread_finish(void)
{
	struct uc_thread *self = current;

	if (nlive == 1)
		exit(0);        /* the last thread ends the process (POSIX) */
	uc_preempt_disable();
	nlive--;
	self->state = UC_DEAD;
	if (self->detached) {
		ring_remove(self);
		self->zombie_next = zombies;   /* next still leads into the ring */
		zombies = self;
	}
	if (self->joining)
		uc_sched_wake(self, 1);
	schedule();
	uc_crash("unicore: a thread ran after its end", UC_STATUS_ABRT);
}

/* A joined thread leaves the ring (its joiner frees it). */
void uc_thread_unlink(struct uc_thread *t)
{
	uc_preempt_disable();
	ring_remove(t);
	uc_preempt_enable();
}

/*
 * newlib's locks (malloc, stdio, atexit...) must be the runtime's (locks.c),
 * not the empty stand-ins in libc.a's lock.o: ld takes the first member that
 * defines a symbol, and libc.a's malloc, scanned before libunicore.a is
 * scanned again, found its own, so malloc went unlocked under preemption.
 * sched.o is always linked (uc_main calls uc_sched_init); this reference
 * pulls locks.o in while libunicore.a is scanned, before libc.a.
 */
extern struct __lock __lock___malloc_recursive_mutex;
__attribute__((used)) static void *const locks_anchor = &__lock___malloc_recursive_mutex;

void uc_sched_init(void)
{
	main_thread.next = &main_thread;
	main_thread.reent = _impure_ptr;
	if (tls_alloc(&main_thread) == 0)
		plat_set_thread_pointer(main_thread.tp);
}
