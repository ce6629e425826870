/*
 * Opening nodes: uc_vfs_open (file.h) and the file operations of regular
 * files and directories, which the descriptor table (fd.c) calls; and where
 * the path calls start from: the node behind a descriptor, the directory of
 * an *at() call, the creation mask.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <unicore/file.h>
#include "vfs.h"

static int can_read(const struct uc_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static int can_write(const struct uc_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static ssize_t reg_read(struct uc_file *f, void *buf, size_t len)
{
	struct vfs_node *n = f->priv;
	size_t size = n->u.reg.size;

	if (!can_read(f))
		return -EBADF;
	if (f->pos >= (off_t)size)
		return 0;
	if (len > size - f->pos)
		len = size - f->pos;
	memcpy(buf, n->u.reg.data + f->pos, len);
	f->pos += len;
	vfs_touch(n, VFS_ATIME);
	return len;
}

static ssize_t reg_write(struct uc_file *f, const void *buf, size_t len)
{
	struct vfs_node *n = f->priv;
	int r;

	if (!can_write(f))
		return -EBADF;
	if (f->flags & O_APPEND)
		f->pos = n->u.reg.size;
	r = vfs_reg_write(n, f->pos, buf, len);
	if (r < 0)
		return r;
	f->pos += len;
	vfs_touch(n, VFS_MTIME | VFS_CTIME);
	return len;
}

static off_t seek_to(struct uc_file *f, off_t off, int whence, off_t end)
{
	off_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->pos; break;
	case SEEK_END: base = end; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > __LONG_MAX__ - off) || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static off_t reg_lseek(struct uc_file *f, off_t off, int whence)
{
	struct vfs_node *n = f->priv;

	return seek_to(f, off, whence, n->u.reg.size);
}

static int node_fstat(struct uc_file *f, struct stat *st)
{
	vfs_stat(f->priv, st);
	return 0;
}

static int reg_ftruncate(struct uc_file *f, off_t len)
{
	struct vfs_node *n = f->priv;
	int r;

	if (!can_write(f))
		return -EINVAL;
	r = vfs_reg_resize(n, len);
	if (r == 0)
		vfs_touch(n, VFS_MTIME | VFS_CTIME);
	return r;
}

static void node_release(struct uc_file *f)
{
	vfs_node_close(f->priv);
}

static unsigned char dtype(mode_t mode)
{
	return IFTODT(mode);
}

/* Position = cookie of the next entry to return (0 ".", 1 "..", then
 * entries in creation order), so removing entries never skips others. */
static int dir_readdir(struct uc_file *f, struct dirent *out)
{
	struct vfs_node *dir = f->priv;
	struct vfs_dentry *d;

	if (f->pos < 2) {
		struct vfs_node *n = f->pos == 0 ? dir : dir->u.dir.parent;
		if (dir->nlink == 0)
			return 0;   /* removed: it has no entries at all */
		out->d_ino = n->ino;
		out->d_type = DT_DIR;
		strcpy(out->d_name, f->pos == 0 ? "." : "..");
		out->d_off = ++f->pos;
		out->d_reclen = sizeof *out;
		return 1;
	}
	for (d = dir->u.dir.first; d && d->cookie < f->pos; d = d->next)
		;
	if (!d)
		return 0;
	out->d_ino = d->node->ino;
	out->d_type = dtype(d->node->mode);
	strcpy(out->d_name, d->name);
	f->pos = d->cookie + 1;
	out->d_off = f->pos;
	out->d_reclen = sizeof *out;
	vfs_touch(dir, VFS_ATIME);
	return 1;
}

static ssize_t dir_read(struct uc_file *f, void *buf, size_t len)
{
	return -EISDIR;
}

static off_t dir_lseek(struct uc_file *f, off_t off, int whence)
{
	if (whence != SEEK_SET)
		return -EINVAL;
	return seek_to(f, off, whence, 0);
}

static const struct uc_file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
	.lseek = reg_lseek,
	.fstat = node_fstat,
	.ftruncate = reg_ftruncate,
	.release = node_release,
};

static const struct uc_file_ops dir_ops = {
	.read = dir_read,
	.lseek = dir_lseek,
	.fstat = node_fstat,
	.readdir = dir_readdir,
	.release = node_release,
};

/* Symlinks opened with O_PATH|O_NOFOLLOW are not supported, so only
 * regular files and directories have files of their own. */
struct vfs_node *vfs_file_node(struct uc_file *f)
{
	if (f && (f->ops == &reg_ops || f->ops == &dir_ops))
		return f->priv;
	return NULL;
}

int vfs_fd_node(int fd, struct vfs_node **out)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return -EBADF;
	*out = vfs_file_node(f);
	return *out ? 0 : -EINVAL;
}

int vfs_at_dir(int dirfd, const char *path, struct vfs_node **out)
{
	struct vfs_node *n;
	int r;

	*out = NULL;
	if (dirfd == AT_FDCWD || (path && *path == '/'))
		return 0;
	r = vfs_fd_node(dirfd, &n);
	if (r == -EINVAL)
		return -ENOTDIR;    /* an open file that is not in the tree */
	if (r < 0)
		return r;
	if (!S_ISDIR(n->mode))
		return -ENOTDIR;
	*out = n;
	return 0;
}

/* umask() itself lives with the rest of the process state (proc.c). */
mode_t vfs_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return mask;
}

/* The terminal: a new description of the console file that is a tty.
 * Only files without a release hook can be opened twice like this. */
static int open_tty(int flags, struct uc_file **out)
{
	struct uc_file *f;
	int fd;

	for (fd = 0; fd < 3; fd++) {
		f = uc_fd_get(fd);
		if (f && f->ops->isatty && f->ops->isatty(f) && !f->ops->release) {
			*out = uc_file_new(f->ops, flags & (O_ACCMODE | O_NONBLOCK | O_APPEND), f->priv);
			return *out ? 0 : -ENOMEM;
		}
	}
	return -ENXIO;
}

/* /dev/stdin, /dev/stdout, /dev/stderr share the file behind 0, 1, 2. */
static int open_alias(const struct vfs_device *dev, int flags, struct uc_file **out)
{
	struct uc_file *f;

	if (dev->alias_fd == VFS_ALIAS_TTY)
		return open_tty(flags, out);
	f = uc_fd_get(dev->alias_fd);
	if (!f)
		return -ENOENT;
	f->refs++;
	*out = f;
	return 0;
}

int vfs_open_node(struct vfs_node *n, int flags, struct uc_file **out)
{
	const struct uc_file_ops *ops;
	int acc = flags & O_ACCMODE;

	if (S_ISCHR(n->mode)) {
		if (!n->u.dev->ops)
			return open_alias(n->u.dev, flags, out);
		ops = n->u.dev->ops;
	} else if (S_ISDIR(n->mode)) {
		if (acc != O_RDONLY)
			return -EISDIR;
		ops = &dir_ops;
	} else if (S_ISREG(n->mode)) {
		if (flags & O_DIRECTORY)
			return -ENOTDIR;
		ops = &reg_ops;
	} else if (S_ISLNK(n->mode)) {
		return -ELOOP;      /* O_NOFOLLOW on a symlink */
	} else {
		return -ENXIO;
	}
	if (acc == O_ACCMODE)
		return -EINVAL;
	if ((flags & O_TRUNC) && S_ISREG(n->mode) && acc != O_RDONLY) {
		int r = vfs_reg_resize(n, 0);
		if (r < 0)
			return r;
		vfs_touch(n, VFS_MTIME | VFS_CTIME);
	}
	*out = uc_file_new(ops, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY), n);
	if (!*out)
		return -ENOMEM;
	n->opens++;
	return 0;
}

int uc_vfs_open(const char *path, int flags, mode_t mode, struct uc_file **out)
{
	return vfs_open_at(NULL, path, flags, mode, out);
}

int vfs_open_at(struct vfs_node *start, const char *path, int flags, mode_t mode, struct uc_file **out)
{
	struct vfs_lookup l;
	int excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	/* O_EXCL never follows a symlink: a dangling one still "exists". */
	int follow = (flags & O_NOFOLLOW) || excl ? 0 : VFS_FOLLOW;
	int r = vfs_lookup(start, path, follow, &l);

	if (r < 0)
		return r;
	if (l.node) {
		if (excl)
			return -EEXIST;
		if ((flags & O_DIRECTORY) && !S_ISDIR(l.node->mode))
			return S_ISLNK(l.node->mode) ? -ELOOP : -ENOTDIR;
		if ((flags & O_CREAT) && S_ISDIR(l.node->mode))
			return -EISDIR;
		return vfs_open_node(l.node, flags, out);
	}
	if (!(flags & O_CREAT))
		return -ENOENT;
	if (l.trailing_slash || (flags & O_DIRECTORY))
		return -EISDIR;
	{
		struct vfs_node *n;
		r = vfs_create(l.dir, l.name, S_IFREG | (mode & 07777 & ~vfs_umask()), &n);
		if (r < 0)
			return r;
		/* Only the access mode matters: a new file is empty anyway. */
		r = vfs_open_node(n, flags & ~O_TRUNC, out);
		vfs_node_close(n);
		return r;
	}
}
