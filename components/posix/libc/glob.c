/*
 * glob(): pathname expansion over the filesystem, one pattern component
 * at a time (opendir/readdir + fnmatch for components with wildcards,
 * stat for the plain ones).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct matches {
	char **v;
	size_t n, cap;
};

struct search {
	int flags;
	int (*errfunc)(const char *, int);
	struct matches found;
	char path[PATH_MAX];
};

static int has_magic(const char *p, size_t len, int flags)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\\' && !(flags & GLOB_NOESCAPE) && i + 1 < len)
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return 1;
	}
	return 0;
}

static int add(struct search *s, size_t len, int is_dir)
{
	int mark = is_dir && (s->flags & GLOB_MARK) && len && s->path[len - 1] != '/';
	char *copy = malloc(len + mark + 1);

	if (!copy)
		return GLOB_NOSPACE;
	memcpy(copy, s->path, len);
	if (mark)
		copy[len++] = '/';
	copy[len] = 0;
	if (s->found.n == s->found.cap) {
		size_t cap = s->found.cap ? 2 * s->found.cap : 16;
		char **v = realloc(s->found.v, cap * sizeof *v);
		if (!v) {
			free(copy);
			return GLOB_NOSPACE;
		}
		s->found.v = v;
		s->found.cap = cap;
	}
	s->found.v[s->found.n++] = copy;
	return 0;
}

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int expand(struct search *s, size_t len, const char *pat);

/* path[0..len) is an existing name the pattern so far matched; rest is
 * what follows it in the pattern ("" at the end, else starts with '/'). */
static int matched(struct search *s, size_t len, const char *rest)
{
	s->path[len] = 0;
	if (!*rest)
		return add(s, len, (s->flags & GLOB_MARK) && is_directory(s->path));
	if (!is_directory(s->path))
		return 0;
	while (*rest == '/') {
		if (len + 1 >= sizeof s->path)
			return 0;
		s->path[len++] = '/';
		rest++;
	}
	s->path[len] = 0;
	return *rest ? expand(s, len, rest) : add(s, len, 1);
}

/* A component without wildcards: the name itself, unescaped. */
static int literal(struct search *s, size_t len, const char *comp, size_t n, const char *rest)
{
	struct stat st;

	for (size_t i = 0; i < n; i++) {
		if (comp[i] == '\\' && !(s->flags & GLOB_NOESCAPE) && i + 1 < n)
			i++;
		if (len + 1 >= sizeof s->path)
			return 0;
		s->path[len++] = comp[i];
	}
	s->path[len] = 0;
	if (lstat(s->path, &st) < 0)
		return 0;
	return matched(s, len, rest);
}

static int wildcard(struct search *s, size_t len, const char *comp, size_t n, const char *rest)
{
	char pattern[NAME_MAX + 1];
	int fl = FNM_PERIOD | (s->flags & GLOB_NOESCAPE ? FNM_NOESCAPE : 0);
	struct dirent *de;
	DIR *dir;
	int r = 0;

	if (n > NAME_MAX)
		return 0;
	memcpy(pattern, comp, n);
	pattern[n] = 0;
	if (s->flags & GLOB_PERIOD)
		fl &= ~FNM_PERIOD;
	s->path[len] = 0;
	dir = opendir(len ? s->path : ".");
	if (!dir) {
		if ((s->errfunc && s->errfunc(len ? s->path : ".", errno)) || (s->flags & GLOB_ERR))
			return GLOB_ABORTED;
		return 0;
	}
	while (r == 0 && (de = readdir(dir))) {
		size_t nl = strlen(de->d_name);
		/* "." and ".." only come from a pattern that names them. */
		if ((!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) && pattern[0] != '.')
			continue;
		if (fnmatch(pattern, de->d_name, fl) || len + nl + 1 >= sizeof s->path)
			continue;
		memcpy(s->path + len, de->d_name, nl + 1);
		r = matched(s, len + nl, rest);
	}
	closedir(dir);
	return r;
}

/* Expands pat (no leading '/') below path[0..len). */
static int expand(struct search *s, size_t len, const char *pat)
{
	size_t n = strcspn(pat, "/");

	if (has_magic(pat, n, s->flags))
		return wildcard(s, len, pat, n, pat + n);
	return literal(s, len, pat, n, pat + n);
}

static int search_from_root_or_cwd(struct search *s, const char *pat)
{
	size_t len = 0;

	for (; *pat == '/'; pat++)
		if (len + 1 < sizeof s->path)
			s->path[len++] = '/';
	s->path[len] = 0;
	if (*pat)
		return expand(s, len, pat);
	return len ? add(s, len, 1) : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_matches(struct matches *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
}

/* Appends the new paths to g (after its gl_offs slots and old paths). */
static int store(glob_t *g, struct matches *m, int flags)
{
	size_t offs = flags & GLOB_DOOFFS ? g->gl_offs : 0;
	size_t old = flags & GLOB_APPEND ? g->gl_pathc : 0;
	int fresh = !(flags & GLOB_APPEND) || !g->gl_pathv;
	char **v = realloc(flags & GLOB_APPEND ? g->gl_pathv : NULL,
		(offs + old + m->n + 1) * sizeof *v);

	if (!v)
		return GLOB_NOSPACE;
	if (fresh)
		for (size_t i = 0; i < offs; i++)
			v[i] = NULL;
	memcpy(v + offs + old, m->v, m->n * sizeof *v);
	v[offs + old + m->n] = NULL;
	g->gl_pathv = v;
	g->gl_pathc = old + m->n;
	g->gl_flags = flags;
	free(m->v);
	return 0;
}

int glob(const char *restrict pat, int flags, int (*errfunc)(const char *, int), glob_t *restrict g)
{
	struct search *s = calloc(1, sizeof *s);
	int r;

	if (!s)
		return GLOB_NOSPACE;
	if (!(flags & GLOB_APPEND)) {
		g->gl_pathc = 0;
		g->gl_pathv = NULL;
		if (!(flags & GLOB_DOOFFS))
			g->gl_offs = 0;
	}
	s->flags = flags;
	s->errfunc = errfunc;
	r = search_from_root_or_cwd(s, pat);
	if (r == 0 && s->found.n == 0) {
		if ((flags & GLOB_NOCHECK) ||
		    ((flags & GLOB_NOMAGIC) && !has_magic(pat, strlen(pat), flags))) {
			size_t n = strlen(pat);
			if (n >= sizeof s->path)
				r = GLOB_NOSPACE;
			else {
				memcpy(s->path, pat, n);
				r = add(s, n, 0);
			}
		} else {
			r = GLOB_NOMATCH;
		}
	}
	if (r == 0 && !(flags & GLOB_NOSORT))
		qsort(s->found.v, s->found.n, sizeof *s->found.v, by_name);
	if (r == 0)
		r = store(g, &s->found, flags);
	if (r != 0)
		free_matches(&s->found);
	free(s);
	return r;
}

void globfree(glob_t *g)
{
	size_t offs = g->gl_flags & GLOB_DOOFFS ? g->gl_offs : 0;

	if (g->gl_pathv) {
		for (size_t i = 0; i < g->gl_pathc; i++)
			free(g->gl_pathv[offs + i]);
		free(g->gl_pathv);
	}
	g->gl_pathc = 0;
	g->gl_pathv = NULL;
}
