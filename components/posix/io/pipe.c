/*
 * Pipes within the one process: a ring buffer between a read end and a
 * write end. Reading an empty pipe whose write end is open (writing a full
 * one) blocks the thread until another thread changes that; with no other
 * thread to do it, it would hang the machine, so it answers EAGAIN then.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicore/file.h>
#include "posix/core/core.h"
#include "posix/thread/pthread_impl.h"
#include "posix/thread/sched.h"

#define PIPE_SIZE 65536

struct pipe {
	char buf[PIPE_SIZE];
	size_t head, len;
	int readers, writers;
};

/* Something changed: threads blocked on the pipe or polling look again. */
static void changed(struct pipe *p)
{
	uc_sched_wake(p, 1);
	uc_sched_notify();
}

/* Blocks while the pipe is full (for_write) or empty and the other end
 * is open; -EAGAIN if that would be forever or O_NONBLOCK says not to. */
static int wait_for(struct uc_file *f, struct pipe *p, int for_write)
{
	for (;;) {
		int busy = for_write ? p->readers && p->len == PIPE_SIZE : p->writers && p->len == 0;
		if (!busy)
			return 0;
		if ((f->flags & O_NONBLOCK) || uc_sched_count() == 1)
			return -EAGAIN;
		uc_cancel_point();
		uc_sched_sleep(p, UC_NEVER);
	}
}

static ssize_t pipe_read(struct uc_file *f, void *out, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;
	int r = len ? wait_for(f, p, 0) : 0;

	if (r < 0)
		return r;
	while (done < len && p->len > 0) {
		size_t n = PIPE_SIZE - p->head;
		if (n > p->len)
			n = p->len;
		if (n > len - done)
			n = len - done;
		memcpy((char *)out + done, p->buf + p->head, n);
		p->head = (p->head + n) % PIPE_SIZE;
		p->len -= n;
		done += n;
	}
	if (done)
		changed(p);
	return done;
}

static ssize_t pipe_write(struct uc_file *f, const void *in, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	if (!p->readers) {
		raise(SIGPIPE);
		return -EPIPE;
	}
	if (len > 0 && p->len == PIPE_SIZE) {
		int r = wait_for(f, p, 1);
		if (r < 0)
			return r;
		if (!p->readers) {
			raise(SIGPIPE);
			return -EPIPE;
		}
	}
	while (done < len && p->len < PIPE_SIZE) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t n = tail >= p->head ? PIPE_SIZE - tail : p->head - tail;
		if (n > len - done)
			n = len - done;
		memcpy(p->buf + tail, (const char *)in + done, n);
		p->len += n;
		done += n;
	}
	if (done)
		changed(p);
	return done;
}

static int pipe_fstat(struct uc_file *f, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = PIPE_SIZE;
	st->st_ino = (ino_t)(uintptr_t)f->priv;
	return 0;
}

static int pipe_poll_ready(struct uc_file *f, int for_write)
{
	struct pipe *p = f->priv;

	if (for_write)
		return !p->readers || p->len < PIPE_SIZE;
	return p->len > 0 || !p->writers;
}

static void pipe_release(struct uc_file *f)
{
	struct pipe *p = f->priv;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	if (!p->readers && !p->writers)
		free(p);
	else
		changed(p);
}

static const struct uc_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.fstat = pipe_fstat,
	.poll_ready = pipe_poll_ready,
	.release = pipe_release,
};

static int make_pipe(int fds[2], int flags)
{
	struct pipe *p;
	struct uc_file *r, *w;
	int extra = flags & O_NONBLOCK;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	p = calloc(1, sizeof *p);
	r = uc_file_new(&pipe_ops, O_RDONLY | extra, p);
	w = uc_file_new(&pipe_ops, O_WRONLY | extra, p);
	if (!p || !r || !w) {
		free(p);
		free(r);
		free(w);
		return -ENFILE;
	}
	p->readers = p->writers = 1;
	fds[0] = uc_fd_install(r, 0);
	if (fds[0] < 0) {
		uc_file_put(r);
		uc_file_put(w);
		return -EMFILE;
	}
	fds[1] = uc_fd_install(w, 0);
	if (fds[1] < 0) {
		close(fds[0]);
		uc_file_put(w);
		return -EMFILE;
	}
	if (flags & O_CLOEXEC) {
		fcntl(fds[0], F_SETFD, FD_CLOEXEC);
		fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

int pipe2(int fds[2], int flags)
{
	return uc_syscall_ret(make_pipe(fds, flags));
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}
