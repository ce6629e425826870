/*
 * The threads themselves: creation, joining, detaching, the end of a
 * thread (cleanup handlers, key destructors), deferred cancellation, once,
 * signals, names. The scheduler underneath is sched.c.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "pthread_impl.h"
#include "sched.h"

static pthread_t next_id = 2;          /* 1 is the main thread */

pthread_t pthread_self(void)
{
	return uc_self()->id;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

_Noreturn void uc_thread_main(void)
{
	struct uc_thread *self = uc_self();

	uc_preempt_enable();        /* the switch that started us held it off */
	pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*start)(void *), void *arg)
{
	struct uc_thread *t = calloc(1, sizeof *t);
	size_t stack = UC_DEFAULT_STACK, guard = UC_GUARD_SIZE;
	void *stack_addr = NULL;
	int r;

	if (!t)
		return EAGAIN;
	if (attr) {
		if (!attr->is_initialized) {
			free(t);
			return EINVAL;
		}
		stack = (size_t)attr->stacksize;
		stack_addr = attr->stackaddr;
		guard = uc_pthread_attr_guardsize(attr);
		t->detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
	}
	t->start = start;
	t->arg = arg;
	t->cancel_state = PTHREAD_CANCEL_ENABLE;
	t->cancel_type = PTHREAD_CANCEL_DEFERRED;
	t->id = next_id++;
	r = uc_thread_spawn(t, stack_addr, stack, guard);
	if (r < 0) {
		free(t);
		return EAGAIN;
	}
	*thread = t->id;
	return 0;
}

/* Waits for t to end (or the deadline): 0, ETIMEDOUT, or cancellation. */
static int wait_end(struct uc_thread *t, uint64_t deadline)
{
	while (t->state != UC_DEAD) {
		t->joining = 1;
		uc_cancel_point();
		int r = uc_sched_sleep(t, deadline);
		if (r < 0 && t->state != UC_DEAD)
			return -r;
	}
	return 0;
}

static int join(pthread_t thread, void **result, uint64_t deadline)
{
	struct uc_thread *t = uc_thread_find(thread);
	int r;

	if (!t)
		return ESRCH;
	if (t == uc_self())
		return EDEADLK;
	if (t->detached)
		return EINVAL;
	r = wait_end(t, deadline);
	if (r)
		return r;
	if (result)
		*result = t->result;
	uc_thread_unlink(t);
	uc_thread_reap(t);
	if (t->id != 1)
		free(t);
	return 0;
}

int pthread_join(pthread_t thread, void **result)
{
	return join(thread, result, UC_NEVER);
}

int pthread_tryjoin_np(pthread_t thread, void **result)
{
	struct uc_thread *t = uc_thread_find(thread);

	if (t && t != uc_self() && !t->detached && t->state != UC_DEAD)
		return EBUSY;
	return join(thread, result, UC_NEVER);
}

int pthread_timedjoin_np(pthread_t thread, void **result, const struct timespec *abstime)
{
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return EINVAL;
	return join(thread, result, uc_pthread_deadline(CLOCK_REALTIME, abstime));
}

int pthread_detach(pthread_t thread)
{
	struct uc_thread *t = uc_thread_find(thread);

	if (!t)
		return ESRCH;
	if (t->detached)
		return EINVAL;
	if (t->state == UC_DEAD) {      /* nobody will join it: free it now */
		uc_thread_unlink(t);
		uc_thread_reap(t);
		free(t);
		return 0;
	}
	t->detached = 1;
	return 0;
}

_Noreturn void pthread_exit(void *result)
{
	struct uc_thread *self = uc_self();

	self->cancel_state = PTHREAD_CANCEL_DISABLE;
	while (self->cleanup) {
		struct _pthread_cleanup_context *c = self->cleanup;
		self->cleanup = c->_previous;
		c->_routine(c->_arg);
	}
	uc_pthread_run_key_destructors();
	self->result = result;
	uc_thread_finish();
}

/* ---- Deferred cancellation ---- */

void uc_cancel_point(void)
{
	struct uc_thread *self = uc_self();

	if (self->cancel_pending && self->cancel_state == PTHREAD_CANCEL_ENABLE) {
		self->cancel_pending = 0;
		pthread_exit(PTHREAD_CANCELED);
	}
}

int pthread_cancel(pthread_t thread)
{
	struct uc_thread *t = uc_thread_find(thread);

	if (!t)
		return ESRCH;
	t->cancel_pending = 1;
	/* A thread blocked at a cancellation point wakes up to act on it. */
	if (t->state == UC_WAITING && t->cancel_state == PTHREAD_CANCEL_ENABLE)
		t->woken = 1;
	if (t == uc_self() && t->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS)
		uc_cancel_point();
	return 0;
}

int pthread_setcancelstate(int state, int *old)
{
	struct uc_thread *self = uc_self();

	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (old)
		*old = self->cancel_state;
	self->cancel_state = state;
	if (self->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS)
		uc_cancel_point();
	return 0;
}

/* Asynchronous cancellation acts at the next cancellation point too. */
int pthread_setcanceltype(int type, int *old)
{
	struct uc_thread *self = uc_self();

	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	if (old)
		*old = self->cancel_type;
	self->cancel_type = type;
	if (type == PTHREAD_CANCEL_ASYNCHRONOUS)
		uc_cancel_point();
	return 0;
}

void pthread_testcancel(void)
{
	uc_cancel_point();
}

void _pthread_cleanup_push(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	struct uc_thread *self = uc_self();

	c->_routine = routine;
	c->_arg = arg;
	c->_canceltype = -1;
	c->_previous = self->cleanup;
	self->cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	uc_self()->cleanup = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	_pthread_cleanup_push(c, routine, arg);
	c->_canceltype = uc_self()->cancel_type;
	uc_self()->cancel_type = PTHREAD_CANCEL_DEFERRED;
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c, int execute)
{
	_pthread_cleanup_pop(c, execute);
	pthread_setcanceltype(c->_canceltype, NULL);
}

/* ---- Once, signals, scheduling, names ---- */

/* init_executed: 0 not yet, 1 done, 2 running (others wait for it). */
int pthread_once(pthread_once_t *once, void (*routine)(void))
{
	while (once->init_executed == 2)
		if (uc_sched_sleep(once, UC_NEVER) == -EDEADLK)
			return EDEADLK;     /* called from inside the routine */
	if (once->init_executed == 1)
		return 0;
	once->init_executed = 2;
	routine();
	once->init_executed = 1;
	uc_sched_wake(once, 1);
	return 0;
}

/* Signals are the process's (one CPU, emulated signals): a signal sent to
 * any live thread is delivered to the process. */
int pthread_kill(pthread_t thread, int sig)
{
	struct uc_thread *t = uc_thread_find(thread);

	if (!t || t->state == UC_DEAD)
		return ESRCH;
	if (sig < 0 || sig >= NSIG)
		return EINVAL;
	if (sig == 0)
		return 0;
	return kill(getpid(), sig) < 0 ? errno : 0;
}

/* fork() always fails on unicore (ENOSYS), so the handlers are never due. */
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	return 0;
}

int pthread_getcpuclockid(pthread_t thread, clockid_t *clock)
{
	if (!uc_thread_find(thread))
		return ESRCH;
	*clock = UC_THREAD_CLOCK(thread);
	return 0;
}

static int concurrency;

int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	concurrency = level;
	return 0;
}

int pthread_getconcurrency(void)
{
	return concurrency;
}

int sched_yield(void)
{
	uc_sched_yield();
	return 0;
}

void pthread_yield(void)
{
	uc_sched_yield();
}

int pthread_setname_np(pthread_t thread, const char *name)
{
	struct uc_thread *t = uc_thread_find(thread);
	size_t len = strlen(name);

	if (!t)
		return ESRCH;
	if (len >= UC_THREAD_NAME_MAX)
		return ERANGE;
	memcpy(t->name, name, len + 1);
	return 0;
}

int pthread_getname_np(pthread_t thread, char *buf, size_t len)
{
	struct uc_thread *t = uc_thread_find(thread);
	size_t need;

	if (!t)
		return ESRCH;
	need = strlen(t->name) + 1;
	if (len < need)
		return ERANGE;
	memcpy(buf, t->name, need);
	return 0;
}
