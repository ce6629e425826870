/*
 * Sockets from a program's point of view, for test/e2e/net.test.ts.
 *   net local                 loopback checks inside the guest ("ok ..." lines)
 *   net echo-server PORT N    TCP echo server (poll, non-blocking accept), N connections
 *   net spin-echo PORT        the echo server for 1 connection in a thread, while
 *                             the main thread spins (never blocks) until it ends
 *   net sink PORT             accepts one connection, reads to EOF, prints bytes + sha256
 *   net fetch HOST PORT       connects, reads to EOF, prints bytes + sha256
 *   net send HOST PORT BYTES  connects, sends BYTES of the test pattern, prints its sha256
 *   net udp-echo PORT N       answers datagrams with the same bytes until N
 *                             different ones came (a sender's retry of the
 *                             last one is answered, not counted)
 *   net udp-ask HOST PORT MSG sends MSG, prints the answer
 *   net nb-connect HOST PORT  non-blocking connect + poll + SO_ERROR
 *   net resolve NAME          getaddrinfo and gethostbyname
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- sha256 ---- */
struct sha { uint32_t h[8]; uint64_t len; unsigned char buf[64]; size_t n; };
static const uint32_t K[64] = {
	0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
	0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
	0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
	0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
	0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
	0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
	0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
	0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2 };
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha_block(struct sha *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
		       (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3]; e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}
static void sha_init(struct sha *s)
{
	static const uint32_t h0[8] = { 0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19 };
	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->n = 0;
}
static void sha_add(struct sha *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	s->len += len;
	while (len--) {
		s->buf[s->n++] = *p++;
		if (s->n == 64) {
			sha_block(s, s->buf);
			s->n = 0;
		}
	}
}
static void sha_hex(struct sha *s, char out[65])
{
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, z = 0, l[8];
	sha_add(s, &pad, 1);
	while (s->n != 56)
		sha_add(s, &z, 1);
	for (int i = 0; i < 8; i++)
		l[i] = bits >> (56 - 8 * i);
	sha_add(s, l, 8);
	for (int i = 0; i < 8; i++)
		sprintf(out + 8 * i, "%08x", (unsigned)s->h[i]);
}

/* The test pattern: byte i is (i * 7 + i / 251) & 255. */
static void pattern(unsigned char *buf, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = ((off + i) * 7 + (off + i) / 251) & 255;
}

static int fails;
static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAIL", what);
	if (!ok) {
		printf("  errno %d (%s)\n", errno, strerror(errno));
		fails++;
	}
	fflush(stdout);
}

static int connect_to(const char *host, const char *port, int type)
{
	struct addrinfo hints = { .ai_socktype = type }, *res, *ai;
	int fd = -1, r = getaddrinfo(host, port, &hints, &res);

	if (r) {
		printf("getaddrinfo %s: %s\n", host, gai_strerror(r));
		exit(2);
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, 0);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			printf("connect: %s\n", strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		exit(2);
	return fd;
}

static int listen_on(int family, const char *addr, int port, int type)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int one = 1, fd = socket(family, type, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (family == AF_INET) {
		struct sockaddr_in *in = (void *)&ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		inet_pton(AF_INET, addr, &in->sin_addr);
		len = sizeof *in;
	} else {
		struct sockaddr_in6 *in6 = (void *)&ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		inet_pton(AF_INET6, addr, &in6->sin6_addr);
		len = sizeof *in6;
	}
	if (bind(fd, (void *)&ss, len) < 0 || (type == SOCK_STREAM && listen(fd, 128) < 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	getsockname(fd, (void *)&ss, &len);
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* ---- local: everything on loopback ---- */

static volatile int sigpipes;
static void on_sigpipe(int sig) { sigpipes++; }

static void local_tcp(int family, const char *addr)
{
	char buf[64], what[64];
	int l = listen_on(family, addr, 0, SOCK_STREAM), port = port_of(l);
	struct sockaddr_storage ss = { 0 }, peer;
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6), plen = sizeof peer;

	snprintf(what, sizeof what, "listen %s port>0", addr);
	check(l >= 0 && port > 0, what);
	getsockname(l, (void *)&ss, &len);
	int c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int r = connect(c, (void *)&ss, len);
	snprintf(what, sizeof what, "non-blocking connect %s: EINPROGRESS or 0", addr);
	check(r == 0 || errno == EINPROGRESS, what);
	struct pollfd p[2] = { { .fd = l, .events = POLLIN }, { .fd = c, .events = POLLOUT } };
	int n = 0;
	for (int i = 0; i < 50 && (p[0].revents == 0 || p[1].revents == 0); i++)
		n = poll(p, 2, 100);
	check(n == 2 && (p[0].revents & POLLIN) && (p[1].revents & POLLOUT), "poll: listener readable, connector writable");
	int err = -1;
	socklen_t elen = sizeof err;
	check(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0, "SO_ERROR 0 after connect");
	int a = accept4(l, (void *)&peer, &plen, SOCK_CLOEXEC);
	check(a >= 0 && peer.ss_family == family, "accept4 gives the peer's address");
	check(fcntl(a, F_GETFD) == FD_CLOEXEC, "accept4 SOCK_CLOEXEC");
	check(write(c, "hello", 5) == 5, "write on a socket");
	int avail = 0;
	for (int i = 0; i < 50 && avail < 5; i++) {
		struct pollfd q = { .fd = a, .events = POLLIN };
		poll(&q, 1, 100);
		ioctl(a, FIONREAD, &avail);
	}
	check(avail == 5, "FIONREAD counts waiting bytes");
	check(recv(a, buf, 2, MSG_PEEK) == 2 && !memcmp(buf, "he", 2), "MSG_PEEK");
	check(read(a, buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5), "read what was written");
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	check(sendmsg(a, &m, 0) == 5, "sendmsg with two iovecs");
	char x[3], y[8];
	struct iovec riov[2] = { { x, 3 }, { y, 8 } };
	struct msghdr rm = { .msg_iov = riov, .msg_iovlen = 2 };
	int got = 0;
	for (int i = 0; i < 50 && got <= 0; i++) {
		struct pollfd q = { .fd = c, .events = POLLIN };
		poll(&q, 1, 100);
		got = recvmsg(c, &rm, 0);
	}
	check(got == 5 && !memcmp(x, "abc", 3) && !memcmp(y, "de", 2), "recvmsg scatters into iovecs");
	check(recv(c, buf, sizeof buf, 0) < 0 && errno == EAGAIN, "empty non-blocking recv: EAGAIN");
	int one = 1, v = 0;
	socklen_t vl = sizeof v;
	check(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0 &&
	      getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl) == 0 && v, "TCP_NODELAY");
	check(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one) == 0, "SO_KEEPALIVE");
	v = 0;
	check(getsockopt(c, SOL_SOCKET, SO_RCVBUF, &v, &vl) == 0 && v > 0, "SO_RCVBUF");
	plen = sizeof peer;
	check(getpeername(c, (void *)&peer, &plen) == 0 && port_of(l) == ntohs(((struct sockaddr_in *)&peer)->sin_port), "getpeername");
	check(shutdown(c, SHUT_WR) == 0, "shutdown SHUT_WR");
	int eof = -1;
	for (int i = 0; i < 50 && eof != 0; i++) {
		struct pollfd q = { .fd = a, .events = POLLIN };
		poll(&q, 1, 100);
		eof = read(a, buf, sizeof buf);
	}
	check(eof == 0, "the peer reads end of file after SHUT_WR");
	close(a);
	/* Writing to a connection the peer closed: EPIPE and SIGPIPE, or not with MSG_NOSIGNAL. */
	signal(SIGPIPE, on_sigpipe);
	int r1 = 0;
	for (int i = 0; i < 50 && r1 >= 0; i++) {
		r1 = send(c, "x", 1, MSG_NOSIGNAL);
		usleep(20000);
	}
	check(r1 < 0 && (errno == EPIPE || errno == ECONNRESET), "send after the peer closed fails");
	sigpipes = 0;
	int r2 = send(c, "x", 1, MSG_NOSIGNAL);
	check(r2 < 0 && errno == EPIPE && sigpipes == 0, "MSG_NOSIGNAL: EPIPE without SIGPIPE");
	int r3 = write(c, "x", 1);
	check(r3 < 0 && errno == EPIPE && sigpipes == 1, "write: EPIPE and SIGPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(c);
	/* The port is still taken by the listener. */
	int dup = socket(family, SOCK_STREAM, 0);
	check(bind(dup, (void *)&ss, len) < 0 && errno == EADDRINUSE, "bind to a port in use: EADDRINUSE");
	close(dup);
	close(l);
	/* Nobody listens there any more. */
	int refused = socket(family, SOCK_STREAM, 0);
	check(connect(refused, (void *)&ss, len) < 0 && errno == ECONNREFUSED, "connect to a closed port: ECONNREFUSED");
	close(refused);
}

static void local_udp(void)
{
	char buf[64];
	int s = listen_on(AF_INET, "127.0.0.1", 0, SOCK_DGRAM), c = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port_of(s)) }, from;
	socklen_t flen = sizeof from;

	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	check(sendto(c, "datagram", 8, 0, (void *)&to, sizeof to) == 8, "UDP sendto");
	struct pollfd p = { .fd = s, .events = POLLIN };
	check(poll(&p, 1, 2000) == 1, "UDP poll readable");
	check(recvfrom(s, buf, sizeof buf, 0, (void *)&from, &flen) == 8 && !memcmp(buf, "datagram", 8) &&
	      from.sin_port == htons(port_of(c)), "UDP recvfrom with the sender's address");
	check(sendto(s, "0123456789", 10, 0, (void *)&from, flen) == 10, "UDP reply");
	p.fd = c;
	poll(&p, 1, 2000);
	check(recv(c, buf, 4, MSG_TRUNC) == 10, "UDP MSG_TRUNC gives the datagram's length");
	close(s);
	close(c);
}

static void local_misc(void)
{
	int sv[2];
	char buf[8];

	check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	check(write(sv[0], "pair", 4) == 4 && read(sv[1], buf, sizeof buf) == 4 && !memcmp(buf, "pair", 4), "socketpair carries bytes");
	close(sv[0]);
	check(read(sv[1], buf, sizeof buf) == 0, "socketpair end of file after close");
	close(sv[1]);
	check(socket(AF_INET, SOCK_RAW, 1) < 0, "raw sockets are refused");
	check(read(-1, buf, 1) < 0 && errno == EBADF, "EBADF");
	check(listen(0, 1) < 0 && errno == ENOTSOCK, "ENOTSOCK for a non-socket");
	int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
	check(ioctl(fd, FIONBIO, &on) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "FIONBIO");
	struct sockaddr_in any = { .sin_family = AF_INET };
	check(bind(fd, (void *)&any, sizeof any) == 0 && listen(fd, 4) == 0, "bind 0.0.0.0:0 and listen");
	check(accept(fd, NULL, NULL) < 0 && errno == EAGAIN, "non-blocking accept: EAGAIN");
	struct timeval tv = { 0, 200000 };
	fcntl(fd, F_SETFL, 0);
	check(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0, "SO_RCVTIMEO");
	check(accept(fd, NULL, NULL) < 0 && errno == EAGAIN, "blocking accept times out with EAGAIN");
	close(fd);
	int six = socket(AF_INET6, SOCK_STREAM, 0), v = -1;
	socklen_t vl = sizeof v;
	check(setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0 &&
	      getsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl) == 0 && v == 1, "IPV6_V6ONLY");
	struct linger lg = { 1, 0 };
	check(setsockopt(six, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0, "SO_LINGER");
	close(six);
	char name[64];
	check(gethostname(name, sizeof name) == 0 && name[0], "gethostname");
	printf("hostname %s\n", name);
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	check(getaddrinfo("localhost", "80", &hints, &res) == 0 && res->ai_family == AF_INET &&
	      ((struct sockaddr_in *)res->ai_addr)->sin_port == htons(80), "getaddrinfo localhost");
	freeaddrinfo(res);
	char host[64], serv[16];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(8080) };
	inet_pton(AF_INET, "10.1.2.3", &sin.sin_addr);
	check(getnameinfo((void *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) == 0 &&
	      !strcmp(host, "10.1.2.3") && !strcmp(serv, "8080"), "getnameinfo numeric");
	check(getaddrinfo("no-such-host.invalid", NULL, NULL, &res) != 0, "an unknown name does not resolve");
}

static int local(void)
{
	local_tcp(AF_INET, "127.0.0.1");
	local_tcp(AF_INET6, "::1");
	local_udp();
	local_misc();
	printf(fails ? "local FAILED\n" : "local ok\n");
	return fails != 0;
}

/* ---- servers and clients for the host side ---- */

static int echo_server(int port, int n)
{
	int l = listen_on(AF_INET6, "::", port, SOCK_STREAM), done = 0, most = 0;
	struct pollfd p[256];
	int np = 1;
	char buf[16384];

	if (l < 0) {
		perror("listen");
		return 1;
	}
	fcntl(l, F_SETFL, O_NONBLOCK);
	p[0] = (struct pollfd){ .fd = l, .events = POLLIN };
	printf("listening %d\n", port);
	fflush(stdout);
	while (done < n) {
		if (poll(p, np, -1) < 0)
			continue;
		if (p[0].revents & POLLIN) {
			int c;
			while (np < 256 && (c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0)
				p[np++] = (struct pollfd){ .fd = c, .events = POLLIN };
			if (np - 1 > most)
				most = np - 1;
		}
		for (int i = 1; i < np; i++) {
			if (!p[i].revents)
				continue;
			ssize_t r = read(p[i].fd, buf, sizeof buf);
			if (r > 0) {
				for (ssize_t off = 0; off < r;) {
					ssize_t w = write(p[i].fd, buf + off, r - off);
					if (w > 0)
						off += w;
					else if (errno == EAGAIN) {
						struct pollfd q = { .fd = p[i].fd, .events = POLLOUT };
						poll(&q, 1, 1000);
					} else
						break;
				}
			} else if (r == 0 || errno != EAGAIN) {
				close(p[i].fd);
				p[i--] = p[--np];
				done++;
			}
		}
	}
	printf("open at most %d\nserved %d\n", most, done);
	return 0;
}

static volatile int spin_done;

static void *echo_thread(void *arg)
{
	echo_server(*(int *)arg, 1);
	spin_done = 1;
	return NULL;
}

static int spin_echo(int port)
{
	pthread_t t;
	unsigned long spins = 0;

	if (pthread_create(&t, NULL, echo_thread, &port) != 0) {
		perror("pthread_create");
		return 1;
	}
	while (!spin_done)
		spins++;
	pthread_join(t, NULL);
	printf("the spinner ran beside it (%s)\n", spins ? "spun" : "never ran");
	return 0;
}

static void report(struct sha *s)
{
	char hex[65];
	unsigned long long bytes = s->len;
	sha_hex(s, hex);
	printf("bytes %llu sha256 %s\n", bytes, hex);
}

static void drain(int fd)
{
	static char buf[65536];
	struct sha s;
	ssize_t r;

	sha_init(&s);
	while ((r = read(fd, buf, sizeof buf)) > 0)
		sha_add(&s, buf, r);
	if (r < 0)
		printf("read: %s\n", strerror(errno));
	report(&s);
}

static int sink(int port)
{
	int l = listen_on(AF_INET, "0.0.0.0", port, SOCK_STREAM);
	printf("listening %d\n", port);
	fflush(stdout);
	int c = accept(l, NULL, NULL);
	drain(c);
	close(c);
	close(l);
	return 0;
}

static int send_pattern(const char *host, const char *port, size_t total)
{
	static unsigned char buf[65536];
	int fd = connect_to(host, port, SOCK_STREAM);
	struct sha s;

	sha_init(&s);
	for (size_t off = 0; off < total;) {
		size_t n = total - off < sizeof buf ? total - off : sizeof buf;
		pattern(buf, off, n);
		ssize_t w = write(fd, buf, n);
		if (w <= 0) {
			printf("write: %s\n", strerror(errno));
			return 1;
		}
		sha_add(&s, buf, w);
		off += w;
	}
	shutdown(fd, SHUT_WR);
	report(&s);
	char tail[16];
	while (read(fd, tail, sizeof tail) > 0)
		;
	close(fd);
	return 0;
}

static int udp_echo(int port, int n)
{
	int s = listen_on(AF_INET, "0.0.0.0", port, SOCK_DGRAM);
	char buf[2048];

	printf("listening %d\n", port);
	fflush(stdout);
	char last[2048];
	ssize_t last_len = -1;

	for (int i = 0; i < n;) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof from;
		ssize_t r = recvfrom(s, buf, sizeof buf, 0, (void *)&from, &flen);
		if (r < 0)
			continue;
		sendto(s, buf, r, 0, (void *)&from, flen);
		if (r != last_len || memcmp(buf, last, r) != 0)
			i++;
		memcpy(last, buf, r);
		last_len = r;
	}
	printf("answered %d\n", n);
	return 0;
}

static int udp_ask(const char *host, const char *port, const char *msg)
{
	int fd = connect_to(host, port, SOCK_DGRAM);
	char buf[2048];

	for (int tries = 0; tries < 5; tries++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		send(fd, msg, strlen(msg), 0);
		if (poll(&p, 1, 1000) == 1) {
			ssize_t r = recv(fd, buf, sizeof buf - 1, 0);
			buf[r < 0 ? 0 : r] = 0;
			printf("answer [%s]\n", buf);
			return 0;
		}
	}
	printf("no answer\n");
	return 1;
}

static int nb_connect(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
	int fd, r, err = -1;
	socklen_t len = sizeof err;

	if (getaddrinfo(host, port, &hints, &res))
		return 2;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, res->ai_addr, res->ai_addrlen);
	printf("connect: %s\n", r == 0 ? "0" : errno == EINPROGRESS ? "EINPROGRESS" : strerror(errno));
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	r = poll(&p, 1, 10000);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	printf("poll %d SO_ERROR %s\n", r, err == 0 ? "0" : err == ECONNREFUSED ? "ECONNREFUSED" : strerror(err));
	if (err == 0) {
		char buf[64];
		ssize_t n;
		p.events = POLLIN;
		poll(&p, 1, 10000);
		n = read(fd, buf, sizeof buf - 1);
		buf[n < 0 ? 0 : n] = 0;
		printf("read [%s]\n", buf);
	}
	freeaddrinfo(res);
	return 0;
}

static int resolve(const char *name)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	char text[64];
	int r = getaddrinfo(name, NULL, &hints, &res);

	if (r) {
		printf("getaddrinfo: %s\n", gai_strerror(r));
		return 1;
	}
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		void *a = ai->ai_family == AF_INET ? (void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
						   : (void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		printf("address %s\n", inet_ntop(ai->ai_family, a, text, sizeof text));
	}
	freeaddrinfo(res);
	struct hostent *h = gethostbyname(name);
	if (h)
		printf("gethostbyname %s %s\n", h->h_name, inet_ntop(AF_INET, h->h_addr_list[0], text, sizeof text));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "local"))
		return local();
	if (argc == 3 && !strcmp(argv[1], "spin-echo"))
		return spin_echo(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "echo-server"))
		return echo_server(atoi(argv[2]), atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "sink"))
		return sink(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "fetch")) {
		int fd = connect_to(argv[2], argv[3], SOCK_STREAM);
		drain(fd);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "send"))
		return send_pattern(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "udp-echo"))
		return udp_echo(atoi(argv[2]), atoi(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "udp-ask"))
		return udp_ask(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "nb-connect"))
		return nb_connect(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "resolve"))
		return resolve(argv[2]);
	fprintf(stderr, "usage: net local|echo-server|spin-echo|sink|fetch|send|udp-echo|udp-ask|nb-connect|resolve ...\n");
	return 2;
}
