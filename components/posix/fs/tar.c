/*
 * uc_vfs_unpack_tar: the boot archive (bake --rootfs) into the tree.
 * Reads ustar (names split over the prefix field), with GNU long names
 * ('L', 'K') and pax path/linkpath records as a courtesy. Regular files
 * keep pointing into the archive, which stays in the image, until first
 * written: a big read-only tree costs no RAM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicore/file.h>
#include "vfs.h"

#define BLOCK 512

struct header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12], chksum[8];
	char type, linkname[100], magic[6], version[2], uname[32], gname[32];
	char devmajor[8], devminor[8], prefix[155], pad[12];
};

/* A name or link target too long for the header, from the entry before. */
struct longname {
	const char *name, *link;
	size_t name_len, link_len;
};

static void warn(const char *what, const char *name)
{
	/* fputs, not fprintf: printf's code would be in every image for this. */
	fputs("unicore: rootfs archive: ", stderr);
	fputs(name, stderr);
	fputs(": ", stderr);
	fputs(what, stderr);
	fputs("\n", stderr);
}

/* Octal, or base-256 (high bit set) as GNU tar writes big numbers. */
static unsigned long long number(const char *p, size_t len)
{
	unsigned long long v = 0;
	size_t i = 0;

	if ((unsigned char)p[0] & 0x80) {
		v = p[0] & 0x3f;
		for (i = 1; i < len; i++)
			v = v << 8 | (unsigned char)p[i];
		return v;
	}
	while (i < len && (p[i] == ' ' || p[i] == 0))
		i++;
	for (; i < len && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (p[i] - '0');
	return v;
}

static int checksum_ok(const struct header *h)
{
	const unsigned char *b = (const unsigned char *)h;
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : b[i];
	return sum == number(h->chksum, sizeof h->chksum);
}

static int is_zero_block(const char *b)
{
	size_t i;

	for (i = 0; i < BLOCK; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Copies a header string field that may lack its NUL. */
static void field(char *out, const char *in, size_t len)
{
	size_t n = strnlen(in, len);

	memcpy(out, in, n);
	out[n] = 0;
}

/* Makes every directory leading to path (archives may omit them). */
static int make_parents(char *path)
{
	struct vfs_node *n, *dir = vfs_root();
	struct vfs_dentry *d;
	char *p = path, *slash;
	int r;

	while ((slash = strchr(p, '/')) != NULL) {
		*slash = 0;
		if (*p && strcmp(p, ".") != 0) {
			d = vfs_dir_find(dir, p);
			if (!d) {
				r = vfs_create(dir, p, S_IFDIR | 0755, &n);
				if (r < 0)
					return r;
				vfs_node_close(n);
				dir = n;
			} else if (S_ISDIR(d->node->mode)) {
				dir = d->node;
			} else {
				return -ENOTDIR;
			}
		}
		*slash = '/';
		p = slash + 1;
	}
	return 0;
}

/* Removes an existing non-directory at the last name so the entry replaces it. */
static int clear_name(struct vfs_lookup *l)
{
	struct vfs_dentry *d;

	if (!l->node || S_ISDIR(l->node->mode))
		return 0;
	d = vfs_dir_find(l->dir, l->name);
	if (d)
		vfs_dir_remove(l->dir, d);
	l->node = NULL;
	return 0;
}

static int add_entry(const struct header *h, const char *path, const char *link,
	const char *data, size_t size)
{
	mode_t perm = number(h->mode, sizeof h->mode) & 07777;
	struct vfs_lookup l;
	struct vfs_node *n = NULL;
	char buf[4096];
	int r;

	if (strlen(path) >= sizeof buf)
		return -ENAMETOOLONG;
	strcpy(buf, path);
	r = make_parents(buf);
	if (r == 0)
		r = vfs_lookup(vfs_root(), path, 0, &l);
	if (r < 0)
		return r;
	if (l.node == vfs_root() || (h->type == '5' && l.node && S_ISDIR(l.node->mode))) {
		l.node->mode = S_IFDIR | perm;   /* existing directory: new mode */
		n = l.node;
		n->opens++;
	} else {
		clear_name(&l);
		if (l.node)
			return -EISDIR;
		switch (h->type) {
		case '5':
			r = vfs_create(l.dir, l.name, S_IFDIR | perm, &n);
			break;
		case '2':
			r = vfs_create(l.dir, l.name, S_IFLNK | 0777, &n);
			if (r == 0 && !(n->u.lnk.target = strdup(link)))
				r = -ENOMEM;
			break;
		case '1': {
			struct vfs_node *target;
			r = vfs_resolve(vfs_root(), link, 0, &target);
			if (r == 0 && S_ISDIR(target->mode))
				r = -EPERM;
			if (r == 0)
				r = vfs_dir_add(l.dir, l.name, target);
			return r;
		}
		default:
			r = vfs_create(l.dir, l.name, S_IFREG | perm, &n);
			if (r == 0) {
				n->u.reg.data = (char *)data;   /* copied on first write */
				n->u.reg.size = size;
			}
		}
		if (r < 0)
			return r;
	}
	n->uid = number(h->uid, sizeof h->uid);
	n->gid = number(h->gid, sizeof h->gid);
	n->mtime.tv_sec = number(h->mtime, sizeof h->mtime);
	n->mtime.tv_nsec = 0;
	vfs_node_close(n);
	return 0;
}

/* Takes "path=" and "linkpath=" from pax extended header records. */
static void pax_records(const char *p, size_t len, struct longname *ln)
{
	const char *end = p + len;

	while (p < end) {
		char *rec;
		unsigned long n = strtoul(p, &rec, 10);
		const char *next = p + n;
		if (n == 0 || next > end || *rec != ' ')
			return;
		rec++;
		if (strncmp(rec, "path=", 5) == 0) {
			ln->name = rec + 5;
			ln->name_len = next - 1 - ln->name;
		} else if (strncmp(rec, "linkpath=", 9) == 0) {
			ln->link = rec + 9;
			ln->link_len = next - 1 - ln->link;
		}
		p = next;
	}
}

/* The entry's full name, without leading "./" or "/" ("" for the root). */
static int entry_name(const struct header *h, const struct longname *ln, char *out, size_t size)
{
	char name[101], prefix[156];
	const char *p;
	size_t len;

	if (ln->name) {
		len = ln->name_len;
		if (len >= size)
			return -ENAMETOOLONG;
		memcpy(out, ln->name, len);
		out[len] = 0;
	} else {
		/* prefix/name: at most 155 + 1 + 100 bytes (no snprintf: it would
		 * bring printf's 14 KiB into every image). */
		field(name, h->name, sizeof h->name);
		field(prefix, h->prefix, sizeof h->prefix);
		if (size < sizeof prefix + sizeof name)
			return -ENAMETOOLONG;
		out[0] = 0;
		if (*prefix && memcmp(h->magic, "ustar", 6) == 0) {
			strcpy(out, prefix);
			strcat(out, "/");
		}
		strcat(out, name);
	}
	for (p = out;;) {
		if (*p == '/')
			p++;
		else if (p[0] == '.' && (p[1] == '/' || p[1] == 0))
			p++;
		else
			break;
	}
	memmove(out, p, strlen(p) + 1);
	len = strlen(out);
	while (len && out[len - 1] == '/')
		out[--len] = 0;
	return 0;
}

static int unpack_entry(const struct header *h, struct longname *ln, const char *data, size_t size)
{
	char path[4096], link[4096];
	int r;

	r = entry_name(h, ln, path, sizeof path);
	if (ln->link) {
		size_t n = ln->link_len < sizeof link ? ln->link_len : sizeof link - 1;
		memcpy(link, ln->link, n);
		link[n] = 0;
	} else {
		field(link, h->linkname, sizeof h->linkname);
	}
	memset(ln, 0, sizeof *ln);
	if (r < 0) {
		warn("name too long, skipped", h->name);
		return 0;
	}
	switch (h->type) {
	case '0': case '\0': case '7': case '1': case '2': case '5':
		break;
	default:
		warn("not a file, directory or link, skipped", path);
		return 0;
	}
	if (!*path) {
		if (h->type != '5')
			return 0;
		strcpy(path, ".");
	}
	r = add_entry(h, path, link, data, size);
	if (r < 0)
		warn(strerror(-r), path);
	return r == -ENOSPC || r == -ENOMEM ? r : 0;
}

int uc_vfs_unpack_tar(const void *archive, size_t len)
{
	const char *p = archive, *end = p + len;
	struct longname ln = { 0 };

	vfs_root();
	while (p && end - p >= BLOCK) {
		const struct header *h = (const struct header *)p;
		size_t size, padded;
		int r;

		if (is_zero_block(p))
			break;
		if (!checksum_ok(h)) {
			warn("bad header checksum, rest of the archive ignored", "?");
			return -EINVAL;
		}
		size = number(h->size, sizeof h->size);
		padded = (size + BLOCK - 1) / BLOCK * BLOCK;
		if (h->type == '1' || h->type == '2' || h->type == '5')
			padded = size = 0;
		p += BLOCK;
		if ((size_t)(end - p) < size) {
			warn("truncated archive, last entry ignored", h->name);
			return -EINVAL;
		}
		if (h->type == 'L') {
			ln.name = p;
			ln.name_len = strnlen(p, size);
		} else if (h->type == 'K') {
			ln.link = p;
			ln.link_len = strnlen(p, size);
		} else if (h->type == 'x') {
			pax_records(p, size, &ln);
		} else if (h->type == 'g') {
			/* global pax header: nothing we use */
		} else {
			r = unpack_entry(h, &ln, p, size);
			if (r < 0)
				return r;
		}
		p += padded < (size_t)(end - p) ? padded : (size_t)(end - p);
	}
	return 0;
}
