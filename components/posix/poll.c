/*
 * poll() and select() over the files' readiness (poll_ready), idling between
 * checks with the platform's wait (which wakes early on console input).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "runtime.h"
#include "thread/sched.h"

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

/* Waits for the next chance of a change; -EINTR if a signal handler ran. */
static int wait_step(uint64_t deadline)
{
	uint64_t alarm = uc_alarm_deadline();

	uc_sched_block(alarm && alarm < deadline ? alarm : deadline, NULL, NULL);
	return uc_alarm_check() ? -EINTR : 0;
}

static int do_poll(struct pollfd *fds, nfds_t n, uint64_t deadline)
{
	for (;;) {
		int count = 0;
		for (nfds_t i = 0; i < n; i++) {
			fds[i].revents = revents_of(&fds[i]);
			count += fds[i].revents != 0;
		}
		if (count || plat_clock_monotonic_ns() >= deadline)
			return count;
		if (wait_step(deadline) < 0)
			return -EINTR;
	}
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	uint64_t wait = timeout_ms < 0 ? NEVER : (uint64_t)timeout_ms * 1000000;
	return uc_syscall_ret(do_poll(fds, n, deadline_after(wait)));
}

static int do_select(int n, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t deadline)
{
	for (;;) {
		fd_set r, w;
		int count = 0;
		FD_ZERO(&r);
		FD_ZERO(&w);
		for (int fd = 0; fd < n; fd++) {
			int want_r = rd && FD_ISSET(fd, rd), want_w = wr && FD_ISSET(fd, wr);
			struct uc_file *f;
			if (!want_r && !want_w)
				continue;
			f = uc_fd_get(fd);
			if (!f)
				return -EBADF;
			if (want_r && ready(f, 0)) {
				FD_SET(fd, &r);
				count++;
			}
			if (want_w && ready(f, 1)) {
				FD_SET(fd, &w);
				count++;
			}
		}
		if (count || plat_clock_monotonic_ns() >= deadline) {
			if (rd)
				*rd = r;
			if (wr)
				*wr = w;
			if (ex)
				FD_ZERO(ex);    /* no exceptional conditions exist here */
			return count;
		}
		if (wait_step(deadline) < 0)
			return -EINTR;
	}
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
