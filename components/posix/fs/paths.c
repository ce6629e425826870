/*
 * The POSIX calls that create, remove and rename names, and the current
 * directory: open, mkdir, unlink, remove, rename, link, symlink, chdir, getcwd ...
 * with the *at() forms and the underscore names newlib may call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <reent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicore/file.h>
#include "vfs.h"
#include "posix/core/core.h"
#include "host.h"

int vfs_fd_install(struct uc_file *f, int flags)
{
	int r = uc_fd_install(f, 0);

	if (r < 0)
		uc_file_put(f);
	else if (flags & O_CLOEXEC)
		fcntl(r, F_SETFD, FD_CLOEXEC);
	return r;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	struct vfs_node *start;
	struct uc_file *f;
	int r;

	if (uc_host_files)
		return host_openat(dirfd, path, flags, mode);
	r = vfs_at_dir(dirfd, path, &start);
	if (r == 0)
		r = vfs_open_at(start, path, flags, mode, &f);
	if (r < 0)
		return r;
	return vfs_fd_install(f, flags);
}

/* open and openat: the mode argument is there only with O_CREAT. */
static int vopenat(int dirfd, const char *path, int flags, va_list ap)
{
	mode_t mode = flags & O_CREAT ? va_arg(ap, int) : 0;

	return uc_syscall_ret(do_openat(dirfd, path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int r = vopenat(dirfd, path, flags, ap);
	va_end(ap);
	return r;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int r = vopenat(AT_FDCWD, path, flags, ap);
	va_end(ap);
	return r;
}

int _open(const char *path, int flags, int mode)
{
	return uc_syscall_ret(do_openat(AT_FDCWD, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* Looks up the parent of a name to create; fails if the name exists. */
static int lookup_new(int dirfd, const char *path, struct vfs_lookup *l)
{
	struct vfs_node *start;
	int r = vfs_at_dir(dirfd, path, &start);

	if (r == 0)
		r = vfs_lookup(start, path, 0, l);
	if (r == 0 && l->node)
		r = -EEXIST;
	return r;
}

/* Makes a new node of type (S_IFDIR, S_IFREG) with mode less the umask. */
static int create_at(int dirfd, const char *path, mode_t type, mode_t mode)
{
	struct vfs_lookup l;
	struct vfs_node *n;
	int r = lookup_new(dirfd, path, &l);

	if (r == 0)
		r = vfs_create(l.dir, l.name, type | (mode & 07777 & ~vfs_umask()), &n);
	if (r == 0)
		vfs_node_close(n);
	return r;
}

static int do_mkdirat(int dirfd, const char *path, mode_t mode)
{
	if (uc_host_files)
		return host_mkdirat(dirfd, path, mode);
	return create_at(dirfd, path, S_IFDIR, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return uc_syscall_ret(do_mkdirat(dirfd, path, mode));
}

int mkdir(const char *path, mode_t mode)
{
	return uc_syscall_ret(do_mkdirat(AT_FDCWD, path, mode));
}

int _mkdir(const char *path, mode_t mode)
{
	return mkdir(path, mode);
}

/* Looks up an existing name to remove or rename, without following it. */
static int lookup_old(int dirfd, const char *path, struct vfs_lookup *l, struct vfs_dentry **d)
{
	struct vfs_node *start;
	int r = vfs_at_dir(dirfd, path, &start);

	if (r == 0)
		r = vfs_lookup(start, path, 0, l);
	if (r < 0)
		return r;
	if (!l->node)
		return -ENOENT;
	if (strcmp(l->name, ".") == 0 || strcmp(l->name, "..") == 0)
		return l->node == vfs_root() ? -EBUSY : strcmp(l->name, ".") == 0 ? -EINVAL : -ENOTEMPTY;
	*d = vfs_dir_find(l->dir, l->name);
	return *d ? 0 : -ENOENT;
}

static int do_rmdir(int dirfd, const char *path)
{
	struct vfs_lookup l;
	struct vfs_dentry *d;
	int r;

	if (uc_host_files)
		return host_unlinkat(dirfd, path, AT_REMOVEDIR);
	r = lookup_old(dirfd, path, &l, &d);
	if (r < 0)
		return r;
	if (!S_ISDIR(l.node->mode))
		return -ENOTDIR;
	if (!vfs_dir_is_empty(l.node))
		return -ENOTEMPTY;
	vfs_dir_remove(l.dir, d);
	return 0;
}

static int do_unlink(int dirfd, const char *path)
{
	struct vfs_lookup l;
	struct vfs_dentry *d;
	int r;

	if (uc_host_files)
		return host_unlinkat(dirfd, path, 0);
	r = lookup_old(dirfd, path, &l, &d);
	if (r == -EINVAL || r == -ENOTEMPTY || r == -EBUSY)
		return -EISDIR;
	if (r < 0)
		return r;
	if (S_ISDIR(l.node->mode))
		return -EISDIR;
	vfs_dir_remove(l.dir, d);
	return 0;
}

int rmdir(const char *path)
{
	return uc_syscall_ret(do_rmdir(AT_FDCWD, path));
}

int unlink(const char *path)
{
	return uc_syscall_ret(do_unlink(AT_FDCWD, path));
}

int _unlink(const char *path)
{
	return unlink(path);
}

/* C's remove: unlink, or rmdir for a directory (newlib's only unlinks). */
int remove(const char *path)
{
	int r = uc_host_files ? host_unlinkat(AT_FDCWD, path, 0) : do_unlink(AT_FDCWD, path);

	if (r == -EISDIR)
		r = uc_host_files ? host_unlinkat(AT_FDCWD, path, AT_REMOVEDIR) : do_rmdir(AT_FDCWD, path);
	return uc_syscall_ret(r);
}

/* newlib's own callers (tmpfile, ...) use the reentrant name: the same call,
 * and it keeps newlib's remove.o, which defines both names, out of the link. */
int _remove_r(struct _reent *reent, const char *path)
{
	(void)reent;
	return remove(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return uc_syscall_ret(-EINVAL);
	return uc_syscall_ret(flags ? do_rmdir(dirfd, path) : do_unlink(dirfd, path));
}

/* Whether dir is n or lies inside it. */
static int is_within(struct vfs_node *dir, struct vfs_node *n)
{
	for (;; dir = dir->u.dir.parent) {
		if (dir == n)
			return 1;
		if (dir == vfs_root() || dir->nlink == 0)
			return 0;
	}
}

static int do_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	struct vfs_lookup o, n;
	struct vfs_dentry *od, *nd;
	struct vfs_node *start, *moved;
	int r;

	if (uc_host_files)
		return host_renameat(olddirfd, oldpath, newdirfd, newpath);
	r = lookup_old(olddirfd, oldpath, &o, &od);
	if (r == 0)
		r = vfs_at_dir(newdirfd, newpath, &start);
	if (r == 0)
		r = vfs_lookup(start, newpath, 0, &n);
	if (r < 0)
		return r;
	moved = o.node;
	if (strcmp(n.name, ".") == 0 || strcmp(n.name, "..") == 0)
		return n.node == vfs_root() ? -EBUSY : -EINVAL;
	if (!S_ISDIR(moved->mode) && (o.trailing_slash || n.trailing_slash))
		return -ENOTDIR;
	if (n.node == moved)
		return 0;       /* two names of one file: POSIX says do nothing */
	if (S_ISDIR(moved->mode)) {
		if (is_within(n.dir, moved))
			return -EINVAL;
		if (n.node && !S_ISDIR(n.node->mode))
			return -ENOTDIR;
		if (n.node && !vfs_dir_is_empty(n.node))
			return -ENOTEMPTY;
	} else if (n.node && S_ISDIR(n.node->mode)) {
		return -EISDIR;
	}
	if (n.node) {
		nd = vfs_dir_find(n.dir, n.name);
		vfs_dir_remove(n.dir, nd);
	}
	r = vfs_dir_add(n.dir, n.name, moved);
	if (r < 0)
		return r;
	vfs_dir_detach(o.dir, od);
	return 0;
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	return uc_syscall_ret(do_renameat(olddirfd, oldpath, newdirfd, newpath));
}

int _rename(const char *oldpath, const char *newpath)
{
	return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

static int do_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	struct vfs_node *start, *old;
	struct vfs_lookup l;
	int r;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	if (uc_host_files)
		return host_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
	r = vfs_at_dir(olddirfd, oldpath, &start);
	if (r == 0)
		r = vfs_resolve(start, oldpath, (flags & AT_SYMLINK_FOLLOW) ? VFS_FOLLOW : 0, &old);
	if (r == 0 && S_ISDIR(old->mode))
		r = -EPERM;
	if (r == 0 && old->nlink >= LINK_MAX)
		r = -EMLINK;
	if (r == 0)
		r = lookup_new(newdirfd, newpath, &l);
	if (r == 0)
		r = vfs_dir_add(l.dir, l.name, old);
	return r;
}

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
	return uc_syscall_ret(do_linkat(olddirfd, oldpath, newdirfd, newpath, flags));
}

int link(const char *oldpath, const char *newpath)
{
	return uc_syscall_ret(do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

int _link(const char *oldpath, const char *newpath)
{
	return link(oldpath, newpath);
}

static int do_symlinkat(const char *target, int dirfd, const char *path)
{
	struct vfs_lookup l;
	struct vfs_node *n;
	char *copy;
	int r;

	if (!target)
		return -EFAULT;
	if (!*target)
		return -ENOENT;
	if (strlen(target) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (uc_host_files)
		return host_symlinkat(target, dirfd, path);
	r = lookup_new(dirfd, path, &l);
	if (r < 0)
		return r;
	copy = strdup(target);
	if (!copy)
		return -ENOSPC;
	r = vfs_create(l.dir, l.name, S_IFLNK | 0777, &n);
	if (r < 0) {
		free(copy);
		return r;
	}
	n->u.lnk.target = copy;
	vfs_node_close(n);
	return 0;
}

int symlinkat(const char *target, int dirfd, const char *path)
{
	return uc_syscall_ret(do_symlinkat(target, dirfd, path));
}

int symlink(const char *target, const char *path)
{
	return uc_syscall_ret(do_symlinkat(target, AT_FDCWD, path));
}

static ssize_t do_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	struct vfs_node *start, *n;
	size_t len;
	int r;

	if (uc_host_files)
		return size ? host_readlinkat(dirfd, path, buf, size) : -EINVAL;
	r = vfs_at_dir(dirfd, path, &start);
	if (r == 0)
		r = vfs_resolve(start, path, 0, &n);
	if (r < 0)
		return r;
	if (!S_ISLNK(n->mode))
		return -EINVAL;
	if (size == 0)
		return -EINVAL;
	len = strlen(n->u.lnk.target);
	if (len > size)
		len = size;     /* truncated without a NUL, as POSIX says */
	memcpy(buf, n->u.lnk.target, len);
	return len;
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return uc_syscall_ret(do_readlinkat(dirfd, path, buf, size));
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
	return uc_syscall_ret(do_readlinkat(AT_FDCWD, path, buf, size));
}

static int enter(struct vfs_node *n)
{
	if (!S_ISDIR(n->mode))
		return -ENOTDIR;
	vfs_set_cwd(n);
	return 0;
}

int chdir(const char *path)
{
	struct vfs_node *n;
	int r;

	if (uc_host_files)
		return uc_syscall_ret(host_chdir(path));
	r = vfs_resolve(NULL, path, VFS_FOLLOW, &n);
	return uc_syscall_ret(r < 0 ? r : enter(n));
}

int fchdir(int fd)
{
	struct vfs_node *n;
	int r;

	if (uc_host_files)
		return uc_syscall_ret(host_fchdir(fd));
	r = vfs_fd_node(fd, &n);
	if (r == -EINVAL)
		r = -ENOTDIR;
	return uc_syscall_ret(r < 0 ? r : enter(n));
}

static int cwd_path(char *buf, size_t size)
{
	return uc_host_files ? host_getcwd(buf, size) : vfs_path_of(vfs_cwd(), buf, size);
}

/* POSIX getcwd, with the common extension: buf NULL allocates the result
 * (of at most size bytes if size is not 0). */
char *getcwd(char *buf, size_t size)
{
	char tmp[PATH_MAX];
	int r;

	if (buf) {
		r = cwd_path(buf, size);
		return uc_syscall_ret(r) < 0 ? NULL : buf;
	}
	r = cwd_path(tmp, sizeof tmp);
	if (r == 0 && size && strlen(tmp) >= size)
		r = -ERANGE;
	if (r < 0) {
		uc_syscall_ret(r);
		return NULL;
	}
	buf = strdup(tmp);
	if (!buf)
		errno = ENOMEM;
	return buf;
}

char *getwd(char *buf)
{
	return getcwd(buf, PATH_MAX);
}

char *get_current_dir_name(void)
{
	return getcwd(NULL, 0);
}

static int do_realpath(const char *path, char *out)
{
	struct vfs_lookup l;
	size_t len;
	int r;

	if (uc_host_files)
		return host_realpath(path, out);
	r = vfs_lookup(NULL, path, VFS_FOLLOW, &l);
	if (r < 0)
		return r;
	if (!l.node)
		return -ENOENT;
	if (S_ISDIR(l.node->mode))
		return vfs_path_of(l.node, out, PATH_MAX);
	r = vfs_path_of(l.dir, out, PATH_MAX);
	if (r < 0)
		return r;
	len = strlen(out);
	if (len + 1 + strlen(l.name) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (len > 1)
		out[len++] = '/';
	strcpy(out + len, l.name);
	return 0;
}

/* newlib 3.3.0 has no realpath for generic targets. */
char *realpath(const char *restrict path, char *restrict resolved)
{
	char tmp[PATH_MAX];
	int r;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	r = do_realpath(path, resolved ? resolved : tmp);
	if (r < 0) {
		uc_syscall_ret(r);
		return NULL;
	}
	if (resolved)
		return resolved;
	resolved = strdup(tmp);
	if (!resolved)
		errno = ENOMEM;
	return resolved;
}

char *canonicalize_file_name(const char *path)
{
	return realpath(path, NULL);
}

/* FIFOs need the pipe machinery behind a name, which is not there yet;
 * device numbers mean nothing here. Regular files may be made by mknod. */
static int do_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	if (uc_host_files)
		return host_mknodat(dirfd, path, mode, dev);
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
		return create_at(dirfd, path, S_IFREG, mode);
	case S_IFIFO:
		return -ENOSYS;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFSOCK:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	return uc_syscall_ret(do_mknodat(dirfd, path, mode, dev));
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return uc_syscall_ret(do_mknodat(AT_FDCWD, path, mode, dev));
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return uc_syscall_ret(do_mknodat(dirfd, path, S_IFIFO | (mode & 07777), 0));
}

int mkfifo(const char *path, mode_t mode)
{
	return mkfifoat(AT_FDCWD, path, mode);
}

/* There is one root and no way to leave it, so no chroot either. */
int chroot(const char *path)
{
	return uc_syscall_ret(-ENOSYS);
}
