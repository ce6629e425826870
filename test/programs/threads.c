/*
 * POSIX threads on unicore.
 *   threads sync     the calling thread alone: mutexes, rwlocks, spin locks,
 *                    barriers, once, conditions (timedwait sleeps until its
 *                    deadline), join/detach/kill/names/attributes
 *   threads exit     keys and cleanup handlers, then pthread_exit from main:
 *                    handlers and key destructors run, the process exits 0
 *   threads work     many threads: producer/consumer with a checked total,
 *                    __thread and errno per thread, join values, detached
 *                    threads, key destructors, cancellation, semaphores,
 *                    barriers, rwlocks, once, stdio and malloc from threads
 *   threads timed    timed waits against another thread: "<what>: <ms> ms"
 *   threads spin     a spinning thread does not starve the others; the
 *                    threads' CPU-time clocks count each one's share
 *   threads overflow a thread named "deep" overflows its stack (a crash)
 * Several areas run one after the other (sync first: it wants to be alone).
 * Prints "<area> ok" when every check passed, "FAIL: ..." lines otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
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
	EXPECT(pthread_barrier_wait(&b), EDEADLK);  /* the only thread: nobody will arrive */
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
	EXPECT(pthread_cond_wait(&c, &m), EDEADLK);  /* the only thread: nobody could signal */
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
	EXPECT(pthread_attr_setguardsize(&a, 8192), 0);
	EXPECT(pthread_attr_getguardsize(&a, &size), 0);
	CHECK(size == 8192);
	CHECK(sysconf(_SC_THREADS) == 200809L && sysconf(_SC_NPROCESSORS_ONLN) == 1);
	CHECK(t == 0);
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

/* ---- threads work: many threads at once ---- */

#define PRODUCERS 4
#define CONSUMERS 3
#define ITEMS 5000          /* per producer */
#define SLOTS 16

static struct {
	pthread_mutex_t m;
	pthread_cond_t not_full, not_empty;
	long buf[SLOTS];
	int head, len, producers_left;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *producer(void *arg)
{
	long base = (long)arg * ITEMS;

	for (long i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q.m);
		while (q.len == SLOTS)
			pthread_cond_wait(&q.not_full, &q.m);
		q.buf[(q.head + q.len++) % SLOTS] = base + i;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.m);
	}
	pthread_mutex_lock(&q.m);
	q.producers_left--;
	pthread_cond_broadcast(&q.not_empty);
	pthread_mutex_unlock(&q.m);
	return NULL;
}

/* Returns the sum of what it consumed, and counts into *count. */
static void *consumer(void *arg)
{
	long sum = 0, *count = arg;

	for (;;) {
		pthread_mutex_lock(&q.m);
		while (q.len == 0 && q.producers_left)
			pthread_cond_wait(&q.not_empty, &q.m);
		if (q.len == 0) {
			pthread_mutex_unlock(&q.m);
			return (void *)sum;
		}
		sum += q.buf[q.head];
		q.head = (q.head + 1) % SLOTS;
		q.len--;
		(*count)++;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.m);
	}
}

static void producer_consumer(void)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	long counts[CONSUMERS] = { 0 }, total = 0, items = 0;
	long n = (long)PRODUCERS * ITEMS;

	q.producers_left = PRODUCERS;
	for (long i = 0; i < CONSUMERS; i++)
		EXPECT(pthread_create(&c[i], NULL, consumer, &counts[i]), 0);
	for (long i = 0; i < PRODUCERS; i++)
		EXPECT(pthread_create(&p[i], NULL, producer, (void *)i), 0);
	for (int i = 0; i < PRODUCERS; i++)
		EXPECT(pthread_join(p[i], NULL), 0);
	for (int i = 0; i < CONSUMERS; i++) {
		void *sum;
		EXPECT(pthread_join(c[i], &sum), 0);
		total += (long)sum;
		items += counts[i];
	}
	printf("producer/consumer: %ld items, total %ld\n", items, total);
	CHECK(items == n && total == n * (n + 1) / 2);
}

static __thread int tls_value = 42;
static __thread char tls_buf[64];

static void *tls_and_errno(void *arg)
{
	long id = (long)arg;

	if (tls_value != 42 || tls_buf[0] != 0)
		return (void *)-1L;
	tls_value = (int)id;
	snprintf(tls_buf, sizeof tls_buf, "thread %ld", id);
	errno = (int)id;
	for (int i = 0; i < 20; i++) {
		sched_yield();
		if (tls_value != id || errno != id || strcmp(tls_buf + 7, tls_buf + 7) != 0)
			return (void *)-2L;
	}
	if (close(-1) != -1 || errno != EBADF)
		return (void *)-3L;
	return (void *)(id * 100 + 1);
}

static void per_thread_state(void)
{
	pthread_t t[8];

	errno = 0;
	tls_value = 7;
	for (long i = 0; i < 8; i++)
		EXPECT(pthread_create(&t[i], NULL, tls_and_errno, (void *)(i + 1)), 0);
	for (long i = 0; i < 8; i++) {
		void *r;
		EXPECT(pthread_join(t[i], &r), 0);
		EXPECT((int)(long)r, (int)((i + 1) * 100 + 1));
	}
	EXPECT(tls_value, 7);
	EXPECT(errno, 0);
	puts("tls and errno: distinct per thread");
}

static sem_t detached_go, detached_done;
static int detached_ran;

/* Waits for its go: a detached thread that ended (and was freed) before the
 * join below would make pthread_join answer ESRCH instead of EINVAL. */
static void *detached(void *arg)
{
	sem_wait(&detached_go);
	detached_ran++;
	sem_post(&detached_done);
	return arg;
}

static void detached_threads(void)
{
	pthread_attr_t a;
	pthread_t t;

	EXPECT(sem_init(&detached_go, 0, 0), 0);
	EXPECT(sem_init(&detached_done, 0, 0), 0);
	EXPECT(pthread_attr_init(&a), 0);
	EXPECT(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	for (int i = 0; i < 5; i++)
		EXPECT(pthread_create(&t, &a, detached, NULL), 0);
	EXPECT(pthread_join(t, NULL), EINVAL);
	for (int i = 0; i < 5; i++)
		EXPECT(sem_post(&detached_go), 0);
	for (int i = 0; i < 5; i++)
		EXPECT(sem_wait(&detached_done), 0);
	EXPECT(detached_ran, 5);
	EXPECT(pthread_create(&t, NULL, detached, NULL), 0);
	EXPECT(pthread_detach(t), 0);
	EXPECT(sem_post(&detached_go), 0);
	EXPECT(sem_wait(&detached_done), 0);
	EXPECT(pthread_attr_destroy(&a), 0);
	puts("detached: 6 ran");
}

static pthread_key_t work_key;
static int destructed;

static void count_destructor(void *value)
{
	destructed += (int)(long)value;
}

static void *set_key(void *arg)
{
	EXPECT(pthread_getspecific(work_key) == NULL, 1);
	EXPECT(pthread_setspecific(work_key, arg), 0);
	sched_yield();
	EXPECT((long)pthread_getspecific(work_key), (long)arg);
	return NULL;
}

static void keys_per_thread(void)
{
	pthread_t t[4];

	EXPECT(pthread_key_create(&work_key, count_destructor), 0);
	EXPECT(pthread_setspecific(work_key, (void *)1000L), 0);
	for (long i = 0; i < 4; i++)
		EXPECT(pthread_create(&t[i], NULL, set_key, (void *)(i + 1)), 0);
	for (int i = 0; i < 4; i++)
		EXPECT(pthread_join(t[i], NULL), 0);
	EXPECT(destructed, 1 + 2 + 3 + 4);
	EXPECT((long)pthread_getspecific(work_key), 1000L);
	printf("keys: destructors ran for 4 threads\n");
}

static pthread_mutex_t cancel_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cancel_c = PTHREAD_COND_INITIALIZER;
static int cleanups;

static void unlock_cleanup(void *m)
{
	cleanups++;
	pthread_mutex_unlock(m);
}

static void *wait_forever(void *arg)
{
	pthread_mutex_lock(&cancel_m);
	pthread_cleanup_push(unlock_cleanup, &cancel_m);
	for (;;)
		pthread_cond_wait(&cancel_c, &cancel_m);
	pthread_cleanup_pop(1);
	return NULL;
}

static void *sleep_forever(void *arg)
{
	for (;;)
		sleep(100);
	return NULL;
}

static void *busy_with_testcancel(void *arg)
{
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	sched_yield();                 /* cancelled meanwhile: still runs */
	pthread_setcancelstate(old, NULL);
	for (;;) {
		pthread_testcancel();
		sched_yield();
	}
	return NULL;
}

static void cancellation(void)
{
	void *(*fns[3])(void *) = { wait_forever, sleep_forever, busy_with_testcancel };

	for (int i = 0; i < 3; i++) {
		pthread_t t;
		void *r = NULL;
		EXPECT(pthread_create(&t, NULL, fns[i], NULL), 0);
		sched_yield();
		EXPECT(pthread_cancel(t), 0);
		EXPECT(pthread_join(t, &r), 0);
		CHECK(r == PTHREAD_CANCELED);
	}
	EXPECT(cleanups, 1);
	EXPECT(pthread_mutex_trylock(&cancel_m), 0);  /* the cleanup unlocked it */
	EXPECT(pthread_mutex_unlock(&cancel_m), 0);
	puts("cancel: cond wait, sleep, testcancel");
}

static sem_t ping, pong;

static void *ponger(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return NULL;
}

static void semaphores(void)
{
	pthread_t t;
	int v = -1;

	EXPECT(sem_init(&ping, 0, 0), 0);
	EXPECT(sem_init(&pong, 0, 0), 0);
	CHECK(sem_trywait(&ping) == -1 && errno == EAGAIN);
	EXPECT(pthread_create(&t, NULL, ponger, NULL), 0);
	for (int i = 0; i < 1000; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	EXPECT(pthread_join(t, NULL), 0);
	EXPECT(sem_getvalue(&ping, &v), 0);
	EXPECT(v, 0);
	puts("semaphores: 1000 round trips");
}

#define WORKERS 4
static pthread_barrier_t barrier;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_once_t work_once = PTHREAD_ONCE_INIT;
static int once_count, shared_counter, serial_seen;

static void count_once(void)
{
	once_count++;
	sched_yield();                 /* others arrive and wait for us */
}

static void *barrier_worker(void *arg)
{
	pthread_once(&work_once, count_once);
	for (int round = 0; round < 3; round++) {
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			serial_seen++;
		pthread_rwlock_wrlock(&rw);
		int seen = shared_counter;
		sched_yield();             /* readers and writers must wait */
		shared_counter = seen + 1;
		pthread_rwlock_unlock(&rw);
		pthread_rwlock_rdlock(&rw);
		sched_yield();
		pthread_rwlock_unlock(&rw);
	}
	printf("worker %ld says hello from stdio\n", (long)arg);
	free(malloc(1000 + (size_t)arg));
	return NULL;
}

static void barriers_rwlocks_once(void)
{
	pthread_t t[WORKERS];

	EXPECT(pthread_barrier_init(&barrier, NULL, WORKERS), 0);
	for (long i = 0; i < WORKERS; i++)
		EXPECT(pthread_create(&t[i], NULL, barrier_worker, (void *)i), 0);
	for (int i = 0; i < WORKERS; i++)
		EXPECT(pthread_join(t[i], NULL), 0);
	EXPECT(once_count, 1);
	EXPECT(serial_seen, 3);
	EXPECT(shared_counter, 3 * WORKERS);
	EXPECT(pthread_barrier_destroy(&barrier), 0);
	puts("barriers, rwlocks, once: consistent");
}

static void *name_self(void *arg)
{
	char name[16];

	EXPECT(pthread_setname_np(pthread_self(), "named"), 0);
	EXPECT(pthread_getname_np(pthread_self(), name, sizeof name), 0);
	return (void *)(long)(strcmp(name, "named") == 0);
}

static int work_area(void)
{
	pthread_t t;
	void *r;

	producer_consumer();
	per_thread_state();
	detached_threads();
	keys_per_thread();
	cancellation();
	semaphores();
	barriers_rwlocks_once();
	EXPECT(pthread_create(&t, NULL, name_self, NULL), 0);
	EXPECT(pthread_join(t, &r), 0);
	EXPECT((int)(long)r, 1);
	EXPECT(pthread_join(t, NULL), ESRCH);
	if (failures) {
		printf("work FAIL (%d)\n", failures);
		return 1;
	}
	puts("work ok");
	return 0;
}

/* ---- threads timed: waits that time out while another thread holds on ---- */

#define TIMED_MS 500

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static sem_t hold_until, held_now;

static void *holder(void *arg)
{
	pthread_mutex_lock(&held);
	sem_post(&held_now);
	sem_wait(&hold_until);
	pthread_mutex_unlock(&held);
	return NULL;
}

static struct timespec deadline_in(clockid_t clock, long ms)
{
	struct timespec t;

	clock_gettime(clock, &t);
	add_ms(&t, ms);
	return t;
}

static void report(const char *what, const struct timespec *t0, int r, int want)
{
	printf("%s: %.0f ms\n", what, since_ms(t0));
	EXPECT(r, want);
}

static int timed_area(void)
{
	pthread_t t;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER, mono;
	pthread_condattr_t ca;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec t0, d;
	void *res;

	sem_init(&hold_until, 0, 0);
	sem_init(&held_now, 0, 0);
	EXPECT(pthread_create(&t, NULL, holder, NULL), 0);
	sem_wait(&held_now);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = deadline_in(CLOCK_REALTIME, TIMED_MS);
	report("mutex_timedlock", &t0, pthread_mutex_timedlock(&held, &d), ETIMEDOUT);

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&mono, &ca);
	pthread_mutex_lock(&m);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = deadline_in(CLOCK_MONOTONIC, TIMED_MS);
	report("cond_timedwait monotonic", &t0, pthread_cond_timedwait(&mono, &m, &d), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = deadline_in(CLOCK_REALTIME, TIMED_MS);
	report("cond_timedwait realtime", &t0, pthread_cond_timedwait(&c, &m, &d), ETIMEDOUT);
	pthread_mutex_unlock(&m);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = deadline_in(CLOCK_REALTIME, TIMED_MS);
	report("sem_timedwait", &t0, sem_timedwait(&held_now, &d) == -1 ? errno : 0, ETIMEDOUT);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	d = deadline_in(CLOCK_REALTIME, TIMED_MS);
	report("timedjoin", &t0, pthread_timedjoin_np(t, &res, &d), ETIMEDOUT);

	sem_post(&hold_until);
	EXPECT(pthread_join(t, NULL), 0);
	if (failures) {
		printf("timed FAIL (%d)\n", failures);
		return 1;
	}
	puts("timed ok");
	return 0;
}

/* ---- threads spin: a thread that never blocks does not starve others ---- */

static volatile int spinning = 1;
static volatile long spins;

static void *spinner(void *arg)
{
	while (spinning)
		spins++;
	return NULL;
}

static double cpu_ms(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) != 0)
		return -1;
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *counter(void *arg)
{
	long n = 0;

	for (int i = 0; i < 5; i++) {
		usleep(20000);
		n++;
	}
	return (void *)n;
}

static int spin_area(void)
{
	pthread_t s, c;
	void *n;
	struct timespec t0;

	double main_before = cpu_ms(CLOCK_THREAD_CPUTIME_ID);   /* earlier areas' */

	EXPECT(pthread_create(&s, NULL, spinner, NULL), 0);
	EXPECT(pthread_create(&c, NULL, counter, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT(pthread_join(c, &n), 0);
	EXPECT((int)(long)n, 5);
	printf("main and a sleeper ran beside a spinner: %.0f ms\n", since_ms(&t0));
	/* Thread CPU-time clocks: the spinner's (pthread_getcpuclockid) ran
	 * while the others slept; main's own clock is its share alone (here it
	 * mostly waited in the join). */
	clockid_t spin_clock;
	EXPECT(pthread_getcpuclockid(s, &spin_clock), 0);
	CHECK(spin_clock != CLOCK_PROCESS_CPUTIME_ID && spin_clock != CLOCK_THREAD_CPUTIME_ID);
	double spin_ms = cpu_ms(spin_clock), main_ms = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
	double all_ms = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(spin_ms >= 20);
	CHECK(main_ms - main_before < spin_ms);
	CHECK(spin_ms + main_ms <= all_ms);
	spinning = 0;
	EXPECT(pthread_join(s, NULL), 0);
	CHECK(spins > 0);
	if (failures) {
		printf("spin FAIL (%d)\n", failures);
		return 1;
	}
	puts("spin ok");
	return 0;
}

/* ---- threads overflow: unbounded recursion on a thread's stack ---- */

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile char *prev)
{
	volatile char frame[1024];

	frame[0] = prev ? prev[0] + 1 : 0;
	return recurse(frame) + frame[1];
}

static void *deep(void *arg)
{
	pthread_setname_np(pthread_self(), "deep");
	return (void *)(long)recurse(NULL);
}

static int overflow_area(void)
{
	pthread_t t;
	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	EXPECT(pthread_create(&t, &a, deep, NULL), 0);
	pthread_join(t, NULL);
	puts("FAIL: the overflow went unnoticed");
	return 1;
}

static int sync_area(void)
{
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

static const struct {
	const char *name;
	int (*run)(void);
} areas[] = {
	{ "sync", sync_area }, { "exit", exit_area }, { "work", work_area },
	{ "timed", timed_area }, { "spin", spin_area }, { "overflow", overflow_area },
};

/* Runs the areas named, in order, until one fails. */
int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		size_t a = 0;
		while (a < sizeof areas / sizeof areas[0] && strcmp(areas[a].name, argv[i]) != 0)
			a++;
		if (a == sizeof areas / sizeof areas[0]) {
			fprintf(stderr, "usage: threads AREA... (sync exit work timed spin overflow)\n");
			return 2;
		}
		int r = areas[a].run();
		if (r)
			return r;
	}
	return 0;
}
