/*
 * Nodes of the in-memory filesystem: creation and freeing, directory
 * entries, the growable data of regular files, timestamps and stat.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vfs.h"

/* st_dev of every node: there is one filesystem. */
#define VFS_DEV 1

static struct vfs_node *root, *cwd;
static ino_t next_ino = 2;

static struct vfs_node *make_root(void)
{
	root = vfs_node_new(S_IFDIR | 0755);
	if (!root)
		return NULL;
	root->nlink = 2;        /* "." and its own ".." */
	root->opens = 1;        /* never freed */
	root->u.dir.parent = root;
	cwd = root;
	root->opens++;
	return root;
}

/* The root is made on first use, so it exists whichever part of the runtime
 * touches it first; uc_vfs_init (init.c) adds what every Unix has. */
struct vfs_node *vfs_root(void)
{
	return root ? root : make_root();
}

struct vfs_node *vfs_cwd(void)
{
	vfs_root();
	return cwd;
}

void vfs_set_cwd(struct vfs_node *dir)
{
	struct vfs_node *old = vfs_cwd();

	dir->opens++;
	cwd = dir;
	vfs_node_close(old);
}

void vfs_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_REALTIME, ts) != 0)
		ts->tv_sec = ts->tv_nsec = 0;
}

void vfs_touch(struct vfs_node *n, int what)
{
	struct timespec now;

	vfs_now(&now);
	if (what & VFS_ATIME)
		n->atime = now;
	if (what & VFS_MTIME)
		n->mtime = now;
	if (what & VFS_CTIME)
		n->ctime = now;
}

/* A new node with no names and one open reference (the caller's). */
struct vfs_node *vfs_node_new(mode_t mode)
{
	struct vfs_node *n = calloc(1, sizeof *n);

	if (!n)
		return NULL;
	n->mode = mode;
	n->opens = 1;
	n->ino = next_ino++;
	if (S_ISDIR(mode)) {
		n->nlink = 1;   /* its own "." */
		n->u.dir.next_cookie = 2;
	}
	vfs_touch(n, VFS_ATIME | VFS_MTIME | VFS_CTIME);
	return n;
}

static void node_free(struct vfs_node *n)
{
	if (S_ISREG(n->mode) && n->u.reg.cap)
		free(n->u.reg.data);
	else if (S_ISLNK(n->mode))
		free(n->u.lnk.target);
	free(n);
}

void vfs_node_close(struct vfs_node *n)
{
	if (--n->opens == 0 && n->nlink == 0)
		node_free(n);
}

struct vfs_dentry *vfs_dir_find(struct vfs_node *dir, const char *name)
{
	struct vfs_dentry *d;

	for (d = dir->u.dir.first; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

int vfs_dir_add(struct vfs_node *dir, const char *name, struct vfs_node *n)
{
	size_t len = strlen(name);
	struct vfs_dentry *d;

	/* A directory that was removed while open or current takes no names. */
	if (dir->nlink == 0)
		return -ENOENT;
	if (len > 255)
		return -ENAMETOOLONG;
	d = malloc(sizeof *d + len + 1);
	if (!d)
		return -ENOSPC;
	memcpy(d->name, name, len + 1);
	d->node = n;
	d->next = NULL;
	d->cookie = dir->u.dir.next_cookie++;
	if (dir->u.dir.last)
		dir->u.dir.last->next = d;
	else
		dir->u.dir.first = d;
	dir->u.dir.last = d;
	n->nlink++;
	if (S_ISDIR(n->mode)) {
		n->u.dir.parent = dir;
		dir->nlink++;
	}
	vfs_touch(dir, VFS_MTIME | VFS_CTIME);
	vfs_touch(n, VFS_CTIME);
	return 0;
}

/* Takes d out of dir's list and frees it. */
static void dentry_unlink(struct vfs_node *dir, struct vfs_dentry *d)
{
	struct vfs_dentry **pp, *prev = NULL;

	for (pp = &dir->u.dir.first; *pp != d; pp = &(*pp)->next)
		prev = *pp;
	*pp = d->next;
	if (dir->u.dir.last == d)
		dir->u.dir.last = prev;
	free(d);
	vfs_touch(dir, VFS_MTIME | VFS_CTIME);
}

void vfs_dir_remove(struct vfs_node *dir, struct vfs_dentry *d)
{
	struct vfs_node *n = d->node;

	dentry_unlink(dir, d);
	n->nlink--;
	if (S_ISDIR(n->mode)) {
		dir->nlink--;
		n->nlink--;     /* its "." goes with it: it was empty */
	}
	vfs_touch(n, VFS_CTIME);
	/* Still open somewhere: freed by the last vfs_node_close. */
	if (n->nlink == 0 && n->opens == 0)
		node_free(n);
}

/* The second half of a rename: d's node already has its new name. */
void vfs_dir_detach(struct vfs_node *dir, struct vfs_dentry *d)
{
	struct vfs_node *n = d->node;

	dentry_unlink(dir, d);
	n->nlink--;
	if (S_ISDIR(n->mode))
		dir->nlink--;   /* n's ".." now points elsewhere */
}

int vfs_dir_is_empty(const struct vfs_node *dir)
{
	return dir->u.dir.first == NULL;
}

int vfs_create(struct vfs_node *dir, const char *name, mode_t mode, struct vfs_node **out)
{
	struct vfs_node *n = vfs_node_new(mode);
	int r;

	if (!n)
		return -ENOSPC;
	r = vfs_dir_add(dir, name, n);
	if (r < 0) {
		vfs_node_close(n);   /* no links, so this frees it */
		return r;
	}
	*out = n;
	return 0;
}

/* Makes data private, copying it out of the boot archive if it is there. */
static int reg_own(struct vfs_node *n, size_t need)
{
	size_t cap = n->u.reg.cap;
	char *data;

	if (cap && need <= cap)
		return 0;
	if (need < 2 * cap)
		need = 2 * cap;
	if (need < 256)
		need = 256;
	if (cap) {
		data = realloc(n->u.reg.data, need);
	} else {
		data = malloc(need);
		if (data && n->u.reg.size)
			memcpy(data, n->u.reg.data, n->u.reg.size);
	}
	if (!data)
		return -ENOSPC;
	n->u.reg.data = data;
	n->u.reg.cap = need;
	return 0;
}

int vfs_reg_resize(struct vfs_node *n, off_t size)
{
	size_t old = n->u.reg.size;
	int r;

	if (size < 0)
		return -EINVAL;
	if ((unsigned long long)size > (size_t)-1 / 2)
		return -EFBIG;
	if ((size_t)size > old) {
		r = reg_own(n, size);
		if (r < 0)
			return r;
		memset(n->u.reg.data + old, 0, size - old);
	}
	n->u.reg.size = size;
	return 0;
}

int vfs_reg_write(struct vfs_node *n, off_t pos, const void *buf, size_t len)
{
	int r;

	if (pos < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if ((unsigned long long)pos + len > (size_t)-1 / 2)
		return -EFBIG;
	r = reg_own(n, n->u.reg.size);
	if (r == 0 && pos + len > n->u.reg.size)
		r = vfs_reg_resize(n, pos + len);   /* zero-fills a hole */
	if (r < 0)
		return r;
	memcpy(n->u.reg.data + pos, buf, len);
	return 0;
}

void vfs_stat(const struct vfs_node *n, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_dev = VFS_DEV;
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = n->nlink;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_atim = n->atime;
	st->st_mtim = n->mtime;
	st->st_ctim = n->ctime;
	st->st_blksize = 4096;
	if (S_ISREG(n->mode))
		st->st_size = n->u.reg.size;
	else if (S_ISLNK(n->mode))
		st->st_size = strlen(n->u.lnk.target);
	else if (S_ISDIR(n->mode))
		st->st_size = 4096;
	else if (S_ISCHR(n->mode))
		st->st_rdev = n->u.dev->rdev;
	st->st_blocks = (st->st_size + 511) / 512;
}
