/*
 * The in-memory filesystem, inside components/posix/fs/: a tree of nodes
 * (directories, regular files, symbolic links, devices) rooted at "/",
 * all in RAM. Functions return 0 or -errno; only the POSIX entry points in
 * paths.c, attrs.c and dirent.c set errno (uc_syscall_ret, core.h).
 */
#ifndef UNICORE_VFS_H
#define UNICORE_VFS_H

#include <errno.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>

struct uc_file;

/* A character device: /dev/null, /dev/zero ... Files opened on it use ops
 * with the node as priv; an alias (/dev/stdin) has no ops and reopens the
 * file behind descriptor alias_fd instead (-1: no such device). */
struct vfs_device {
	dev_t rdev;
	const struct uc_file_ops *ops;
	int alias_fd;
};
/* alias_fd of /dev/tty: whichever of 0-2 is a terminal, opened afresh. */
#define VFS_ALIAS_TTY 3

struct vfs_dentry;

struct vfs_node {
	mode_t mode;            /* S_IFMT type and permission bits */
	nlink_t nlink;          /* names referring to the node */
	int opens;              /* open file descriptions (and the cwd) holding it */
	ino_t ino;
	uid_t uid;
	gid_t gid;
	struct timespec atime, mtime, ctime;
	union {
		struct {
			char *data;
			size_t size;
			/* 0 while data still points into the read-only boot
			 * archive: the first write copies it (copy on write). */
			size_t cap;
		} reg;
		struct {
			struct vfs_dentry *first, *last;
			struct vfs_node *parent;  /* ".."; the root is its own */
			long next_cookie;         /* readdir positions never reused */
		} dir;
		struct {
			char *target;
		} lnk;
		const struct vfs_device *dev;
	} u;
};

/* One name in a directory. Cookies give readdir stable positions: 0 and 1
 * are "." and "..", entries count up from 2 in creation order. */
struct vfs_dentry {
	struct vfs_dentry *next;
	struct vfs_node *node;
	long cookie;
	char name[];
};

/* ---- node.c: nodes and directories ---- */
struct vfs_node *vfs_root(void);
struct vfs_node *vfs_cwd(void);
void vfs_set_cwd(struct vfs_node *dir);
struct vfs_node *vfs_node_new(mode_t mode);
/* Drops an open reference; frees the node when nothing refers to it. */
void vfs_node_close(struct vfs_node *n);
struct vfs_dentry *vfs_dir_find(struct vfs_node *dir, const char *name);
int vfs_dir_add(struct vfs_node *dir, const char *name, struct vfs_node *n);
/* Removes the name from dir and drops that link of its node. */
void vfs_dir_remove(struct vfs_node *dir, struct vfs_dentry *d);
/* Forgets an old name of a node that vfs_dir_add gave a new one (rename). */
void vfs_dir_detach(struct vfs_node *dir, struct vfs_dentry *d);
int vfs_dir_is_empty(const struct vfs_node *dir);
/* Makes a new node of the given type under dir. */
int vfs_create(struct vfs_node *dir, const char *name, mode_t mode, struct vfs_node **out);
int vfs_reg_resize(struct vfs_node *n, off_t size);
int vfs_reg_write(struct vfs_node *n, off_t pos, const void *buf, size_t len);
void vfs_stat(const struct vfs_node *n, struct stat *st);
void vfs_now(struct timespec *ts);
void vfs_touch(struct vfs_node *n, int what);
#define VFS_ATIME 1
#define VFS_MTIME 2
#define VFS_CTIME 4

/* ---- lookup.c: path resolution ---- */
#define VFS_SYMLOOP_MAX 40

/* The outcome of resolving a path: the directory holding the last name,
 * the last name itself, and the node it names (NULL if none). */
struct vfs_lookup {
	struct vfs_node *dir;
	struct vfs_node *node;
	char name[256];
	int trailing_slash;
};

#define VFS_FOLLOW 1    /* resolve a symlink in the last component */

/* Resolves path from start (NULL: the current directory). Fails only if a
 * directory on the way is missing; a missing last name leaves node NULL. */
int vfs_lookup(struct vfs_node *start, const char *path, int flags, struct vfs_lookup *out);
/* Like vfs_lookup, but the last name must exist. */
int vfs_resolve(struct vfs_node *start, const char *path, int flags, struct vfs_node **out);
/* Writes the absolute path of a directory into buf. */
int vfs_path_of(struct vfs_node *dir, char *buf, size_t size);

/* ---- open.c: open files ---- */
int vfs_open_at(struct vfs_node *start, const char *path, int flags, mode_t mode,
	struct uc_file **out);
int vfs_open_node(struct vfs_node *n, int flags, struct uc_file **out);
/* The node behind an open file, or NULL if the file is not ours. */
struct vfs_node *vfs_file_node(struct uc_file *f);
/* The node behind fd: -EBADF if fd is not open, -EINVAL if not ours. */
int vfs_fd_node(int fd, struct vfs_node **out);
/* The directory to resolve a *at() path from: NULL for AT_FDCWD. */
int vfs_at_dir(int dirfd, const char *path, struct vfs_node **out);
/* Gives an opened file its descriptor (FD_CLOEXEC for O_CLOEXEC); drops f on failure. */
int vfs_fd_install(struct uc_file *f, int flags);
/* The file mode creation mask, for the calls that create nodes. */
mode_t vfs_umask(void);

/* ---- dev.c: device nodes under /dev (made by uc_vfs_init, init.c) ---- */
void vfs_dev_populate(struct vfs_node *devdir);

#endif
