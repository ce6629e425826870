/*
 * The thread itself. unicore runs one thread on one CPU with no scheduler,
 * so pthread_create fails with EAGAIN (POSIX: "the system lacked the
 * necessary resources to create another thread"); software that can work
 * without extra threads (coreutils sort) falls back to doing the work
 * itself. Everything about the one thread works: its id, cancellation,
 * cleanup handlers, pthread_exit, signals, its name, attributes.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "pthread_impl.h"

#define NAME_MAX_LEN 16   /* like Linux: 15 characters and the NUL */

static struct {
	int detached;
	int cancel_state;        /* PTHREAD_CANCEL_ENABLE / DISABLE */
	int cancel_type;         /* PTHREAD_CANCEL_DEFERRED / ASYNCHRONOUS */
	int cancel_pending;
	int concurrency;
	struct _pthread_cleanup_context *cleanup;
	char name[NAME_MAX_LEN];
} self;

pthread_t pthread_self(void)
{
	return UC_MAIN_THREAD;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*start)(void *), void *arg)
{
	return EAGAIN;
}

int pthread_join(pthread_t thread, void **result)
{
	return thread == UC_MAIN_THREAD ? EDEADLK : ESRCH;
}

int pthread_detach(pthread_t thread)
{
	if (thread != UC_MAIN_THREAD)
		return ESRCH;
	if (self.detached)
		return EINVAL;
	self.detached = 1;
	return 0;
}

/* The last thread ending ends the process "as if exit(0)" (POSIX). */
void pthread_exit(void *result)
{
	while (self.cleanup) {
		struct _pthread_cleanup_context *c = self.cleanup;
		self.cleanup = c->_previous;
		c->_routine(c->_arg);
	}
	uc_pthread_run_key_destructors();
	exit(0);
}

/* ---- Cancellation: only the one thread can be cancelled, by itself. ---- */

static void act_on_cancel(void)
{
	if (self.cancel_pending && self.cancel_state == PTHREAD_CANCEL_ENABLE) {
		self.cancel_pending = 0;
		pthread_exit(PTHREAD_CANCELED);
	}
}

int pthread_cancel(pthread_t thread)
{
	if (thread != UC_MAIN_THREAD)
		return ESRCH;
	self.cancel_pending = 1;
	if (self.cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS)
		act_on_cancel();
	return 0;
}

int pthread_setcancelstate(int state, int *old)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (old)
		*old = self.cancel_state;
	self.cancel_state = state;
	if (self.cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS)
		act_on_cancel();
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	if (old)
		*old = self.cancel_type;
	self.cancel_type = type;
	if (type == PTHREAD_CANCEL_ASYNCHRONOUS)
		act_on_cancel();
	return 0;
}

void pthread_testcancel(void)
{
	act_on_cancel();
}

void _pthread_cleanup_push(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	c->_routine = routine;
	c->_arg = arg;
	c->_canceltype = -1;
	c->_previous = self.cleanup;
	self.cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	self.cleanup = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	_pthread_cleanup_push(c, routine, arg);
	c->_canceltype = self.cancel_type;
	self.cancel_type = PTHREAD_CANCEL_DEFERRED;
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c, int execute)
{
	_pthread_cleanup_pop(c, execute);
	pthread_setcanceltype(c->_canceltype, NULL);
}

/* ---- Once, signals, scheduling, names ---- */

/* init_executed: 0 not yet, 1 done, 2 running (a call from inside the
 * routine would wait for itself: EDEADLK). */
int pthread_once(pthread_once_t *once, void (*routine)(void))
{
	if (once->init_executed == 1)
		return 0;
	if (once->init_executed == 2)
		return EDEADLK;
	once->init_executed = 2;
	routine();
	once->init_executed = 1;
	return 0;
}

int pthread_kill(pthread_t thread, int sig)
{
	if (thread != UC_MAIN_THREAD)
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
	if (thread != UC_MAIN_THREAD)
		return ESRCH;
	*clock = CLOCK_PROCESS_CPUTIME_ID;  /* the one thread's time is the process's */
	return 0;
}

int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	self.concurrency = level;
	return 0;
}

int pthread_getconcurrency(void)
{
	return self.concurrency;
}

int sched_yield(void)
{
	return 0;
}

void pthread_yield(void)
{
}

int pthread_setname_np(pthread_t thread, const char *name)
{
	size_t len = strlen(name);

	if (thread != UC_MAIN_THREAD)
		return ESRCH;
	if (len >= NAME_MAX_LEN)
		return ERANGE;
	memcpy(self.name, name, len + 1);
	return 0;
}

int pthread_getname_np(pthread_t thread, char *buf, size_t len)
{
	size_t need = strlen(self.name) + 1;

	if (thread != UC_MAIN_THREAD)
		return ESRCH;
	if (len < need)
		return ERANGE;
	memcpy(buf, self.name, need);
	return 0;
}
