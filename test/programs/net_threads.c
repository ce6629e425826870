/*
 * Threads on the socket layer at once, inside the guest over 127.0.0.1: an
 * echo server with one thread per connection, CLIENTS client threads that
 * each send BYTES of a pattern and check the echo byte for byte, and a
 * thread churning malloc/free without ever blocking (ticks often land in
 * libc while the others are in the stack, and the CPU never idles: the
 * waiting threads drive lwIP themselves when they get the CPU).
 * Prints "net threads: ... ok", or FAIL lines and exits 1.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CLIENTS 4
#define BYTES (128 << 10)
#define CHUNK 3000

static int listener;
static volatile int done;
static int port;

static unsigned char at(int client, long i)
{
	return (unsigned char)(i * 7 + i / 251 + client * 13);
}

static void *echo(void *arg)
{
	int fd = (int)(long)arg;
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t off = 0, w; off < n; off += w)
			if ((w = write(fd, buf + off, n - off)) <= 0)
				return NULL;
	close(fd);
	return NULL;
}

static void *server(void *arg)
{
	pthread_t t[CLIENTS];

	for (int i = 0; i < CLIENTS; i++) {
		int fd = accept(listener, NULL, NULL);
		if (fd < 0 || pthread_create(&t[i], NULL, echo, (void *)(long)fd)) {
			printf("FAIL: accept or thread for connection %d\n", i);
			return (void *)1;
		}
	}
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
	return NULL;
}

/* Sends a chunk, then reads its echo back, until BYTES went both ways. */
static void *client(void *arg)
{
	int c = (int)(long)arg, fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	unsigned char *out = malloc(CHUNK), *in = malloc(CHUNK);
	long sent = 0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0)
		return (void *)1;
	while (sent < BYTES) {
		int len = BYTES - sent < CHUNK ? BYTES - sent : CHUNK, got = 0;
		for (int i = 0; i < len; i++)
			out[i] = at(c, sent + i);
		if (write(fd, out, len) != len)
			return (void *)2;
		while (got < len) {
			ssize_t n = read(fd, in + got, len - got);
			if (n <= 0)
				return (void *)3;
			got += n;
		}
		if (memcmp(in, out, len)) {
			printf("FAIL: client %d: echo differs after %ld bytes\n", c, sent);
			return (void *)4;
		}
		sent += len;
	}
	close(fd);
	free(out);
	free(in);
	return NULL;
}

static void *churn(void *arg)
{
	void *p[64] = { 0 };
	unsigned long i = 0;

	while (!done) {
		free(p[i % 64]);
		p[i % 64] = malloc(16 + (i * 37) % 4000);
		i++;
	}
	for (int k = 0; k < 64; k++)
		free(p[k]);
	return NULL;
}

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	pthread_t srv, cl[CLIENTS], ch;
	void *r;
	int failed = 0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(listener, CLIENTS) < 0 || getsockname(listener, (struct sockaddr *)&a, &len) < 0) {
		printf("FAIL: listen on 127.0.0.1\n");
		return 1;
	}
	port = ntohs(a.sin_port);
	pthread_create(&ch, NULL, churn, NULL);
	pthread_create(&srv, NULL, server, NULL);
	for (long i = 0; i < CLIENTS; i++)
		pthread_create(&cl[i], NULL, client, (void *)i);
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(cl[i], &r);
		if (r) {
			printf("FAIL: client %d ended with %ld\n", i, (long)r);
			failed = 1;
		}
	}
	pthread_join(srv, &r);
	done = 1;
	pthread_join(ch, NULL);
	if (failed || r)
		return 1;
	printf("net threads: %d clients echoed %d bytes each ok\n", CLIENTS, BYTES);
	return 0;
}
