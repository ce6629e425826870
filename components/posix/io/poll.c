/*
 * poll() and select() over the files' readiness (poll_ready), idling between
 * checks with the wait primitive (wait.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "posix/core/core.h"
#include "posix/core/wait.h"

#define NS 1000000000ull
#define NEVER UINT64_MAX

static int ready(struct uc_file *f, int for_write)
{
	return !f->ops->poll_ready || f->ops->poll_ready(f, for_write);
}

static short revents_of(const struct pollfd *p)
{
	struct uc_file *f;
	short r = 0;

	if (p->fd < 0)
		return 0;
	f = uc_fd_get(p->fd);
	if (!f)
		return POLLNVAL;
	if ((p->events & (POLLIN | POLLRDNORM)) && ready(f, 0))
		r |= p->events & (POLLIN | POLLRDNORM);
	if ((p->events & (POLLOUT | POLLWRNORM)) && ready(f, 1))
		r |= p->events & (POLLOUT | POLLWRNORM);
	return r;
}

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = plat_clock_monotonic_ns();
	return ns == NEVER || now + ns < now ? NEVER : now + ns;
}

struct poll_scan {
	struct pollfd *fds;
	nfds_t n;
	int count;
};

static int poll_scan_ready(void *arg)
{
	struct poll_scan *p = arg;

	p->count = 0;
	for (nfds_t i = 0; i < p->n; i++) {
		p->fds[i].revents = revents_of(&p->fds[i]);
		p->count += p->fds[i].revents != 0;
	}
	return p->count != 0;
}

static int do_poll(struct pollfd *fds, nfds_t n, uint64_t deadline)
{
	struct poll_scan p = { fds, n, 0 };
	int r = uc_wait_until(deadline, poll_scan_ready, &p);

	return r < 0 ? r : p.count;
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	uint64_t wait = timeout_ms < 0 ? NEVER : (uint64_t)timeout_ms * 1000000;
	return uc_syscall_ret(do_poll(fds, n, deadline_after(wait)));
}

struct select_scan {
	int n;
	fd_set *rd, *wr, r, w;
	int count, err;
};

/* Also stops the wait on a bad descriptor (err). */
static int select_scan_ready(void *arg)
{
	struct select_scan *s = arg;

	s->count = 0;
	FD_ZERO(&s->r);
	FD_ZERO(&s->w);
	for (int fd = 0; fd < s->n; fd++) {
		int want_r = s->rd && FD_ISSET(fd, s->rd), want_w = s->wr && FD_ISSET(fd, s->wr);
		struct uc_file *f;
		if (!want_r && !want_w)
			continue;
		f = uc_fd_get(fd);
		if (!f) {
			s->err = -EBADF;
			return 1;
		}
		if (want_r && ready(f, 0)) {
			FD_SET(fd, &s->r);
			s->count++;
		}
		if (want_w && ready(f, 1)) {
			FD_SET(fd, &s->w);
			s->count++;
		}
	}
	return s->count != 0;
}

static int do_select(int n, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t deadline)
{
	struct select_scan s = { .n = n, .rd = rd, .wr = wr };
	int r = uc_wait_until(deadline, select_scan_ready, &s);

	if (r < 0 || s.err)
		return r < 0 ? r : s.err;
	if (rd)
		*rd = s.r;
	if (wr)
		*wr = s.w;
	if (ex)
		FD_ZERO(ex);    /* no exceptional conditions exist here */
	return s.count;
}

int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
	uint64_t wait = NEVER;

	if (n < 0 || n > FD_SETSIZE)
		return uc_syscall_ret(-EINVAL);
	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0)
			return uc_syscall_ret(-EINVAL);
		wait = tv->tv_sec * NS + tv->tv_usec * 1000ull;
	}
	return uc_syscall_ret(do_select(n, rd, wr, ex, deadline_after(wait)));
}

int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *ts,
	    const sigset_t *mask)
{
	uint64_t wait = NEVER;

	if (n < 0 || n > FD_SETSIZE)
		return uc_syscall_ret(-EINVAL);
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NS)
			return uc_syscall_ret(-EINVAL);
		wait = ts->tv_sec * NS + ts->tv_nsec;
	}
	sigset_t saved;
	if (mask)
		sigprocmask(SIG_SETMASK, mask, &saved);
	int r = do_select(n, rd, wr, ex, deadline_after(wait));
	if (mask)
		sigprocmask(SIG_SETMASK, &saved, NULL);
	return uc_syscall_ret(r);
}
