/*
 * <mntent.h>: reading and writing mount tables in the fstab format
 * ("fsname dir type opts freq passno", spaces in fields as \040).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <mntent.h>
#include <stdlib.h>
#include <string.h>

FILE *setmntent(const char *file, const char *mode)
{
	return fopen(file, mode);
}

int endmntent(FILE *stream)
{
	if (stream)
		fclose(stream);
	return 1;   /* always 1, as in glibc */
}

/* Decodes the octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) in place. */
static char *unescape(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0');
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return s;
}

static char *field(char **cursor)
{
	char *s = *cursor + strspn(*cursor, " \t\n");
	char *end = s + strcspn(s, " \t\n");

	if (*end)
		*end++ = 0;
	*cursor = end;
	return unescape(s);
}

struct mntent *getmntent_r(FILE *stream, struct mntent *ent, char *buf, int len)
{
	while (fgets(buf, len, stream)) {
		char *cursor = buf + strspn(buf, " \t");

		if (!strchr(buf, '\n') && !feof(stream)) {
			/* Too long for buf: skip the rest of the line. */
			int c;
			while ((c = getc(stream)) != EOF && c != '\n')
				;
			continue;
		}
		if (*cursor == '#' || *cursor == '\n' || !*cursor)
			continue;
		ent->mnt_fsname = field(&cursor);
		ent->mnt_dir = field(&cursor);
		ent->mnt_type = field(&cursor);
		ent->mnt_opts = field(&cursor);
		ent->mnt_freq = atoi(field(&cursor));
		ent->mnt_passno = atoi(field(&cursor));
		if (!*ent->mnt_dir)
			continue;   /* not an entry */
		if (!*ent->mnt_type)
			ent->mnt_type = "";
		return ent;
	}
	return NULL;
}

struct mntent *getmntent(FILE *stream)
{
	static struct mntent ent;
	static char line[4096];

	return getmntent_r(stream, &ent, line, sizeof line);
}

static int put_escaped(FILE *stream, const char *s)
{
	for (; *s; s++) {
		int r = strchr(" \t\n\\", *s) ? fprintf(stream, "\\%03o", (unsigned char)*s) : fputc(*s, stream);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Appends ent to the end of stream; 0 on success, 1 on failure (glibc). */
int addmntent(FILE *stream, const struct mntent *ent)
{
	const char *fields[] = { ent->mnt_fsname, ent->mnt_dir, ent->mnt_type, ent->mnt_opts };

	if (fseek(stream, 0, SEEK_END) < 0)
		return 1;
	for (int i = 0; i < 4; i++)
		if (put_escaped(stream, fields[i]) < 0 || fputc(' ', stream) < 0)
			return 1;
	if (fprintf(stream, "%d %d\n", ent->mnt_freq, ent->mnt_passno) < 0)
		return 1;
	return fflush(stream) == EOF;
}

/* The option opt in the comma-separated list (as "opt" or "opt=value"). */
char *hasmntopt(const struct mntent *ent, const char *opt)
{
	size_t n = strlen(opt);

	for (char *p = ent->mnt_opts; p && *p; ) {
		if (!strncmp(p, opt, n) && (p[n] == 0 || p[n] == ',' || p[n] == '='))
			return p;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return NULL;
}
