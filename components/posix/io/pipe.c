/*
 * Pipes within the one process: a ring buffer between a read end and a
 * write end. There is no other thread or process to fill or drain a pipe
 * while we wait, so where Unix would block forever (reading an empty pipe
 * whose write end is still open, writing a full one) we answer EAGAIN
 * instead of hanging the machine.
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

#define PIPE_SIZE 65536

struct pipe {
	char buf[PIPE_SIZE];
	size_t head, len;
	int readers, writers;
};

static ssize_t pipe_read(struct uc_file *f, void *out, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	if (p->len == 0)
		return p->writers ? -EAGAIN : 0;
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
	if (p->len == PIPE_SIZE && len > 0)
		return -EAGAIN;
	while (done < len && p->len < PIPE_SIZE) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t n = tail >= p->head ? PIPE_SIZE - tail : p->head - tail;
		if (n > len - done)
			n = len - done;
		memcpy(p->buf + tail, (const char *)in + done, n);
		p->len += n;
		done += n;
	}
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
