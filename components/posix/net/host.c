/*
 * The host backend (linuxu): every socket is a non-blocking socket of the
 * host kernel; the structures pass through unchanged (the POSIX headers use
 * Linux's layouts and constants), except the SOCK_ and MSG_ flags that are
 * handled here. The calls go through uc_host_call (posix/core/host.c, which
 * translates errno); plat_host_wait watches the sockets somebody waits for.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unicore/plat.h>
#include "posix/core/core.h"
#include "net.h"

/* Linux's x86_64 system call numbers and flags. */
enum {
	LX_close = 3, LX_ioctl = 16, LX_socket = 41, LX_connect = 42, LX_sendmsg = 46,
	LX_recvmsg = 47, LX_shutdown = 48, LX_bind = 49, LX_listen = 50,
	LX_getsockname = 51, LX_getpeername = 52, LX_setsockopt = 54, LX_getsockopt = 55,
	LX_accept4 = 288,
};
#define LX_SOCK_NONBLOCK 04000
#define LX_SOCK_CLOEXEC 02000000
#define LX_FIONREAD 0x541B
/* MSG_ bits the host may see: ours are Linux's; MSG_NOSIGNAL always (the
 * runtime raises SIGPIPE itself), MSG_DONTWAIT always (it waits itself). */
#define PASSED_FLAGS (MSG_OOB | MSG_PEEK | MSG_DONTROUTE | MSG_TRUNC | MSG_EOR | MSG_MORE | MSG_WAITALL)

static struct uc_sock *all;

static long call(long nr, long a, long b, long c, long d, long e)
{
	return uc_host_call(nr, a, b, c, d, e, 0);
}

static void track(struct uc_sock *s, int fd)
{
	s->hostfd = fd;
	s->next = all;
	all = s;
}

static int host_open(struct uc_sock *s)
{
	long fd = call(LX_socket, s->domain, s->type | LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC, s->protocol, 0, 0);

	if (fd < 0)
		return fd;
	track(s, fd);
	return 0;
}

static int host_bind(struct uc_sock *s, const struct sockaddr *a, socklen_t n)
{
	return call(LX_bind, s->hostfd, (long)a, n, 0, 0);
}

static int host_connect(struct uc_sock *s, const struct sockaddr *a, socklen_t n)
{
	return call(LX_connect, s->hostfd, (long)a, n, 0, 0);
}

static int host_listen(struct uc_sock *s, int backlog)
{
	return call(LX_listen, s->hostfd, backlog, 0, 0, 0);
}

static int host_accept(struct uc_sock *s, struct uc_sock *c, struct sockaddr *a, socklen_t *n)
{
	long fd = call(LX_accept4, s->hostfd, (long)a, (long)n, LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC, 0);

	if (fd < 0)
		return fd;
	track(c, fd);
	return 0;
}

static ssize_t host_sendmsg(struct uc_sock *s, const struct msghdr *m, int flags)
{
	return call(LX_sendmsg, s->hostfd, (long)m, (flags & PASSED_FLAGS) | MSG_NOSIGNAL | MSG_DONTWAIT, 0, 0);
}

static ssize_t host_recvmsg(struct uc_sock *s, struct msghdr *m, int flags)
{
	return call(LX_recvmsg, s->hostfd, (long)m, (flags & PASSED_FLAGS) | MSG_DONTWAIT, 0, 0);
}

static int host_shutdown(struct uc_sock *s, int how)
{
	return call(LX_shutdown, s->hostfd, how, 0, 0, 0);
}

static int host_name(struct uc_sock *s, struct sockaddr *a, socklen_t *n, int peer)
{
	return call(peer ? LX_getpeername : LX_getsockname, s->hostfd, (long)a, (long)n, 0, 0);
}

static int host_getopt(struct uc_sock *s, int level, int opt, void *v, socklen_t *n)
{
	long r = call(LX_getsockopt, s->hostfd, level, opt, (long)v, (long)n);

	/* The pending error is a Linux errno number. */
	if (r == 0 && level == SOL_SOCKET && opt == SO_ERROR)
		*(int *)v = uc_host_errno(*(int *)v);
	return r;
}

static int host_setopt(struct uc_sock *s, int level, int opt, const void *v, socklen_t n)
{
	return call(LX_setsockopt, s->hostfd, level, opt, (long)v, n);
}

/* Asks the host now; when not ready, remembers what a waiter wants. */
static int host_ready(struct uc_sock *s, int for_write)
{
	short ev = for_write ? POLLOUT : POLLIN;
	struct plat_host_pollfd p = { .fd = s->hostfd, .events = ev };

	plat_host_wait(&p, 1, 0);
	if (p.revents & (ev | POLLERR | POLLHUP))
		return 1;
	s->want |= ev;
	return 0;
}

static int host_nread(struct uc_sock *s)
{
	int n = 0;
	long r = call(LX_ioctl, s->hostfd, LX_FIONREAD, (long)&n, 0, 0);
	return r < 0 ? r : n;
}

static void host_close(struct uc_sock *s)
{
	for (struct uc_sock **p = &all; *p; p = &(*p)->next) {
		if (*p == s) {
			*p = s->next;
			break;
		}
	}
	call(LX_close, s->hostfd, 0, 0, 0, 0);
}

static void host_wait(uint64_t deadline)
{
	struct plat_host_pollfd fds[256];
	int n = 0;

	for (struct uc_sock *s = all; s && n < 256; s = s->next) {
		if (s->want)
			fds[n++] = (struct plat_host_pollfd){ .fd = s->hostfd, .events = s->want };
		s->want = 0;
	}
	plat_host_wait(fds, n, deadline);
}

const struct uc_sock_ops uc_host_sock_ops = {
	.open = host_open,
	.bind = host_bind,
	.connect = host_connect,
	.listen = host_listen,
	.accept = host_accept,
	.sendmsg = host_sendmsg,
	.recvmsg = host_recvmsg,
	.shutdown = host_shutdown,
	.name = host_name,
	.getopt = host_getopt,
	.setopt = host_setopt,
	.ready = host_ready,
	.nread = host_nread,
	.close = host_close,
	.wait = host_wait,
};
