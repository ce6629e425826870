/*
 * POSIX threads on unicore: one thread, real locks, no new threads.
 *   threads sync   mutexes, rwlocks, spin locks, barriers, once, conditions
 *                  (timedwait sleeps until its deadline), pthread_create
 *                  failing with EAGAIN, join/detach/kill/names/attributes
 *   threads exit   keys and cleanup handlers, then pthread_exit from main:
 *                  handlers and key destructors run, the process exits 0
 * Prints "<area> ok" when every check passed, "FAIL: ..." lines otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(cond) check((cond), #cond, __LINE__)
#define EXPECT(call, want) expect_eq((call), (want), #call, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (!ok) {
		printf("FAIL: line %d: %s\n", line, what);
		failures++;
	}
}

static void expect_eq(int got, int want, const char *what, int line)
{
	if (got != want) {
		printf("FAIL: line %d: %s = %d (%s), want %d (%s)\n", line, what,
		       got, strerror(got), want, strerror(want));
		failures++;
	}
}

static void mutexes(void)
{
	pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER, m;
	pthread_mutexattr_t a;
	int type = -1;
	struct timespec soon;

	EXPECT(pthread_mutex_lock(&plain), 0);
	EXPECT(pthread_mutex_trylock(&plain), EBUSY);
	EXPECT(pthread_mutex_lock(&plain), EDEADLK);  /* would wait for itself */
	EXPECT(pthread_mutex_destroy(&plain), EBUSY);
	EXPECT(pthread_mutex_unlock(&plain), 0);
	EXPECT(pthread_mutex_trylock(&plain), 0);
	EXPECT(pthread_mutex_unlock(&plain), 0);
	EXPECT(pthread_mutex_destroy(&plain), 0);

	EXPECT(pthread_mutexattr_init(&a), 0);
	EXPECT(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	EXPECT(pthread_mutexattr_gettype(&a, &type), 0);
	EXPECT(type, PTHREAD_MUTEX_RECURSIVE);
	EXPECT(pthread_mutexattr_settype(&a, 42), EINVAL);
	EXPECT(pthread_mutex_init(&m, &a), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_trylock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_destroy(&m), EBUSY);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	EXPECT(pthread_mutex_destroy(&m), 0);

	EXPECT(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	EXPECT(pthread_mutex_init(&m, &a), 0);
	EXPECT(pthread_mutex_unlock(&m), EPERM);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_mutex_lock(&m), EDEADLK);
	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_sec += 1;
	EXPECT(pthread_mutex_timedlock(&m, &soon), EDEADLK);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutex_timedlock(&m, &soon), 0);
	EXPECT(pthread_mutex_unlock(&m), 0);
	EXPECT(pthread_mutexattr_destroy(&a), 0);

	pthread_mutex_t r = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	EXPECT(pthread_mutex_lock(&r), 0);
	EXPECT(pthread_mutex_lock(&r), 0);
	EXPECT(pthread_mutex_unlock(&r), 0);
	EXPECT(pthread_mutex_unlock(&r), 0);
}

static void other_locks(void)
{
	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	pthread_spinlock_t s;
	pthread_barrier_t b;

	EXPECT(pthread_rwlock_rdlock(&rw), 0);
	EXPECT(pthread_rwlock_tryrdlock(&rw), 0);
	EXPECT(pthread_rwlock_trywrlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_wrlock(&rw), EDEADLK);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_unlock(&rw), EPERM);
	EXPECT(pthread_rwlock_wrlock(&rw), 0);
	EXPECT(pthread_rwlock_tryrdlock(&rw), EBUSY);
	EXPECT(pthread_rwlock_rdlock(&rw), EDEADLK);
	EXPECT(pthread_rwlock_destroy(&rw), EBUSY);
	EXPECT(pthread_rwlock_unlock(&rw), 0);
	EXPECT(pthread_rwlock_destroy(&rw), 0);

	EXPECT(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
	EXPECT(pthread_spin_lock(&s), 0);
	EXPECT(pthread_spin_trylock(&s), EBUSY);
	EXPECT(pthread_spin_unlock(&s), 0);
	EXPECT(pthread_spin_destroy(&s), 0);

	EXPECT(pthread_barrier_init(&b, NULL, 0), EINVAL);
	EXPECT(pthread_barrier_init(&b, NULL, 1), 0);
	EXPECT(pthread_barrier_wait(&b), PTHREAD_BARRIER_SERIAL_THREAD);
	EXPECT(pthread_barrier_destroy(&b), 0);
	EXPECT(pthread_barrier_init(&b, NULL, 2), 0);
	EXPECT(pthread_barrier_wait(&b), EDEADLK);  /* nobody else will arrive */
}

static int once_runs;
static void once_routine(void) { once_runs++; }

static double since_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void add_ms(struct timespec *t, long ms)
{
	t->tv_nsec += ms * 1000000L;
	t->tv_sec += t->tv_nsec / 1000000000L;
	t->tv_nsec %= 1000000000L;
}

/* A timed wait sleeps until the deadline and gives the mutex up meanwhile. */
static void timed_wait(pthread_cond_t *c, clockid_t clock)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec t0, deadline;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(clock, &deadline);
	add_ms(&deadline, 100);
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_cond_timedwait(c, &m, &deadline), ETIMEDOUT);
	ms = since_ms(&t0);
	printf("timedwait clock %d: %.0f ms\n", (int)clock, ms);
	CHECK(ms >= 99 && ms < 1000);
	EXPECT(pthread_mutex_trylock(&m), EBUSY);  /* held again after the wait */
	EXPECT(pthread_mutex_unlock(&m), 0);
}

static void conditions(void)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER, mono;
	pthread_condattr_t ca;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_once_t once = PTHREAD_ONCE_INIT;
	clockid_t clock = -1;

	EXPECT(pthread_once(&once, once_routine), 0);
	EXPECT(pthread_once(&once, once_routine), 0);
	EXPECT(once_runs, 1);

	EXPECT(pthread_cond_signal(&c), 0);
	EXPECT(pthread_cond_broadcast(&c), 0);
	EXPECT(pthread_cond_wait(&c, &m), EPERM);    /* mutex not held */
	EXPECT(pthread_mutex_lock(&m), 0);
	EXPECT(pthread_cond_wait(&c, &m), EDEADLK);  /* nobody could signal */
	EXPECT(pthread_mutex_unlock(&m), 0);

	timed_wait(&c, CLOCK_REALTIME);
	EXPECT(pthread_condattr_init(&ca), 0);
	EXPECT(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0);
	EXPECT(pthread_condattr_getclock(&ca, &clock), 0);
	EXPECT(clock, CLOCK_MONOTONIC);
	EXPECT(pthread_cond_init(&mono, &ca), 0);
	timed_wait(&mono, CLOCK_MONOTONIC);
	EXPECT(pthread_cond_destroy(&mono), 0);
	EXPECT(pthread_condattr_destroy(&ca), 0);
}

static void *never_runs(void *arg)
{
	puts("FAIL: a thread ran");
	return arg;
}

static volatile sig_atomic_t got_signal;
static void on_usr1(int sig) { got_signal = sig; }

static void threads(void)
{
	pthread_t t = 0, me = pthread_self();
	pthread_attr_t a;
	size_t size = 0;
	int state = -1;
	char name[16];
	sigset_t block, old;

	EXPECT(pthread_attr_init(&a), 0);
	EXPECT(pthread_attr_setstacksize(&a, 256 * 1024), 0);
	EXPECT(pthread_attr_getstacksize(&a, &size), 0);
	CHECK(size == 256 * 1024);
	EXPECT(pthread_attr_setstacksize(&a, 1), EINVAL);
	EXPECT(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	EXPECT(pthread_attr_getdetachstate(&a, &state), 0);
	EXPECT(state, PTHREAD_CREATE_DETACHED);
	EXPECT(pthread_create(&t, &a, never_runs, NULL), EAGAIN);
	EXPECT(pthread_create(&t, NULL, never_runs, NULL), EAGAIN);
	CHECK(sysconf(_SC_THREADS) == 200809L && sysconf(_SC_THREAD_THREADS_MAX) == 1);
	EXPECT(pthread_attr_destroy(&a), 0);

	CHECK(pthread_equal(me, pthread_self()));
	CHECK(!pthread_equal(me, me + 1));
	EXPECT(pthread_join(me + 1, NULL), ESRCH);
	EXPECT(pthread_join(me, NULL), EDEADLK);
	EXPECT(pthread_detach(me + 1), ESRCH);
	EXPECT(sched_yield(), 0);

	EXPECT(pthread_setname_np(me, "worker"), 0);
	EXPECT(pthread_getname_np(me, name, sizeof name), 0);
	CHECK(strcmp(name, "worker") == 0);
	EXPECT(pthread_setname_np(me, "a name that is too long"), ERANGE);

	signal(SIGUSR1, on_usr1);
	EXPECT(pthread_kill(me, 0), 0);
	EXPECT(pthread_kill(me, SIGUSR1), 0);
	EXPECT(got_signal, SIGUSR1);
	EXPECT(pthread_kill(me + 1, SIGUSR1), ESRCH);
	got_signal = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	EXPECT(pthread_sigmask(SIG_BLOCK, &block, &old), 0);
	EXPECT(pthread_kill(me, SIGUSR1), 0);
	EXPECT(got_signal, 0);                        /* blocked: pending */
	EXPECT(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
	EXPECT(got_signal, SIGUSR1);                  /* delivered on unblock */

	EXPECT(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state), 0);
	EXPECT(state, PTHREAD_CANCEL_ENABLE);
	EXPECT(pthread_setcancelstate(state, NULL), 0);
	pthread_testcancel();                        /* nothing pending */
}

/* ---- threads exit ---- */

static pthread_key_t key;

static void destructor(void *value)
{
	printf("destructor: %s\n", (const char *)value);
	EXPECT(pthread_getspecific(key) == NULL, 1);  /* cleared first */
	if (failures)
		printf("exit FAIL (%d)\n", failures);
	else
		puts("exit ok");
}

static void cleanup(void *arg)
{
	printf("cleanup: %s\n", (const char *)arg);
}

static void atexit_handler(void)
{
	puts("atexit: after the destructors");
}

static int exit_area(void)
{
	pthread_key_t unused;

	EXPECT(pthread_key_create(&key, destructor), 0);
	EXPECT(pthread_key_create(&unused, destructor), 0);  /* value NULL: no call */
	CHECK(pthread_getspecific(key) == NULL);
	EXPECT(pthread_setspecific(key, "the key's value"), 0);
	CHECK(strcmp(pthread_getspecific(key), "the key's value") == 0);
	EXPECT(pthread_key_delete(unused), 0);
	EXPECT(pthread_key_delete(unused), EINVAL);
	atexit(atexit_handler);
	pthread_cleanup_push(cleanup, "popped, not run");
	pthread_cleanup_pop(0);
	pthread_cleanup_push(cleanup, "run by pthread_exit");
	pthread_exit(NULL);
	pthread_cleanup_pop(0);
	puts("FAIL: pthread_exit returned");
	return 1;
}

int main(int argc, char **argv)
{
	const char *area = argc > 1 ? argv[1] : "sync";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(area, "exit") == 0)
		return exit_area();
	if (strcmp(area, "sync") != 0) {
		fprintf(stderr, "usage: threads sync|exit\n");
		return 2;
	}
	mutexes();
	other_locks();
	conditions();
	threads();
	if (failures) {
		printf("sync FAIL (%d)\n", failures);
		return 1;
	}
	puts("sync ok");
	return 0;
}
