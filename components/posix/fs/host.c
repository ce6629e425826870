/*
 * Path and file calls on the build machine's filesystem (host.h): Linux
 * x86_64 system calls through uc_host_call (core/host.c, which translates
 * errno), with Linux's flag, AT_* and struct stat encodings translated to
 * newlib's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicore/file.h>
#include "vfs.h"
#include "posix/core/core.h"
#include "host.h"

enum {
	LX_read = 0, LX_write = 1, LX_close = 3, LX_fstat = 5, LX_lseek = 8,
	LX_ftruncate = 77, LX_getcwd = 79, LX_chdir = 80, LX_fchdir = 81,
	LX_fchmod = 91, LX_truncate = 76, LX_getdents64 = 217,
	LX_openat = 257, LX_mkdirat = 258, LX_mknodat = 259, LX_newfstatat = 262,
	LX_unlinkat = 263, LX_renameat = 264, LX_linkat = 265, LX_symlinkat = 266,
	LX_readlinkat = 267, LX_fchmodat = 268, LX_faccessat = 269, LX_utimensat = 280,
};
#define LX_AT_FDCWD (-100)
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define LX_AT_REMOVEDIR 0x200
#define LX_AT_SYMLINK_FOLLOW 0x400
#define LX_AT_EACCESS 0x200
#define LX_O_PATH 010000000

static long sys(long nr, long a, long b, long c, long d, long e)
{
	return uc_host_call(nr, a, b, c, d, e, 0);
}

/* ---- open host files ---- */

struct host_file {
	int fd;
	int len, at;          /* getdents64 buffer */
	char buf[2048];
};

static int hfd(struct uc_file *f)
{
	return ((struct host_file *)f->priv)->fd;
}

static ssize_t h_read(struct uc_file *f, void *buf, size_t len)
{
	return sys(LX_read, hfd(f), (long)buf, len, 0, 0);
}

static ssize_t h_write(struct uc_file *f, const void *buf, size_t len)
{
	return sys(LX_write, hfd(f), (long)buf, len, 0, 0);
}

static off_t h_lseek(struct uc_file *f, off_t off, int whence)
{
	struct host_file *h = f->priv;

	h->len = h->at = 0;
	return sys(LX_lseek, h->fd, off, whence, 0, 0);
}

/* Linux x86_64's struct stat. */
struct lx_stat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid, pad;
	unsigned long rdev;
	long size, blksize, blocks;
	struct timespec atim, mtim, ctim;
	long unused[3];
};

static void from_lx_stat(const struct lx_stat *l, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = l->dev;
	st->st_ino = l->ino;
	st->st_nlink = l->nlink;
	st->st_mode = l->mode;
	st->st_uid = l->uid;
	st->st_gid = l->gid;
	st->st_rdev = l->rdev;
	st->st_size = l->size;
	st->st_blksize = l->blksize;
	st->st_blocks = l->blocks;
	st->st_atim = l->atim;
	st->st_mtim = l->mtim;
	st->st_ctim = l->ctim;
}

static int h_fstat(struct uc_file *f, struct stat *st)
{
	struct lx_stat l;
	long r = sys(LX_fstat, hfd(f), (long)&l, 0, 0, 0);

	if (r == 0)
		from_lx_stat(&l, st);
	return r;
}

static int h_readdir(struct uc_file *f, struct dirent *out)
{
	struct host_file *h = f->priv;

	if (h->at >= h->len) {
		long n = sys(LX_getdents64, h->fd, (long)h->buf, sizeof h->buf, 0, 0);
		if (n <= 0)
			return n;
		h->len = n;
		h->at = 0;
	}
	/* struct linux_dirent64: ino, off, reclen, type, name. */
	char *e = h->buf + h->at;
	unsigned short reclen;
	memcpy(&out->d_ino, e, 8);
	memcpy(&out->d_off, e + 8, 8);
	memcpy(&reclen, e + 16, 2);
	out->d_type = (unsigned char)e[18];
	out->d_reclen = sizeof *out;
	strncpy(out->d_name, e + 19, sizeof out->d_name - 1);
	out->d_name[sizeof out->d_name - 1] = 0;
	h->at += reclen;
	return 1;
}

static int h_ftruncate(struct uc_file *f, off_t len)
{
	return sys(LX_ftruncate, hfd(f), len, 0, 0, 0);
}

static int h_isatty(struct uc_file *f)
{
	char termios[64];
	return sys(16 /* ioctl */, hfd(f), 0x5401 /* TCGETS */, (long)termios, 0, 0) == 0;
}

static int h_poll_ready(struct uc_file *f, int for_write)
{
	struct { int fd; short events, revents; } p = { hfd(f), for_write ? 4 : 1, 0 };
	struct timespec zero = { 0, 0 };
	return sys(271 /* ppoll */, (long)&p, 1, (long)&zero, 0, 0) > 0;
}

static void h_release(struct uc_file *f)
{
	struct host_file *h = f->priv;

	sys(LX_close, h->fd, 0, 0, 0, 0);
	free(h);
}

static const struct uc_file_ops host_ops = {
	.read = h_read, .write = h_write, .lseek = h_lseek, .fstat = h_fstat,
	.readdir = h_readdir, .ftruncate = h_ftruncate, .poll_ready = h_poll_ready,
	.isatty = h_isatty, .release = h_release,
};

int host_is_host_fd(int fd)
{
	struct uc_file *f = uc_fd_get(fd);
	return f && f->ops == &host_ops;
}

/* The host descriptor a *at() call starts from. */
static int host_dir(int dirfd, const char *path, long *out)
{
	struct uc_file *f;

	*out = LX_AT_FDCWD;
	if (dirfd == AT_FDCWD || (path && *path == '/'))
		return 0;
	f = uc_fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (f->ops != &host_ops)
		return -ENOTDIR;
	*out = hfd(f);
	return 0;
}

static long lx_open_flags(int flags)
{
	static const struct { int uc; long lx; } bits[] = {
		{ O_CREAT, 0100 }, { O_EXCL, 0200 }, { O_NOCTTY, 0400 },
		{ O_TRUNC, 01000 }, { O_APPEND, 02000 }, { O_NONBLOCK, 04000 },
		{ O_SYNC, 04010000 }, { O_DIRECTORY, 0200000 },
		{ O_NOFOLLOW, 0400000 }, { O_CLOEXEC, 02000000 },
	};
	long lx = flags & O_ACCMODE;

	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (flags & bits[i].uc)
			lx |= bits[i].lx;
	return lx;
}

/* A file description for host descriptor fd (taken over), or NULL. */
static struct uc_file *host_file(long fd, int flags)
{
	struct host_file *h = calloc(1, sizeof *h);
	struct uc_file *f = h ? uc_file_new(&host_ops, flags, h) : NULL;

	if (!f) {
		free(h);
		return NULL;
	}
	h->fd = fd;
	return f;
}

void host_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		struct uc_file *f = host_file(fd, O_RDWR);
		if (!f)
			return;
		close(fd);
		if (uc_fd_install(f, fd) != fd)
			uc_file_put(f);
	}
}

int host_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	struct uc_file *f;
	long dir;
	long r = host_dir(dirfd, path, &dir);

	if (r < 0)
		return r;
	r = sys(LX_openat, dir, (long)path, lx_open_flags(flags), mode, 0);
	if (r < 0)
		return r;
	f = host_file(r, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	if (!f) {
		sys(LX_close, r, 0, 0, 0, 0);
		return -ENOMEM;
	}
	return vfs_fd_install(f, flags);
}

/* ---- path calls ---- */

#define AT1(dirfd, path) long dir; long r = host_dir(dirfd, path, &dir); if (r < 0) return r

int host_mkdirat(int dirfd, const char *path, mode_t mode)
{
	AT1(dirfd, path);
	return sys(LX_mkdirat, dir, (long)path, mode, 0, 0);
}

int host_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	AT1(dirfd, path);
	return sys(LX_mknodat, dir, (long)path, mode, dev, 0);
}

int host_unlinkat(int dirfd, const char *path, int flags)
{
	AT1(dirfd, path);
	return sys(LX_unlinkat, dir, (long)path, flags & AT_REMOVEDIR ? LX_AT_REMOVEDIR : 0, 0, 0);
}

int host_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	long newdir;
	AT1(olddirfd, oldpath);
	r = host_dir(newdirfd, newpath, &newdir);
	return r < 0 ? r : sys(LX_renameat, dir, (long)oldpath, newdir, (long)newpath, 0);
}

int host_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	long newdir;
	AT1(olddirfd, oldpath);
	r = host_dir(newdirfd, newpath, &newdir);
	return r < 0 ? r : sys(LX_linkat, dir, (long)oldpath, newdir, (long)newpath,
		flags & AT_SYMLINK_FOLLOW ? LX_AT_SYMLINK_FOLLOW : 0);
}

int host_symlinkat(const char *target, int dirfd, const char *path)
{
	AT1(dirfd, path);
	return sys(LX_symlinkat, (long)target, dir, (long)path, 0, 0);
}

ssize_t host_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	AT1(dirfd, path);
	return sys(LX_readlinkat, dir, (long)path, (long)buf, size, 0);
}

int host_chdir(const char *path)
{
	return sys(LX_chdir, (long)path, 0, 0, 0, 0);
}

int host_fchdir(int fd)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return -EBADF;
	return f->ops == &host_ops ? sys(LX_fchdir, hfd(f), 0, 0, 0, 0) : -ENOTDIR;
}

int host_getcwd(char *buf, size_t size)
{
	long r = sys(LX_getcwd, (long)buf, size, 0, 0, 0);
	return r < 0 ? r : 0;
}

/* The kernel knows the canonical name of what an O_PATH descriptor holds. */
int host_realpath(const char *path, char *out)
{
	char proc[32];
	long fd = sys(LX_openat, LX_AT_FDCWD, (long)path, LX_O_PATH | 02000000, 0, 0);
	long n;

	if (fd < 0)
		return fd;
	snprintf(proc, sizeof proc, "/proc/self/fd/%ld", fd);
	n = sys(LX_readlinkat, LX_AT_FDCWD, (long)proc, (long)out, PATH_MAX - 1, 0);
	sys(LX_close, fd, 0, 0, 0, 0);
	if (n < 0)
		return n;
	out[n] = 0;
	return 0;
}

int host_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct lx_stat l;
	AT1(dirfd, path);
	r = sys(LX_newfstatat, dir, (long)path, (long)&l,
		flags & AT_SYMLINK_NOFOLLOW ? LX_AT_SYMLINK_NOFOLLOW : 0, 0);
	if (r == 0)
		from_lx_stat(&l, st);
	return r;
}

int host_faccessat(int dirfd, const char *path, int mode, int flags)
{
	AT1(dirfd, path);
	(void)flags;    /* one user: real and effective ids are the same */
	return sys(LX_faccessat, dir, (long)path, mode, 0, 0);
}

int host_fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	AT1(dirfd, path);
	(void)flags;
	return sys(LX_fchmodat, dir, (long)path, mode, 0, 0);
}

int host_fchmod(int fd, mode_t mode)
{
	struct uc_file *f = uc_fd_get(fd);
	return f ? sys(LX_fchmod, hfd(f), mode, 0, 0, 0) : -EBADF;
}

int host_utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	/* UTIME_NOW and UTIME_OMIT have Linux's values (sys/stat.h). A NULL path
	 * is futimens: the descriptor itself. */
	long dir;
	long r = path ? host_dir(dirfd, path, &dir) : -EBADF;

	if (!path) {
		struct uc_file *f = uc_fd_get(dirfd);
		if (!f || f->ops != &host_ops)
			return r;
		dir = hfd(f);
	} else if (r < 0) {
		return r;
	}
	return sys(LX_utimensat, dir, (long)path, (long)times,
		flags & AT_SYMLINK_NOFOLLOW ? LX_AT_SYMLINK_NOFOLLOW : 0, 0);
}

int host_truncate(const char *path, off_t len)
{
	return sys(LX_truncate, (long)path, len, 0, 0, 0);
}
