/* Exercises the core of the POSIX layer, one area per first argument; each
 * area prints what it found and "<area> ok", or a FAIL line and exits 1. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) { printf("FAIL line %d: %s (errno %d)\n", __LINE__, #cond, errno); return 1; } } while (0)

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int test_time(void)
{
	struct timespec req = { 0, 200 * 1000 * 1000 }, rt;
	struct timeval tv;
	double t0 = mono(), t1;

	CHECK(nanosleep(&req, NULL) == 0);
	t1 = mono();
	CHECK(t1 - t0 >= 0.2 && t1 - t0 < 5);
	CHECK(usleep(100000) == 0 && mono() - t1 >= 0.1);
	CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0);
	CHECK(rt.tv_sec > 1577836800);                  /* after 2020 */
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec - rt.tv_sec < 5);
	CHECK(time(NULL) - rt.tv_sec < 5);
	CHECK(clock_getres(CLOCK_MONOTONIC, &req) == 0);
	CHECK(clock_gettime((clockid_t)1234, &rt) == -1 && errno == EINVAL);
	printf("slept %.1f s\n", t1 - t0);
	printf("time ok\n");
	return 0;
}

static double cpu(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double user_time(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
}

/* CPU time: a sleep costs (next to) none of it, a spin all of its time (the
 * time not idle, whatever else the host runs). */
static int test_cputime(void)
{
	struct timespec req = { 0, 300 * 1000 * 1000 };
	double p0 = cpu(CLOCK_PROCESS_CPUTIME_ID), u0 = user_time(), t0;
	clock_t k0 = clock();

	CHECK(nanosleep(&req, NULL) == 0);
	printf("cpu time of a 0.3 s sleep: %.3f s\n", cpu(CLOCK_PROCESS_CPUTIME_ID) - p0);
	CHECK(cpu(CLOCK_PROCESS_CPUTIME_ID) - p0 < 0.1);
	CHECK(user_time() - u0 < 0.1);
	CHECK((double)(clock() - k0) / CLOCKS_PER_SEC < 0.1);
	p0 = cpu(CLOCK_PROCESS_CPUTIME_ID);
	u0 = user_time();
	t0 = mono();
	while (mono() - t0 < 0.3)
		;
	CHECK(cpu(CLOCK_PROCESS_CPUTIME_ID) - p0 >= 0.25);
	CHECK(user_time() - u0 >= 0.25);
	printf("cputime ok\n");
	return 0;
}

static int test_env(const char *name)
{
	const char *v = getenv(name);

	printf("%s=[%s]\n", name, v ? v : "(unset)");
	CHECK(setenv("POSIX_CORE_SET", "yes", 1) == 0);
	CHECK(strcmp(getenv("POSIX_CORE_SET"), "yes") == 0);
	CHECK(unsetenv("POSIX_CORE_SET") == 0 && getenv("POSIX_CORE_SET") == NULL);
	printf("env ok\n");
	return 0;
}

/* Needs -fstack-protector (or -strong, -all) to be checked. */
__attribute__((noinline)) static int smash(const char *s)
{
	char buf[8];
	strcpy(buf, s);         /* overflows on purpose */
	return buf[0];
}

static int test_sys(void)
{
	struct utsname u;
	char host[256];
	long page = sysconf(_SC_PAGESIZE);

	CHECK(uname(&u) == 0);
	printf("uname: %s %s %s %s\n", u.sysname, u.nodename, u.release, u.machine);
	CHECK(strcmp(u.sysname, "Unicore") == 0 && strcmp(u.machine, "x86_64") == 0);
	CHECK(gethostname(host, sizeof host) == 0 && strcmp(host, u.nodename) == 0);
	CHECK(page == 4096 && getpagesize() == 4096);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) == 1);
	CHECK(sysconf(_SC_PHYS_PAGES) > 0);
	CHECK(sysconf(_SC_OPEN_MAX) >= 64);
	CHECK(sysconf(-5) == -1 && errno == EINVAL);
	CHECK(getpid() > 0 && getuid() == 0 && setuid(1000) == -1 && errno == EPERM);

	/* Anonymous memory: zeroed, writable, page-aligned, freed by munmap. */
	size_t len = 3 * page + 100;
	unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && ((unsigned long)m & (page - 1)) == 0);
	for (size_t i = 0; i < len; i++)
		CHECK(m[i] == 0);
	memset(m, 0xab, len);
	CHECK(munmap(m, len) == 0);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);

	/* Descriptors: dup, pipes, fcntl flags. */
	int fds[2], d;
	char buf[16];
	CHECK(pipe(fds) == 0);
	CHECK(write(fds[1], "hello", 5) == 5);
	CHECK((d = dup(fds[0])) > fds[1]);
	CHECK(read(d, buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(read(fds[0], buf, 1) == -1 && errno == EAGAIN);
	CHECK(fcntl(d, F_SETFD, FD_CLOEXEC) == 0 && fcntl(d, F_GETFD) == FD_CLOEXEC);
	CHECK(close(fds[1]) == 0 && read(d, buf, 1) == 0);
	CHECK(close(d) == 0 && close(fds[0]) == 0 && close(fds[0]) == -1 && errno == EBADF);
	CHECK(write(99, "x", 1) == -1 && errno == EBADF);
	CHECK(lseek(1, 0, SEEK_CUR) == -1 && errno == ESPIPE);
	printf("sys ok\n");
	return 0;
}

static int test_poll(void)
{
	struct pollfd p[2];
	fd_set rd;
	struct timeval tv = { 0, 150000 };
	int fds[2];
	double t0;

	CHECK(pipe(fds) == 0);
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	CHECK(poll(p, 2, 0) == 1 && p[1].revents == POLLOUT && p[0].revents == 0);
	t0 = mono();
	CHECK(poll(p, 1, 300) == 0);
	CHECK(mono() - t0 >= 0.3);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	t0 = mono();
	CHECK(select(fds[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(fds[0], &rd));
	CHECK(mono() - t0 >= 0.15);
	CHECK(write(fds[1], "x", 1) == 1);
	CHECK(poll(p, 1, -1) == 1 && p[0].revents == POLLIN);
	p[0].fd = 77;
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == POLLNVAL);
	printf("poll ok\n");
	return 0;
}

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static void *raise_usr1(void *arg)
{
	(void)arg;
	raise(SIGUSR1);
	return NULL;
}

/* signal() keeps its handler (glibc's BSD semantics), SA_RESETHAND does not,
 * a raised signal that is blocked waits, and the handlers are the process's,
 * not a thread's. */
static int test_handlers(void)
{
	struct sigaction sa = { 0 }, old;
	sigset_t set;
	pthread_t t;

	CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1);
	got = 0;
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_signal);
	CHECK(pthread_create(&t, NULL, raise_usr1, NULL) == 0 && pthread_join(t, NULL) == 0);
	CHECK(got == SIGUSR1);
	got = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0 && got == 0);
	CHECK(sigpending(&set) == 0 && sigismember(&set, SIGUSR1));
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 && got == SIGUSR1);
	got = 0;
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0 && got == SIGUSR1);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
	CHECK(signal(SIGUSR1, on_signal) == SIG_DFL);
	CHECK(signal(SIGKILL, on_signal) == SIG_ERR && errno == EINVAL);
	return 0;
}

static int test_signal(void)
{
	struct sigaction sa = { 0 };
	sigset_t set;

	CHECK(signal(SIGUSR1, on_signal) == SIG_DFL);
	if (test_handlers())
		return 1;
	got = 0;
	sa.sa_handler = on_signal;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR2) == 0 && got == SIGUSR2);
	got = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(kill(getpid(), SIGUSR2) == 0 && got == 0);
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 && got == SIGUSR2);
	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	CHECK(kill(getpid(), SIGPIPE) == 0);
	CHECK(kill(4242, SIGUSR1) == -1 && errno == ESRCH);
	CHECK(signal(SIGALRM, on_signal) != SIG_ERR);
	got = 0;
	double t0 = mono();
	CHECK(alarm(1) == 0);
	CHECK(sleep(10) > 0 && got == SIGALRM);
	CHECK(mono() - t0 >= 0.9 && mono() - t0 < 5);
	printf("signal ok\n");
	return 0;
}

static void at_exit(void)
{
	printf(", then the atexit handler\n");
}

int main(int argc, char **argv)
{
	const char *area = argc > 1 ? argv[1] : "";

	if (strcmp(area, "atexit") == 0) {
		/* stdout stays buffered: exit() must flush it after the handler. */
		atexit(at_exit);
		printf("buffered line");
		return 7;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(area, "time") == 0)
		return test_time();
	if (strcmp(area, "cputime") == 0)
		return test_cputime();
	if (strcmp(area, "env") == 0)
		return test_env(argc > 2 ? argv[2] : "HOME");
	if (strcmp(area, "sys") == 0)
		return test_sys();
	if (strcmp(area, "poll") == 0)
		return test_poll();
	if (strcmp(area, "signal") == 0)
		return test_signal();
	if (strcmp(area, "abort") == 0) {
		printf("aborting\n");
		abort();
	}
	if (strcmp(area, "smash") == 0) {
		printf("smashing\n");
		return smash(argc > 2 ? argv[2] : "this string is much longer than eight bytes");
	}
	fprintf(stderr, "usage: posix_core time|cputime|env NAME|sys|poll|signal|abort|smash|atexit\n");
	return 2;
}
