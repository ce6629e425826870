/*
 * /dev: the character devices software takes for granted on Unix.
 *   null, zero, full    as on Linux (full: writes fail with ENOSPC)
 *   random, urandom     the runtime's random bytes (never block)
 *   stdin/stdout/stderr the files behind descriptors 0, 1, 2, shared as by dup()
 *   tty, console        the console, if descriptors 0-2 are on a terminal
 *                       (raw serial console); ENXIO otherwise (framed channel,
 *                       linuxu with redirected streams): there is no terminal
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unicore/file.h>
#include <unicore/random.h>
#include "vfs.h"

#define DEV(major, minor) ((dev_t)((major) << 8 | (minor)))

static ssize_t null_read(struct uc_file *f, void *buf, size_t len)
{
	return 0;
}

static ssize_t sink_write(struct uc_file *f, const void *buf, size_t len)
{
	return len;
}

static ssize_t zero_read(struct uc_file *f, void *buf, size_t len)
{
	memset(buf, 0, len);
	return len;
}

static ssize_t random_read(struct uc_file *f, void *buf, size_t len)
{
	uc_random_fill(buf, len);
	return len;
}

static ssize_t full_write(struct uc_file *f, const void *buf, size_t len)
{
	return -ENOSPC;
}

static off_t dev_lseek(struct uc_file *f, off_t off, int whence)
{
	return f->pos = 0;
}

static int dev_fstat(struct uc_file *f, struct stat *st)
{
	vfs_stat(f->priv, st);
	return 0;
}

static void dev_release(struct uc_file *f)
{
	vfs_node_close(f->priv);
}

static const struct uc_file_ops null_ops = {
	.read = null_read, .write = sink_write, .lseek = dev_lseek,
	.fstat = dev_fstat, .release = dev_release,
};
static const struct uc_file_ops zero_ops = {
	.read = zero_read, .write = sink_write, .lseek = dev_lseek,
	.fstat = dev_fstat, .release = dev_release,
};
static const struct uc_file_ops full_ops = {
	.read = zero_read, .write = full_write, .lseek = dev_lseek,
	.fstat = dev_fstat, .release = dev_release,
};

static const struct uc_file_ops random_ops = {
	.read = random_read, .write = sink_write, .lseek = dev_lseek,
	.fstat = dev_fstat, .release = dev_release,
};

static const struct {
	const char *name;
	struct vfs_device dev;
} devices[] = {
	{ "null", { DEV(1, 3), &null_ops, -1 } },
	{ "zero", { DEV(1, 5), &zero_ops, -1 } },
	{ "full", { DEV(1, 7), &full_ops, -1 } },
	{ "random", { DEV(1, 8), &random_ops, -1 } },
	{ "urandom", { DEV(1, 9), &random_ops, -1 } },
	{ "tty", { DEV(5, 0), NULL, VFS_ALIAS_TTY } },
	{ "console", { DEV(5, 1), NULL, VFS_ALIAS_TTY } },
	{ "stdin", { DEV(136, 0), NULL, 0 } },
	{ "stdout", { DEV(136, 1), NULL, 1 } },
	{ "stderr", { DEV(136, 2), NULL, 2 } },
};

void vfs_dev_populate(struct vfs_node *devdir)
{
	struct vfs_node *n;
	size_t i;

	for (i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		if (vfs_create(devdir, devices[i].name, S_IFCHR | 0666, &n) < 0)
			continue;
		n->u.dev = &devices[i].dev;
		vfs_node_close(n);
	}
}
