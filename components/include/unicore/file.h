/*
 * Open files inside the POSIX layer: what the file descriptor table
 * (components/posix/io/fd.c) and the things that can be opened (the console,
 * the in-memory filesystem, pipes) agree on. Internal to the runtime.
 *
 * Errors are returned as -errno; only the libc-facing functions set errno.
 */
#ifndef UNICORE_FILE_H
#define UNICORE_FILE_H

#include <sys/types.h>
#include <sys/stat.h>

struct uc_file;
struct dirent;

/* What an open file can do. A NULL operation means "not supported": the fd
 * layer answers EINVAL for read/write/lseek on it (ESPIPE for lseek),
 * ENOTDIR for getdents, and fills a minimal stat for fstat. */
struct uc_file_ops {
	ssize_t (*read)(struct uc_file *f, void *buf, size_t len);
	ssize_t (*write)(struct uc_file *f, const void *buf, size_t len);
	off_t (*lseek)(struct uc_file *f, off_t off, int whence);
	int (*fstat)(struct uc_file *f, struct stat *st);
	/* Fills at most one directory entry at the file's position and advances
	 * it; returns 1, 0 at the end, or -errno. */
	int (*readdir)(struct uc_file *f, struct dirent *out);
	int (*ftruncate)(struct uc_file *f, off_t len);
	/* Whether read would not block (console, pipes); NULL means always ready. */
	int (*poll_ready)(struct uc_file *f, int for_write);
	int (*isatty)(struct uc_file *f);
	/* Called when the last descriptor referring to the file is closed. */
	void (*release)(struct uc_file *f);
};

/* One open file description, shared by dup()ed descriptors. */
struct uc_file {
	const struct uc_file_ops *ops;
	int flags;        /* O_ACCMODE | O_APPEND | O_NONBLOCK as given to open */
	int refs;         /* descriptors pointing here */
	off_t pos;        /* for seekable files */
	void *priv;       /* the owner's state (inode, pipe, ...) */
};

/* Allocates a file description with one reference (not yet in the table). */
struct uc_file *uc_file_new(const struct uc_file_ops *ops, int flags, void *priv);
/* Installs f at the lowest free descriptor >= min; returns it or -EMFILE.
 * On success the table owns the caller's reference. */
int uc_fd_install(struct uc_file *f, int min);
/* The file behind fd, or NULL (the caller does not get a reference). */
struct uc_file *uc_fd_get(int fd);
/* Drops one reference; releases the file at zero. */
void uc_file_put(struct uc_file *f);

/* The in-memory filesystem (components/posix/fs/): opens path (relative to
 * the current directory) and returns a new file description in *out. */
int uc_vfs_open(const char *path, int flags, mode_t mode, struct uc_file **out);
/* Makes the tree every Unix has (/tmp, /dev and its devices, /etc/mtab);
 * once at boot, before anything else touches the filesystem. */
void uc_vfs_init(void);
/* Unpacks a ustar archive into the filesystem at boot. */
int uc_vfs_unpack_tar(const void *archive, size_t len);

/* The console as files 0, 1 and 2 (components/posix/io/console.c). */
void uc_console_fds_init(void);

#endif
