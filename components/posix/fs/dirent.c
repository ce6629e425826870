/*
 * <dirent.h> (opendir, readdir, scandir ...) over a directory descriptor's
 * readdir operation. newlib 3.3.0 has none of these on generic targets.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicore/file.h>
#include "vfs.h"

struct __unicore_dir {
	int fd;
	struct dirent ent;
};

/* The directory file behind d, or NULL with errno set. */
static struct uc_file *dir_file(DIR *d)
{
	struct uc_file *f = d ? uc_fd_get(d->fd) : NULL;

	if (!f || !f->ops->readdir) {
		errno = EBADF;
		return NULL;
	}
	return f;
}

DIR *fdopendir(int fd)
{
	struct uc_file *f = uc_fd_get(fd);
	DIR *d;

	if (!f) {
		errno = EBADF;
		return NULL;
	}
	if (!f->ops->readdir) {
		errno = ENOTDIR;
		return NULL;
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

int fdclosedir(DIR *d)
{
	int fd;

	if (!dir_file(d))
		return -1;
	fd = d->fd;
	free(d);
	return fd;
}

int closedir(DIR *d)
{
	int fd = fdclosedir(d);

	return fd < 0 ? -1 : close(fd);
}

int dirfd(DIR *d)
{
	return dir_file(d) ? d->fd : -1;
}

/* Reentrant in itself: all state is in d. */
int readdir_r(DIR *restrict d, struct dirent *restrict ent, struct dirent **restrict result)
{
	struct uc_file *f = dir_file(d);
	int r;

	*result = NULL;
	if (!f)
		return EBADF;
	r = f->ops->readdir(f, ent);
	if (r < 0)
		return -r;
	if (r > 0)
		*result = ent;
	return 0;
}

struct dirent *readdir(DIR *d)
{
	struct dirent *result;
	int r = d ? readdir_r(d, &d->ent, &result) : EBADF;

	if (r) {
		errno = r;
		return NULL;
	}
	return result;
}

long telldir(DIR *d)
{
	struct uc_file *f = dir_file(d);

	return f ? f->pos : -1;
}

void seekdir(DIR *d, long pos)
{
	struct uc_file *f = dir_file(d);

	if (f && pos >= 0)
		f->pos = pos;
}

void rewinddir(DIR *d)
{
	seekdir(d, 0);
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

int versionsort(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

static int scan(DIR *d, struct dirent ***list,
	int (*filter)(const struct dirent *),
	int (*compar)(const struct dirent **, const struct dirent **))
{
	struct dirent **v = NULL, **grown, *e, *copy;
	size_t n = 0, cap = 0;

	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (filter && !filter(e))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(v, cap * sizeof *v);
			if (!grown)
				goto fail;
			v = grown;
		}
		copy = malloc(sizeof *copy);
		if (!copy)
			goto fail;
		*copy = *e;
		v[n++] = copy;
	}
	if (errno)
		goto fail;
	if (compar && n)
		qsort(v, n, sizeof *v, (int (*)(const void *, const void *))compar);
	*list = v;
	return n;
fail:
	while (n)
		free(v[--n]);
	free(v);
	if (!errno)
		errno = ENOMEM;
	return -1;
}

int scandirat(int dirfd, const char *path, struct dirent ***list,
	int (*filter)(const struct dirent *),
	int (*compar)(const struct dirent **, const struct dirent **))
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	int n, saved;

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	n = scan(d, list, filter, compar);
	saved = errno;
	closedir(d);
	errno = saved;
	return n;
}

int scandir(const char *path, struct dirent ***list,
	int (*filter)(const struct dirent *),
	int (*compar)(const struct dirent **, const struct dirent **))
{
	return scandirat(AT_FDCWD, path, list, filter, compar);
}
