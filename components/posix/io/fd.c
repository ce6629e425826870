/*
 * The file descriptor table and the calls that work on any descriptor
 * (unicore/file.h). What a file can do is up to its uc_file_ops.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <unicore/file.h>
#include "posix/core/core.h"

#define FD_MAX 1024

static struct {
	struct uc_file *file;
	int cloexec;
} table[FD_MAX];

struct uc_file *uc_file_new(const struct uc_file_ops *ops, int flags, void *priv)
{
	struct uc_file *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->ops = ops;
	f->flags = flags;
	f->refs = 1;
	f->priv = priv;
	return f;
}

int uc_fd_install(struct uc_file *f, int min)
{
	for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++) {
		if (!table[fd].file) {
			table[fd].file = f;
			table[fd].cloexec = 0;
			return fd;
		}
	}
	return -EMFILE;
}

struct uc_file *uc_fd_get(int fd)
{
	return fd >= 0 && fd < FD_MAX ? table[fd].file : NULL;
}

void uc_file_put(struct uc_file *f)
{
	if (--f->refs > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	free(f);
}

static int accmode(struct uc_file *f)
{
	return f->flags & O_ACCMODE;
}

static ssize_t file_read(struct uc_file *f, void *buf, size_t len)
{
	if (accmode(f) == O_WRONLY)
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	return f->ops->read(f, buf, len);
}

static ssize_t file_write(struct uc_file *f, const void *buf, size_t len)
{
	if (accmode(f) == O_RDONLY)
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	return f->ops->write(f, buf, len);
}

static off_t file_lseek(struct uc_file *f, off_t off, int whence)
{
	return f->ops->lseek ? f->ops->lseek(f, off, whence) : -ESPIPE;
}

ssize_t read(int fd, void *buf, size_t len)
{
	struct uc_file *f = uc_fd_get(fd);
	return uc_syscall_ret(f ? file_read(f, buf, len) : -EBADF);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	struct uc_file *f = uc_fd_get(fd);
	return uc_syscall_ret(f ? file_write(f, buf, len) : -EBADF);
}

off_t lseek(int fd, off_t off, int whence)
{
	struct uc_file *f = uc_fd_get(fd);
	return uc_syscall_ret(f ? file_lseek(f, off, whence) : -EBADF);
}

int close(int fd)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return uc_syscall_ret(-EBADF);
	table[fd].file = NULL;
	uc_file_put(f);
	return 0;
}

int fstat(int fd, struct stat *st)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return uc_syscall_ret(-EBADF);
	if (f->ops->fstat)
		return uc_syscall_ret(f->ops->fstat(f, st));
	memset(st, 0, sizeof *st);
	st->st_nlink = 1;
	st->st_blksize = 512;
	return 0;
}

int isatty(int fd)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f) {
		errno = EBADF;
		return 0;
	}
	if (f->ops->isatty && f->ops->isatty(f))
		return 1;
	errno = ENOTTY;
	return 0;
}

static int dup_at(int fd, int min, int cloexec)
{
	struct uc_file *f = uc_fd_get(fd);
	int r;

	if (!f)
		return -EBADF;
	if (min < 0 || min >= FD_MAX)
		return -EINVAL;
	f->refs++;
	r = uc_fd_install(f, min);
	if (r < 0)
		f->refs--;
	else
		table[r].cloexec = cloexec;
	return r;
}

int dup(int fd)
{
	return uc_syscall_ret(dup_at(fd, 0, 0));
}

int dup3(int fd, int to, int flags)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return uc_syscall_ret(-EBADF);
	if (to < 0 || to >= FD_MAX || fd == to || (flags & ~O_CLOEXEC))
		return uc_syscall_ret(fd == to ? -EINVAL : -EBADF);
	if (table[to].file)
		close(to);
	return uc_syscall_ret(dup_at(fd, to, !!(flags & O_CLOEXEC)));
}

int dup2(int fd, int to)
{
	if (fd == to)
		return uc_fd_get(fd) ? fd : uc_syscall_ret(-EBADF);
	return dup3(fd, to, 0);
}

/* The flags F_SETFL may change; the access mode and creation flags stay. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

int fcntl(int fd, int cmd, ...)
{
	struct uc_file *f = uc_fd_get(fd);
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (!f)
		return uc_syscall_ret(-EBADF);
	switch (cmd) {
	case F_DUPFD:
		return uc_syscall_ret(dup_at(fd, (int)arg, 0));
	case F_DUPFD_CLOEXEC:
		return uc_syscall_ret(dup_at(fd, (int)arg, 1));
	case F_GETFD:
		return table[fd].cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		table[fd].cloexec = !!((int)arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	case F_GETLK: {
		/* One process holds every lock there is, and its own locks never
		 * conflict with it: the region is free as far as it can tell. */
		struct flock *fl = (struct flock *)arg;
		fl->l_type = F_UNLCK;
		return 0;
	}
	case F_SETLK:
	case F_SETLKW:
		/* Advisory locks only exclude other processes; there are none, so
		 * taking or releasing one always succeeds, as on Unix. */
		return 0;
	default:
		return uc_syscall_ret(-EINVAL);
	}
}

int ftruncate(int fd, off_t len)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return uc_syscall_ret(-EBADF);
	if (len < 0)
		return uc_syscall_ret(-EINVAL);
	if (accmode(f) == O_RDONLY || !f->ops->ftruncate)
		return uc_syscall_ret(-EINVAL);
	return uc_syscall_ret(f->ops->ftruncate(f, len));
}

/* Everything lives in RAM: once write returned, the data is as stored as
 * it will ever be. */
int fsync(int fd)
{
	return uc_fd_get(fd) ? 0 : uc_syscall_ret(-EBADF);
}

int fdatasync(int fd)
{
	return fsync(fd);
}

/* readv/writev: one call per buffer, stopping at the first short transfer. */
static ssize_t transfer_vec(int fd, const struct iovec *iov, int n,
			    ssize_t (*transfer)(int, void *, size_t))
{
	ssize_t total = 0;

	for (int i = 0; i < n; i++) {
		ssize_t r = transfer(fd, iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return total ? total : -1;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

static ssize_t write_mutable(int fd, void *buf, size_t len)
{
	return write(fd, buf, len);
}

ssize_t readv(int fd, const struct iovec *iov, int n)
{
	return transfer_vec(fd, iov, n, read);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	return transfer_vec(fd, iov, n, write_mutable);
}

/* Positioned I/O: move, transfer, move back (there is only one thread). */
static ssize_t at_offset(int fd, void *buf, size_t len, off_t off, int writing)
{
	struct uc_file *f = uc_fd_get(fd);
	off_t saved;
	ssize_t r;

	if (!f)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	saved = file_lseek(f, 0, SEEK_CUR);
	if (saved < 0)
		return saved;
	r = file_lseek(f, off, SEEK_SET);
	if (r >= 0)
		r = writing ? file_write(f, buf, len) : file_read(f, buf, len);
	file_lseek(f, saved, SEEK_SET);
	return r;
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return uc_syscall_ret(at_offset(fd, buf, len, off, 0));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return uc_syscall_ret(at_offset(fd, (void *)buf, len, off, 1));
}

int getdtablesize(void)
{
	return FD_MAX;
}

/* The underscore names, for code written against libgloss conventions. */
ssize_t _read(int, void *, size_t) __attribute__((alias("read")));
ssize_t _write(int, const void *, size_t) __attribute__((alias("write")));
off_t _lseek(int, off_t, int) __attribute__((alias("lseek")));
int _close(int) __attribute__((alias("close")));
int _fstat(int, struct stat *) __attribute__((alias("fstat")));
int _isatty(int) __attribute__((alias("isatty")));
int _fcntl(int, int, ...) __attribute__((alias("fcntl")));
