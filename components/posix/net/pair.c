/*
 * socketpair(AF_UNIX, SOCK_STREAM): two connected ends inside the one
 * process, each with a ring of bytes flowing towards it. As with pipes, no
 * other thread can fill or drain a ring while we wait, so a blocking read of
 * an empty ring whose peer is open would wait for ever: it waits only as
 * long as time or a signal can change something (socket.c's timeouts).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "posix/core/core.h"
#include "net.h"

#define RING 65536

struct ring {
	char buf[RING];
	size_t head, len;
	int closed;          /* the writing end shut down or closed */
};

struct end {
	struct ring *in, *out;
	struct end *peer;
};

static size_t ring_take(struct ring *r, struct msghdr *m, int peek)
{
	size_t done = 0, head = r->head, len = r->len;

	for (size_t i = 0; i < m->msg_iovlen && len; i++) {
		char *to = m->msg_iov[i].iov_base;
		for (size_t k = 0; k < m->msg_iov[i].iov_len && len; k++, len--, done++) {
			to[k] = r->buf[head];
			head = (head + 1) % RING;
		}
	}
	if (!peek) {
		r->head = head;
		r->len = len;
	}
	return done;
}

static size_t ring_put(struct ring *r, const struct msghdr *m)
{
	size_t done = 0;

	for (size_t i = 0; i < m->msg_iovlen && r->len < RING; i++) {
		const char *from = m->msg_iov[i].iov_base;
		for (size_t k = 0; k < m->msg_iov[i].iov_len && r->len < RING; k++, done++) {
			r->buf[(r->head + r->len) % RING] = from[k];
			r->len++;
		}
	}
	return done;
}

static int pair_open(struct uc_sock *s) { return -EOPNOTSUPP; }
static int pair_bind(struct uc_sock *s, const struct sockaddr *a, socklen_t n) { return -EINVAL; }
static int pair_connect(struct uc_sock *s, const struct sockaddr *a, socklen_t n) { return -EISCONN; }
static int pair_listen(struct uc_sock *s, int backlog) { return -EINVAL; }

static int pair_accept(struct uc_sock *s, struct uc_sock *c, struct sockaddr *a, socklen_t *n)
{
	return -EINVAL;
}

static ssize_t pair_sendmsg(struct uc_sock *s, const struct msghdr *m, int flags)
{
	struct end *e = s->impl;
	size_t n;

	if (e->out->closed || !e->peer)
		return -EPIPE;
	n = ring_put(e->out, m);
	return n ? (ssize_t)n : -EAGAIN;
}

static ssize_t pair_recvmsg(struct uc_sock *s, struct msghdr *m, int flags)
{
	struct end *e = s->impl;
	size_t n;

	m->msg_namelen = 0;
	m->msg_controllen = 0;
	if (e->in->len == 0)
		return e->in->closed ? 0 : -EAGAIN;
	n = ring_take(e->in, m, flags & MSG_PEEK);
	return n;
}

static int pair_shutdown(struct uc_sock *s, int how)
{
	struct end *e = s->impl;

	if (how != SHUT_RD)
		e->out->closed = 1;
	if (how != SHUT_WR)
		e->in->closed = 1;
	return 0;
}

static int pair_name(struct uc_sock *s, struct sockaddr *a, socklen_t *n, int peer)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	size_t len = sizeof un.sun_family;

	memcpy(a, &un, *n < len ? *n : len);
	*n = len;
	return 0;
}

static int pair_getopt(struct uc_sock *s, int level, int opt, void *v, socklen_t *n)
{
	int val;

	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	switch (opt) {
	case SO_ERROR: val = 0; break;
	case SO_SNDBUF: case SO_RCVBUF: val = RING; break;
	case SO_ACCEPTCONN: val = 0; break;
	default: return -ENOPROTOOPT;
	}
	return uc_sock_put_int(val, v, n);
}

static int pair_setopt(struct uc_sock *s, int level, int opt, const void *v, socklen_t n)
{
	return level == SOL_SOCKET ? 0 : -ENOPROTOOPT;
}

static int pair_ready(struct uc_sock *s, int for_write)
{
	struct end *e = s->impl;

	if (for_write)
		return e->out->closed || !e->peer || e->out->len < RING;
	return e->in->len > 0 || e->in->closed;
}

static int pair_nread(struct uc_sock *s)
{
	return ((struct end *)s->impl)->in->len;
}

static void pair_close(struct uc_sock *s)
{
	struct end *e = s->impl;

	e->out->closed = 1;
	e->in->closed = 1;
	if (e->peer)
		e->peer->peer = NULL;
	else {
		free(e->in);
		free(e->out);
	}
	free(e);
}

const struct uc_sock_ops uc_pair_sock_ops = {
	.open = pair_open,
	.bind = pair_bind,
	.connect = pair_connect,
	.listen = pair_listen,
	.accept = pair_accept,
	.sendmsg = pair_sendmsg,
	.recvmsg = pair_recvmsg,
	.shutdown = pair_shutdown,
	.name = pair_name,
	.getopt = pair_getopt,
	.setopt = pair_setopt,
	.ready = pair_ready,
	.nread = pair_nread,
	.close = pair_close,
};

static int make_pair(int domain, int type, int proto, int sv[2])
{
	struct end *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	struct ring *ab = calloc(1, sizeof *ab), *ba = calloc(1, sizeof *ba);
	struct uc_sock *sa, *sb;
	int flags = (type & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (type & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	int fa, fb;

	if (domain != AF_UNIX || (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != SOCK_STREAM || proto) {
		free(a), free(b), free(ab), free(ba);
		return domain != AF_UNIX ? -EOPNOTSUPP : proto ? -EPROTONOSUPPORT : -EOPNOTSUPP;
	}
	if (!a || !b || !ab || !ba) {
		free(a), free(b), free(ab), free(ba);
		return -ENOMEM;
	}
	*a = (struct end){ .in = ba, .out = ab, .peer = b };
	*b = (struct end){ .in = ab, .out = ba, .peer = a };
	fa = uc_sock_install(&uc_pair_sock_ops, AF_UNIX, SOCK_STREAM, 0, flags, &sa);
	if (fa < 0) {
		free(a), free(b), free(ab), free(ba);
		return fa;
	}
	sa->impl = a;
	fb = uc_sock_install(&uc_pair_sock_ops, AF_UNIX, SOCK_STREAM, 0, flags, &sb);
	if (fb < 0) {
		a->peer = NULL;
		close(fa);              /* frees both rings: it has no peer */
		free(b);
		return fb;
	}
	sb->impl = b;
	sv[0] = fa;
	sv[1] = fb;
	return 0;
}

int socketpair(int domain, int type, int proto, int sv[2])
{
	return uc_syscall_ret(make_pair(domain, type, proto, sv));
}
