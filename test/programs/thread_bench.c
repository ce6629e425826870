/*
 * Thread costs for the benchmark (test/bench/threads.ts), the same source
 * natively and on unicore:
 *   thread_bench pingpong N   two threads hand a turn back and forth over a
 *                             condition variable N times: ns per hand-over
 *   thread_bench create N     pthread_create + pthread_join N times: ns each
 * Prints "<mode> <ns>".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static long turn, rounds;

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Thread `me` (0 or 1) moves when turn % 2 == me. */
static void *player(void *arg)
{
	long me = (long)arg;

	pthread_mutex_lock(&m);
	while (turn < rounds) {
		while (turn % 2 != me && turn < rounds)
			pthread_cond_wait(&c, &m);
		if (turn < rounds)
			turn++;
		pthread_cond_signal(&c);
	}
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *nothing(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 10000;
	double t0;
	pthread_t a, b;

	if (argc < 2 || n <= 0)
		return 2;
	t0 = now_ns();
	if (strcmp(argv[1], "pingpong") == 0) {
		rounds = n;
		pthread_create(&a, NULL, player, (void *)0L);
		pthread_create(&b, NULL, player, (void *)1L);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
	} else if (strcmp(argv[1], "create") == 0) {
		for (long i = 0; i < n; i++) {
			pthread_create(&a, NULL, nothing, NULL);
			pthread_join(a, NULL);
		}
	} else {
		return 2;
	}
	printf("%s %.0f\n", argv[1], (now_ns() - t0) / n);
	return 0;
}
