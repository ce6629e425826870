/*
 * Path resolution: "/", ".", "..", repeated slashes and symbolic links
 * (at most VFS_SYMLOOP_MAX of them per path, then ELOOP), with the errors
 * POSIX gives for each way a path can be wrong.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "vfs.h"

static int walk(struct vfs_node *start, const char *path, int flags, int *links,
	struct vfs_lookup *out);

/* Follows the symlink n found in dir to the node it names (which must exist). */
static int follow(struct vfs_node *dir, struct vfs_node *n, int *links, struct vfs_lookup *out)
{
	if (++*links > VFS_SYMLOOP_MAX)
		return -ELOOP;
	return walk(dir, n->u.lnk.target, VFS_FOLLOW, links, out);
}

/* Copies the component at p into name; returns its length or -errno. */
static int component(const char *p, char *name)
{
	size_t len = strcspn(p, "/");

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, p, len);
	name[len] = 0;
	return len;
}

static int walk(struct vfs_node *start, const char *path, int flags, int *links,
	struct vfs_lookup *out)
{
	struct vfs_node *dir = start ? start : vfs_cwd();
	struct vfs_dentry *d;
	const char *p = path;
	int len, r;

	if (!*path)
		return -ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (*p == '/')
		dir = vfs_root();
	while (*p == '/')
		p++;
	/* "/" itself: the root, reached through itself. */
	out->dir = dir;
	out->node = dir;
	strcpy(out->name, ".");
	out->trailing_slash = 0;

	while (*p) {
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		len = component(p, out->name);
		if (len < 0)
			return len;
		p += len;
		out->trailing_slash = *p == '/';
		while (*p == '/')
			p++;
		out->dir = dir;
		if (strcmp(out->name, ".") == 0) {
			out->node = dir;
		} else if (strcmp(out->name, "..") == 0) {
			/* A removed directory's parent may be gone too. */
			if (dir->nlink == 0)
				return -ENOENT;
			out->node = dir->u.dir.parent;
		} else {
			d = vfs_dir_find(dir, out->name);
			out->node = d ? d->node : NULL;
		}
		if (!*p)
			break;
		/* An inner component: must be an existing directory. */
		if (!out->node)
			return -ENOENT;
		if (S_ISLNK(out->node->mode)) {
			struct vfs_lookup target;
			r = follow(dir, out->node, links, &target);
			if (r < 0)
				return r;
			if (!target.node)
				return -ENOENT;
			out->node = target.node;
		}
		if (!S_ISDIR(out->node->mode))
			return -ENOTDIR;
		dir = out->node;
	}
	/* The last component. A trailing slash means "a directory", so a
	 * symlink before it is followed whatever the caller asked. */
	if (out->node && S_ISLNK(out->node->mode) && ((flags & VFS_FOLLOW) || out->trailing_slash)) {
		int slash = out->trailing_slash;
		r = follow(out->dir, out->node, links, out);
		if (r < 0)
			return r;
		out->trailing_slash |= slash;
	}
	if (out->node && out->trailing_slash && !S_ISDIR(out->node->mode))
		return -ENOTDIR;
	return 0;
}

int vfs_lookup(struct vfs_node *start, const char *path, int flags, struct vfs_lookup *out)
{
	int links = 0;

	if (!path)
		return -EFAULT;
	return walk(start, path, flags, &links, out);
}

int vfs_resolve(struct vfs_node *start, const char *path, int flags, struct vfs_node **out)
{
	struct vfs_lookup l;
	int r = vfs_lookup(start, path, flags, &l);

	if (r < 0)
		return r;
	if (!l.node)
		return -ENOENT;
	*out = l.node;
	return 0;
}

static const char *name_in_parent(struct vfs_node *dir)
{
	struct vfs_dentry *d;

	for (d = dir->u.dir.parent->u.dir.first; d; d = d->next)
		if (d->node == dir)
			return d->name;
	return NULL;
}

/* Builds the path from the end of buf backwards, then moves it to the front. */
int vfs_path_of(struct vfs_node *dir, char *buf, size_t size)
{
	struct vfs_node *root = vfs_root();
	size_t end = size, len;
	const char *name;

	if (size == 0)
		return -EINVAL;
	if (dir->nlink == 0)
		return -ENOENT;     /* the directory was removed */
	if (dir == root) {
		if (size < 2)
			return -ERANGE;
		strcpy(buf, "/");
		return 0;
	}
	buf[--end] = 0;
	for (; dir != root; dir = dir->u.dir.parent) {
		name = name_in_parent(dir);
		if (!name)
			return -ENOENT;
		len = strlen(name);
		if (end < len + 1)
			return -ERANGE;
		end -= len;
		memcpy(buf + end, name, len);
		buf[--end] = '/';
	}
	memmove(buf, buf + end, size - end);
	return 0;
}
