/*
 * The BSD socket calls over the descriptor table: argument checks, blocking
 * (backends never block; blocking descriptors wait here with uc_wait_until),
 * timeouts, SIGPIPE, and the options every backend shares.
 */
#define __LINUX_ERRNO_EXTENSIONS__ 1
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "posix/core/core.h"
#include "posix/core/wait.h"
#include "posix/thread/sched.h"
#include "net.h"

/* The mark bake looks for (docs/architecture.md, "The .note.unicore recipe"):
 * a program that carries the socket layer uses the network. */
__asm__(".pushsection .note.unicore.net,\"a\",@note\n"
	".balign 4\n.long 8\n.long 4\n.long 4\n.asciz \"Unicore\"\n.balign 4\n.asciz \"net\"\n"
	".popsection\n");

#define NS 1000000000ull
#define NEVER UINT64_MAX

static ssize_t sock_read(struct uc_file *f, void *buf, size_t len);
static ssize_t sock_write(struct uc_file *f, const void *buf, size_t len);
static int sock_fstat(struct uc_file *f, struct stat *st);
static int sock_poll_ready(struct uc_file *f, int for_write);
static int sock_ioctl(struct uc_file *f, unsigned long req, void *arg);
static void sock_release(struct uc_file *f);

static const struct uc_file_ops sock_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.fstat = sock_fstat,
	.poll_ready = sock_poll_ready,
	.ioctl = sock_ioctl,
	.release = sock_release,
};

/* Around every backend operation: the preemption policy of the socket layer.
 * A tick never preempts runtime code, but a backend may call libc (memcpy,
 * malloc, free), whose code a tick may interrupt; a backend that is not
 * reentrant (lwIP: memcached with four worker threads freed pbufs twice)
 * says preempt_off, and another thread never runs it in the middle of this
 * one's operation. */
static void op_begin(const struct uc_sock *s)
{
	if (s->ops->preempt_off)
		uc_preempt_disable();
}

static void op_end(const struct uc_sock *s)
{
	if (s->ops->preempt_off)
		uc_preempt_enable();
}

static struct uc_sock *sock_of(int fd, int *err)
{
	struct uc_file *f = uc_fd_get(fd);

	*err = !f ? -EBADF : f->ops != &sock_file_ops ? -ENOTSOCK : 0;
	return *err ? NULL : f->priv;
}

static int nonblocking(struct uc_file *f, int flags)
{
	return (flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK);
}

const struct uc_sock_ops *uc_net_backend(void)
{
	static const struct uc_sock_ops *chosen;

	/* The host kernel's sockets where there is one (linuxu). */
	if (!chosen)
		chosen = uc_host_syscall ? &uc_host_sock_ops : &uc_lwip_sock_ops;
	return chosen;
}

int uc_sock_install(const struct uc_sock_ops *ops, int domain, int type, int proto,
		    int flags, struct uc_sock **out)
{
	struct uc_sock *s = calloc(1, sizeof *s);
	struct uc_file *f;
	int fd;

	if (!s)
		return -ENOMEM;
	*s = (struct uc_sock){ .ops = ops, .domain = domain, .type = type, .protocol = proto, .hostfd = -1 };
	f = uc_file_new(&sock_file_ops, O_RDWR | (flags & O_NONBLOCK), s);
	if (!f) {
		free(s);
		return -ENOMEM;
	}
	fd = uc_fd_install(f, 0);
	if (fd < 0) {
		free(f);
		free(s);
		return fd;
	}
	if (flags & O_CLOEXEC)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (ops->wait)
		uc_idle_hook = ops->wait;
	*out = s;
	return fd;
}

static void drop(int fd)
{
	close(fd);
}

struct want { struct uc_sock *s; int for_write; };

/* Whether s is ready now. */
static int ready(struct uc_sock *s, int for_write)
{
	int r;

	op_begin(s);
	r = s->ops->ready(s, for_write);
	op_end(s);
	return r;
}

static int want_ready(void *arg)
{
	struct want *w = arg;
	return ready(w->s, w->for_write);
}

/* Waits (uc_wait_until) for s to become ready, until deadline: 0 to try
 * again, -EAGAIN when the deadline passed, -EINTR when a signal handler ran. */
static int await(struct uc_sock *s, int for_write, uint64_t deadline)
{
	struct want w = { s, for_write };
	int r = uc_wait_until(deadline, want_ready, &w);

	if (r == -EINTR)
		return uc_signal_restarts(SIGALRM) ? 0 : -EINTR;
	return r ? 0 : -EAGAIN;
}

static uint64_t deadline_of(uint64_t timeout)
{
	uint64_t now = plat_clock_monotonic_ns();
	return timeout ? now + timeout : NEVER;
}

/* Sockets and the types and flags socket() takes. */
static int split_type(int *type, int *flags)
{
	*flags = (*type & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (*type & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	*type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	return *type == SOCK_STREAM || *type == SOCK_DGRAM ? 0 : -ESOCKTNOSUPPORT;
}

static int do_socket(int domain, int type, int proto)
{
	struct uc_sock *s;
	int flags, fd, r;

	if (domain != AF_INET && domain != AF_INET6)
		return -EAFNOSUPPORT;
	r = split_type(&type, &flags);
	if (r < 0)
		return type == SOCK_RAW ? -EPERM : r;
	if (proto && !(type == SOCK_STREAM && proto == 6) && !(type == SOCK_DGRAM && proto == 17))
		return -EPROTONOSUPPORT;
	fd = uc_sock_install(uc_net_backend(), domain, type, proto ? proto : type == SOCK_STREAM ? 6 : 17, flags, &s);
	if (fd < 0)
		return fd;
	op_begin(s);
	r = s->ops->open(s);
	op_end(s);
	if (r < 0) {
		s->ops = NULL;
		drop(fd);
		return r;
	}
	return fd;
}

int socket(int domain, int type, int proto)
{
	return uc_syscall_ret(do_socket(domain, type, proto));
}

int bind(int fd, const struct sockaddr *a, socklen_t n)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (s) {
		op_begin(s);
		r = s->ops->bind(s, a, n);
		op_end(s);
	}
	return uc_syscall_ret(r);
}

static int do_connect(int fd, const struct sockaddr *a, socklen_t n)
{
	int r, err = 0;
	socklen_t len = sizeof err;
	struct uc_sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	op_begin(s);
	r = s->ops->connect(s, a, n);
	op_end(s);
	if (r != -EINPROGRESS || nonblocking(uc_fd_get(fd), 0))
		return r;
	while (!ready(s, 1)) {
		r = await(s, 1, NEVER);
		if (r < 0)
			return r;
	}
	op_begin(s);
	r = s->ops->getopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	op_end(s);
	return r < 0 ? r : -err;
}

int connect(int fd, const struct sockaddr *a, socklen_t n)
{
	return uc_syscall_ret(do_connect(fd, a, n));
}

int listen(int fd, int backlog)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (backlog < 1 || backlog > SOMAXCONN)
		backlog = backlog < 1 ? 1 : SOMAXCONN;
	if (s) {
		op_begin(s);
		r = s->ops->listen(s, backlog);
		op_end(s);
	}
	return uc_syscall_ret(r);
}

static int do_accept(int fd, struct sockaddr *a, socklen_t *n, int flags)
{
	struct uc_sock *s, *c;
	int r, cfd;

	s = sock_of(fd, &r);
	if (!s)
		return r;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	cfd = uc_sock_install(s->ops, s->domain, s->type, s->protocol,
		(flags & SOCK_NONBLOCK ? O_NONBLOCK : 0) | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0), &c);
	if (cfd < 0)
		return cfd;
	uint64_t deadline = deadline_of(s->rcvtimeo);
	for (;;) {
		op_begin(s);
		r = s->ops->accept(s, c, a, n);
		op_end(s);
		if (r != -EAGAIN || nonblocking(uc_fd_get(fd), 0))
			break;
		r = await(s, 0, deadline);
		if (r < 0)
			break;
	}
	if (r < 0) {
		c->ops = NULL;
		drop(cfd);
		return r;
	}
	return cfd;
}

int accept4(int fd, struct sockaddr *restrict a, socklen_t *restrict n, int flags)
{
	return uc_syscall_ret(do_accept(fd, a, n, flags));
}

int accept(int fd, struct sockaddr *restrict a, socklen_t *restrict n)
{
	return accept4(fd, a, n, 0);
}

static size_t iov_total(const struct msghdr *m)
{
	size_t t = 0;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		t += m->msg_iov[i].iov_len;
	return t;
}

/* Stream sockets send everything unless non-blocking; -EPIPE raises SIGPIPE. */
static ssize_t file_sendmsg(struct uc_file *f, const struct msghdr *m, int flags)
{
	struct uc_sock *s = f->priv;
	struct msghdr rest;
	struct iovec iov[64];
	ssize_t r, done = 0;
	size_t total;
	if (m->msg_iovlen > 1024)
		return -EMSGSIZE;
	total = iov_total(m);
	uint64_t deadline = deadline_of(s->sndtimeo);
	rest = *m;
	for (;;) {
		op_begin(s);
		r = s->ops->sendmsg(s, &rest, flags);
		op_end(s);
		if (r > 0) {
			done += r;
			if ((size_t)done >= total || s->type != SOCK_STREAM || nonblocking(f, flags))
				return done;
			/* What is left of the iovecs after r bytes went out. */
			size_t skip = done, i = 0, k = 0;
			while (i < m->msg_iovlen && skip >= m->msg_iov[i].iov_len)
				skip -= m->msg_iov[i++].iov_len;
			for (; i < m->msg_iovlen && k < 64; i++, k++) {
				iov[k].iov_base = (char *)m->msg_iov[i].iov_base + skip;
				iov[k].iov_len = m->msg_iov[i].iov_len - skip;
				skip = 0;
			}
			rest.msg_iov = iov;
			rest.msg_iovlen = k;
			continue;
		}
		if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
			raise(SIGPIPE);
		if (r != -EAGAIN || nonblocking(f, flags))
			return done ? done : r;
		r = await(s, 1, deadline);
		if (r < 0)
			return done ? done : r;
	}
}

static ssize_t file_recvmsg(struct uc_file *f, struct msghdr *m, int flags)
{
	struct uc_sock *s = f->priv;
	ssize_t r;
	uint64_t deadline = deadline_of(s->rcvtimeo);
	m->msg_flags = 0;
	for (;;) {
		op_begin(s);
		r = s->ops->recvmsg(s, m, flags);
		op_end(s);
		if (r != -EAGAIN || nonblocking(f, flags))
			return r;
		r = await(s, 0, deadline);
		if (r < 0)
			return r;
	}
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	int r;
	return uc_syscall_ret(sock_of(fd, &r) ? file_sendmsg(uc_fd_get(fd), m, flags) : r);
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	int r;
	return uc_syscall_ret(sock_of(fd, &r) ? file_recvmsg(uc_fd_get(fd), m, flags) : r);
}

ssize_t sendto(int fd, const void *b, size_t n, int flags, const struct sockaddr *a, socklen_t an)
{
	struct iovec iov = { (void *)b, n };
	struct msghdr m = { .msg_name = (void *)a, .msg_namelen = a ? an : 0, .msg_iov = &iov, .msg_iovlen = 1 };
	return sendmsg(fd, &m, flags);
}

ssize_t send(int fd, const void *b, size_t n, int flags)
{
	return sendto(fd, b, n, flags, NULL, 0);
}

ssize_t recvfrom(int fd, void *restrict b, size_t n, int flags, struct sockaddr *restrict a,
		 socklen_t *restrict an)
{
	struct iovec iov = { b, n };
	struct msghdr m = { .msg_name = a, .msg_namelen = a && an ? *an : 0, .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t r = recvmsg(fd, &m, flags);

	if (r >= 0 && a && an)
		*an = m.msg_namelen;
	return r;
}

ssize_t recv(int fd, void *b, size_t n, int flags)
{
	return recvfrom(fd, b, n, flags, NULL, NULL);
}

int shutdown(int fd, int how)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (s && (how < SHUT_RD || how > SHUT_RDWR))
		r = -EINVAL;
	else if (s) {
		op_begin(s);
		r = s->ops->shutdown(s, how);
		op_end(s);
	}
	return uc_syscall_ret(r);
}

static int name_of(int fd, struct sockaddr *a, socklen_t *n, int peer)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	if (!n)
		return -EFAULT;
	op_begin(s);
	r = s->ops->name(s, a, n, peer);
	op_end(s);
	return r;
}

int getsockname(int fd, struct sockaddr *restrict a, socklen_t *restrict n)
{
	return uc_syscall_ret(name_of(fd, a, n, 0));
}

int getpeername(int fd, struct sockaddr *restrict a, socklen_t *restrict n)
{
	return uc_syscall_ret(name_of(fd, a, n, 1));
}

static int timeo_get(uint64_t ns, void *v, socklen_t *n)
{
	struct timeval tv = { ns / NS, ns % NS / 1000 };

	if (*n < sizeof tv)
		return -EINVAL;
	memcpy(v, &tv, sizeof tv);
	*n = sizeof tv;
	return 0;
}

static int timeo_set(uint64_t *ns, const void *v, socklen_t n)
{
	struct timeval tv;

	if (n < sizeof tv)
		return -EINVAL;
	memcpy(&tv, v, sizeof tv);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tv.tv_sec < 0)
		return -EDOM;
	*ns = tv.tv_sec * NS + tv.tv_usec * 1000ull;
	return 0;
}

int uc_sock_put_int(int val, void *v, socklen_t *n)
{
	if (*n < sizeof val)
		return -EINVAL;
	memcpy(v, &val, sizeof val);
	*n = sizeof val;
	return 0;
}

int getsockopt(int fd, int level, int opt, void *restrict v, socklen_t *restrict n)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (!s)
		return uc_syscall_ret(r);
	if (!v || !n)
		return uc_syscall_ret(-EFAULT);
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_RCVTIMEO: return uc_syscall_ret(timeo_get(s->rcvtimeo, v, n));
		case SO_SNDTIMEO: return uc_syscall_ret(timeo_get(s->sndtimeo, v, n));
		case SO_TYPE: return uc_syscall_ret(uc_sock_put_int(s->type, v, n));
		case SO_DOMAIN: return uc_syscall_ret(uc_sock_put_int(s->domain, v, n));
		case SO_PROTOCOL: return uc_syscall_ret(uc_sock_put_int(s->protocol, v, n));
		}
	}
	op_begin(s);
	r = s->ops->getopt(s, level, opt, v, n);
	op_end(s);
	return uc_syscall_ret(r);
}

int setsockopt(int fd, int level, int opt, const void *v, socklen_t n)
{
	int r;
	struct uc_sock *s = sock_of(fd, &r);

	if (!s)
		return uc_syscall_ret(r);
	if (!v && n)
		return uc_syscall_ret(-EFAULT);
	if (level == SOL_SOCKET && opt == SO_RCVTIMEO)
		return uc_syscall_ret(timeo_set(&s->rcvtimeo, v, n));
	if (level == SOL_SOCKET && opt == SO_SNDTIMEO)
		return uc_syscall_ret(timeo_set(&s->sndtimeo, v, n));
	op_begin(s);
	r = s->ops->setopt(s, level, opt, v, n);
	op_end(s);
	return uc_syscall_ret(r);
}

int sockatmark(int fd)
{
	int r;
	return sock_of(fd, &r) ? 0 : uc_syscall_ret(r);
}

/* ---- the file side: read, write, fstat, poll, ioctl, close ---- */

static ssize_t sock_read(struct uc_file *f, void *buf, size_t len)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	return file_recvmsg(f, &m, 0);
}

static ssize_t sock_write(struct uc_file *f, const void *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	return file_sendmsg(f, &m, 0);
}

static int sock_fstat(struct uc_file *f, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_ino = (ino_t)(uintptr_t)f->priv;
	return 0;
}

static int sock_poll_ready(struct uc_file *f, int for_write)
{
	return ready(f->priv, for_write);
}

static int sock_ioctl(struct uc_file *f, unsigned long req, void *arg)
{
	struct uc_sock *s = f->priv;
	int n;

	if (req != FIONREAD)
		return -ENOTTY;
	op_begin(s);
	n = s->ops->nread(s);
	op_end(s);
	if (n < 0)
		return n;
	*(int *)arg = n;
	return 0;
}

static void sock_release(struct uc_file *f)
{
	struct uc_sock *s = f->priv;

	if (s->ops) {
		op_begin(s);
		s->ops->close(s);
		op_end(s);
	}
	free(s);
}
