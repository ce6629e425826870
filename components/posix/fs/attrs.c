/*
 * The POSIX calls that read or change what a node is rather than where it
 * is: stat, access, chmod, chown, utimes, truncate, statvfs, pathconf,
 * umask. Everything runs as root, so permissions are stored and reported
 * but never refuse anything (except X_OK on a file nobody may execute).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>
#include <unicore/file.h>
#include "vfs.h"
#include "posix/core/core.h"
#include "host.h"


/* The node a *at() call names; AT_EMPTY_PATH with "" names dirfd itself. */
static int at_node(int dirfd, const char *path, int flags, int allowed, struct vfs_node **out)
{
	struct vfs_node *start;
	int r;

	if (flags & ~allowed)
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && path && !*path) {
		if (dirfd == AT_FDCWD) {
			*out = vfs_cwd();
			return 0;
		}
		return vfs_fd_node(dirfd, out);
	}
	r = vfs_at_dir(dirfd, path, &start);
	if (r == 0)
		r = vfs_resolve(start, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_FOLLOW, out);
	return r;
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags)
{
	struct vfs_node *n;
	int r;

	/* AT_EMPTY_PATH on a console or pipe: the descriptor table knows it. */
	if ((flags & AT_EMPTY_PATH) && path && !*path && dirfd != AT_FDCWD &&
	    vfs_fd_node(dirfd, &n) == -EINVAL)
		return fstat(dirfd, st);
	if (uc_host_files)
		return uc_syscall_ret(host_fstatat(dirfd, path, st, flags));
	r = at_node(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &n);
	if (r == 0)
		vfs_stat(n, st);
	return uc_syscall_ret(r);
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int _stat(const char *path, struct stat *st)
{
	return stat(path, st);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct vfs_node *n;
	int r;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return uc_syscall_ret(-EINVAL);
	if (uc_host_files)
		return uc_syscall_ret(host_faccessat(dirfd, path, mode, flags));
	r = at_node(dirfd, path, flags, AT_EACCESS | AT_SYMLINK_NOFOLLOW, &n);
	/* Root may read and write anything, and execute what anyone may. */
	if (r == 0 && (mode & X_OK) && !S_ISDIR(n->mode) && !(n->mode & 0111))
		r = -EACCES;
	return uc_syscall_ret(r);
}

int access(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, 0);
}

int euidaccess(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

int eaccess(const char *path, int mode)
{
	return euidaccess(path, mode);
}

static void set_mode(struct vfs_node *n, mode_t mode)
{
	n->mode = (n->mode & S_IFMT) | (mode & 07777);
	vfs_touch(n, VFS_CTIME);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	struct vfs_node *n;
	int r;

	if (uc_host_files)
		return uc_syscall_ret(host_fchmodat(dirfd, path, mode, flags));
	r = at_node(dirfd, path, flags, AT_SYMLINK_NOFOLLOW, &n);

	/* Linux cannot change a symlink's mode either. */
	if (r == 0 && S_ISLNK(n->mode))
		r = -EOPNOTSUPP;
	if (r == 0)
		set_mode(n, mode);
	return uc_syscall_ret(r);
}

int chmod(const char *path, mode_t mode)
{
	return fchmodat(AT_FDCWD, path, mode, 0);
}

int fchmod(int fd, mode_t mode)
{
	struct vfs_node *n;
	int r;

	if (host_is_host_fd(fd))
		return uc_syscall_ret(host_fchmod(fd, mode));
	r = vfs_fd_node(fd, &n);

	if (r == 0)
		set_mode(n, mode);
	return uc_syscall_ret(r);
}

static void set_owner(struct vfs_node *n, uid_t uid, gid_t gid)
{
	if (uid != (uid_t)-1)
		n->uid = uid;
	if (gid != (gid_t)-1)
		n->gid = gid;
	vfs_touch(n, VFS_CTIME);
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	struct vfs_node *n;
	int r = at_node(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &n);

	if (r == 0)
		set_owner(n, uid, gid);
	return uc_syscall_ret(r);
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, 0);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	struct vfs_node *n;
	int r = vfs_fd_node(fd, &n);

	if (r == 0)
		set_owner(n, uid, gid);
	return uc_syscall_ret(r);
}

/* times NULL: now; UTIME_NOW / UTIME_OMIT per field. */
static int set_times(struct vfs_node *n, const struct timespec *times)
{
	struct timespec now;
	int i;

	vfs_now(&now);
	for (i = 0; times && i < 2; i++)
		if (times[i].tv_nsec != UTIME_NOW && times[i].tv_nsec != UTIME_OMIT &&
		    (times[i].tv_nsec < 0 || times[i].tv_nsec >= 1000000000))
			return -EINVAL;
	if (!times || times[0].tv_nsec != UTIME_OMIT)
		n->atime = !times || times[0].tv_nsec == UTIME_NOW ? now : times[0];
	if (!times || times[1].tv_nsec != UTIME_OMIT)
		n->mtime = !times || times[1].tv_nsec == UTIME_NOW ? now : times[1];
	n->ctime = now;
	return 0;
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	struct vfs_node *n;
	int r;

	if (uc_host_files)
		return uc_syscall_ret(host_utimensat(dirfd, path, times, flags));
	r = at_node(dirfd, path, flags, AT_SYMLINK_NOFOLLOW, &n);

	if (r == 0)
		r = set_times(n, times);
	return uc_syscall_ret(r);
}

int futimens(int fd, const struct timespec *times)
{
	struct vfs_node *n;
	int r;

	if (host_is_host_fd(fd))
		return uc_syscall_ret(host_utimensat(fd, NULL, times, 0));
	r = vfs_fd_node(fd, &n);

	if (r == 0)
		r = set_times(n, times);
	return uc_syscall_ret(r);
}

static const struct timespec *from_timeval(const struct timeval *tv, struct timespec *ts)
{
	int i;

	if (!tv)
		return NULL;
	for (i = 0; i < 2; i++) {
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return ts;
}

int utimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];

	return utimensat(AT_FDCWD, path, from_timeval(tv, ts), 0);
}

int lutimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];

	return utimensat(AT_FDCWD, path, from_timeval(tv, ts), AT_SYMLINK_NOFOLLOW);
}

int futimesat(int dirfd, const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	if (!path)
		return futimens(dirfd, from_timeval(tv, ts));
	return utimensat(dirfd, path, from_timeval(tv, ts), 0);
}

int futimes(int fd, const struct timeval *tv)
{
	struct timespec ts[2];

	return futimens(fd, from_timeval(tv, ts));
}

int utime(const char *path, const struct utimbuf *times)
{
	struct timespec ts[2];

	if (!times)
		return utimensat(AT_FDCWD, path, NULL, 0);
	ts[0].tv_sec = times->actime;
	ts[1].tv_sec = times->modtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return utimensat(AT_FDCWD, path, ts, 0);
}

int truncate(const char *path, off_t len)
{
	struct vfs_node *n;
	int r;

	if (uc_host_files)
		return uc_syscall_ret(host_truncate(path, len));
	r = vfs_resolve(NULL, path, VFS_FOLLOW, &n);

	if (r == 0 && S_ISDIR(n->mode))
		r = -EISDIR;
	else if (r == 0 && !S_ISREG(n->mode))
		r = -EINVAL;
	if (r == 0)
		r = vfs_reg_resize(n, len);
	if (r == 0)
		vfs_touch(n, VFS_MTIME | VFS_CTIME);
	return uc_syscall_ret(r);
}

/* RAM is the disk: its size is the heap's, and free is what the heap has
 * not handed to malloc yet. (Not mallinfo(): this newlib's libc.a fills an
 * int-field struct while <malloc.h> declares size_t fields, so its numbers
 * are garbage and df showed negative use.) */
static void fill_statvfs(struct statvfs *sv)
{
	unsigned long bsize = 4096;

	memset(sv, 0, sizeof *sv);
	sv->f_bsize = bsize;
	sv->f_frsize = bsize;
	sv->f_blocks = uc_mem_total() / bsize;
	sv->f_bfree = sv->f_bavail = uc_mem_free() / bsize;
	sv->f_files = sv->f_blocks;
	sv->f_ffree = sv->f_favail = sv->f_bfree;
	sv->f_fsid = 1;
	sv->f_flag = ST_NOSUID;
	sv->f_namemax = 255;
}

int statvfs(const char *restrict path, struct statvfs *restrict sv)
{
	struct vfs_node *n;
	int r = vfs_resolve(NULL, path, VFS_FOLLOW, &n);

	if (r == 0)
		fill_statvfs(sv);
	return uc_syscall_ret(r);
}

int fstatvfs(int fd, struct statvfs *sv)
{
	if (!uc_fd_get(fd))
		return uc_syscall_ret(-EBADF);
	fill_statvfs(sv);
	return 0;
}

static long limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX: return LINK_MAX;
	case _PC_MAX_CANON: return 255;
	case _PC_MAX_INPUT: return 255;
	case _PC_NAME_MAX: return 255;
	case _PC_PATH_MAX: return PATH_MAX;
	case _PC_PIPE_BUF: return 4096;
	case _PC_CHOWN_RESTRICTED: return 1;
	case _PC_NO_TRUNC: return 1;
	case _PC_VDISABLE: return 0;
	case _PC_FILESIZEBITS: return 64;
	case _PC_2_SYMLINKS: return 1;
	case _PC_SYMLINK_MAX: return PATH_MAX - 1;
	case _PC_TIMESTAMP_RESOLUTION: return 1;
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
	case _PC_SYNC_IO:
	case _PC_ALLOC_SIZE_MIN:
	case _PC_REC_INCR_XFER_SIZE:
	case _PC_REC_MAX_XFER_SIZE:
	case _PC_REC_MIN_XFER_SIZE:
	case _PC_REC_XFER_ALIGN:
		return -1;  /* no limit / not applicable; errno untouched */
	default:
		errno = EINVAL;
		return -1;
	}
}

long pathconf(const char *path, int name)
{
	struct vfs_node *n;
	int r = vfs_resolve(NULL, path, VFS_FOLLOW, &n);

	return r < 0 ? uc_syscall_ret(r) : limit(name);
}

long fpathconf(int fd, int name)
{
	if (!uc_fd_get(fd))
		return uc_syscall_ret(-EBADF);
	return limit(name);
}

/* One process holds every lock there is; BSD locks only keep other
 * processes out, so taking or dropping one succeeds on any open file. */
int flock(int fd, int op)
{
	int kind = op & ~LOCK_NB;

	if (!uc_fd_get(fd))
		return uc_syscall_ret(-EBADF);
	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
		return uc_syscall_ret(-EINVAL);
	return 0;
}

/* Everything is in RAM already: there is nothing to write back. */
void sync(void)
{
}

static void to_statfs(const struct statvfs *sv, struct statfs *sf)
{
	*sf = (struct statfs){
		.f_type = TMPFS_MAGIC,
		.f_bsize = sv->f_bsize,
		.f_frsize = sv->f_frsize,
		.f_blocks = sv->f_blocks,
		.f_bfree = sv->f_bfree,
		.f_bavail = sv->f_bavail,
		.f_files = sv->f_files,
		.f_ffree = sv->f_ffree,
		.f_fsid = { { sv->f_fsid } },
		.f_namelen = sv->f_namemax,
		.f_flags = sv->f_flag,
	};
}

int statfs(const char *path, struct statfs *sf)
{
	struct statvfs sv;

	if (statvfs(path, &sv) < 0)
		return -1;
	to_statfs(&sv, sf);
	return 0;
}

int fstatfs(int fd, struct statfs *sf)
{
	struct statvfs sv;

	if (fstatvfs(fd, &sv) < 0)
		return -1;
	to_statfs(&sv, sf);
	return 0;
}
